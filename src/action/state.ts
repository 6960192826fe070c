// Names of what main saves for the post step (GITHUB_STATE survives even a killed main).
export const STATE = {
  isPost: 'isPost',
  /** JSON {host, path, token}: saved before the lock is taken. */
  lock: 'lock',
  lockReleased: 'lock-released',
  /** The registry server the runner logged in to for a build ('' for Docker Hub), saved before the login. */
  runnerLogin: 'runner-login',
  runnerLoggedOut: 'runner-logged-out',
  /** hold-lock-on-error kept the lock after a failure: the post step leaves it. */
  lockKept: 'lock-kept'
} as const
