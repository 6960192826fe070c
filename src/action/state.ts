// Names of what main saves for the post step (GITHUB_STATE survives even a killed main).
import { randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
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

/**
 * Saves `name` for the post step at once, in the file-command format of @actions/core's
 * saveState (which needs @actions/core loaded): what main saves must be there even if main is
 * killed a moment later. False when the runner gave no GITHUB_STATE file.
 */
export function saveStateNow(env: Record<string, string | undefined>, name: string, value: string): boolean {
  const file = env['GITHUB_STATE']
  if (!file) return false
  const delimiter = `ghadelimiter_${randomUUID()}`
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`)
  return true
}
