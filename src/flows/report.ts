// What a run did, host by host: the action adapter turns this into outputs and the job summary.

export interface BootResult {
  host: string
  role: string
  versionBooted: string
  /** The version whose container was stopped after the new one became healthy. */
  versionStopped?: string
  /** Other running containers of the role stopped before the boot (leftovers of an earlier fault). */
  staleStopped?: string
  /**
   * A boot that did not succeed: the version the role runs on the host now ('' = none), when the
   * host said so (a failed health check keeps the old one; a cancel says what it left).
   */
  runs?: string
  /** A boot that ended before its new container ran: the role is as it was. */
  unchanged?: boolean
  /** `healthy`, `running` (no health check), or the state it was stuck in. */
  health: string
  /** Behind kamal-proxy: `switched` (traffic moved to the new container) or `failed` (old one kept). */
  proxy?: string
  ok: boolean
  seconds: number
  error?: string
}

export interface AccessoryResult {
  name: string
  host: string
  action: 'booted' | 'left running' | 'failed'
  seconds: number
  error?: string
}

/** One hook run: its name, how it ended and how long it took. */
export interface HookResult {
  name: string
  ok: boolean
  seconds: number
  /** Exit code (or signal) of a failed hook. */
  exit?: string
}

/** One host's (and role's) run of an `exec` command. */
export interface ExecRun {
  host: string
  role: string
  /** Exit code of the command (null: killed by a signal, or the connection was lost). */
  code: number | null
  seconds: number
}

export interface Failure {
  host?: string
  command?: string
  output?: string
  message: string
}

/** The image built and pushed on the runner (`build` input or command). */
export interface BuildReport {
  /** `<image>:<version>`, as pushed (with `:latest[-<destination>]`). */
  image: string
  /** The pushed manifest's (or, for several platforms, the index's) digest. */
  digest?: string
  /** Compressed bytes per platform as pushed (buildx), or the unpacked size in the runner's Docker. */
  sizes: { platform?: string; bytes: number; kind: 'compressed' | 'unpacked' }[]
  /** Which builder built it, e.g. `buildx builder kamal-local-docker-container`. */
  builder: string
  platforms: string[]
  seconds: number
}

export interface RunReport {
  command: string
  /** The command line as run (a Kamal line, after alias expansion), when it is not the command's bare word. */
  line?: string
  version: string
  previousVersion?: string
  hosts: string[]
  dockerInstalled: string[]
  boots: BootResult[]
  accessories: AccessoryResult[]
  lock: {
    host?: string
    path?: string
    taken: boolean
    released: boolean
    holder?: string
    /** Seconds the run waited for another deploy's lock (lock-wait). */
    waitedSeconds?: number
    /** hold-lock-on-error: the lock was kept after the failure, with these details. */
    kept?: string
    /** KAMAL_LOCK=true: the calling workflow holds the lock; `checked` when its lock-token was verified on `host`. */
    inherited?: { checked: boolean }
  }
  /** Kamal's hooks that ran, in order. */
  hooks: HookResult[]
  /** `exec`: the command, each host's run, and the standard output of the first. */
  exec?: { command: string; runs: ExecRun[]; output?: string }
  /** The log group the run was in last (what a cancel interrupted). */
  phase?: string
  durationSeconds: number
  failure?: Failure
  /** Every configuration problem, `file:line:col` first when known. */
  configProblems: { where?: string; message: string }[]
  execCounts: Record<string, number>
  /** How each host is reached: `direct`, `via bastion b`, `via proxy command 'x …'`. */
  routes: Record<string, string>
  /** `plan`: each host's execs, in order, as the flow would send them (and the build's, on the runner). */
  plan?: {
    planFor: string
    hosts: { host: string; steps: string[]; route?: string }[]
    missingSecrets: string[]
    runner?: string[]
  }
  build?: BuildReport
  /** What hosts printed (logs, details, audit ...), host by host, in host order. */
  outputs: HostOutput[]
  /** `details`, `app version`: host → role → the running version (empty: none running). */
  versions?: Record<string, Record<string, string>>
}

/** One command's output on one host. */
export interface HostOutput {
  host: string
  /** What was run, e.g. `app logs (web)`. */
  title: string
  text: string
  /** The command failed (its output is the error). */
  failed?: boolean
}

export function emptyReport(command: string, version: string): RunReport {
  return {
    command,
    version,
    hosts: [],
    dockerInstalled: [],
    boots: [],
    accessories: [],
    lock: { taken: false, released: false },
    hooks: [],
    durationSeconds: 0,
    configProblems: [],
    execCounts: {},
    outputs: [],
    routes: {}
  }
}

/** Seconds since `started` (a Date.now() value), to a tenth, as the summary shows them. */
export function secondsSince(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10
}
