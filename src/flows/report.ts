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

export interface Failure {
  host?: string
  command?: string
  output?: string
  message: string
}

export interface RunReport {
  command: string
  version: string
  previousVersion?: string
  hosts: string[]
  dockerInstalled: string[]
  boots: BootResult[]
  accessories: AccessoryResult[]
  lock: { host?: string; path?: string; taken: boolean; released: boolean; holder?: string }
  /** The log group the run was in last (what a cancel interrupted). */
  phase?: string
  durationSeconds: number
  failure?: Failure
  /** Every configuration problem, `file:line:col` first when known. */
  configProblems: { where?: string; message: string }[]
  execCounts: Record<string, number>
  /** `plan`: each host's execs, in order, as the flow would send them. */
  plan?: { planFor: string; hosts: { host: string; steps: string[] }[]; missingSecrets: string[] }
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
    durationSeconds: 0,
    configProblems: [],
    execCounts: {}
  }
}

/** Seconds since `started` (a Date.now() value), to a tenth, as the summary shows them. */
export function secondsSince(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10
}
