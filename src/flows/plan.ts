// `plan`: the setup or deploy flow run against recording hosts, so the plan is exactly what the
// flow would send, host by host and in order, without connecting to anything. Each recorded host
// answers success with the report each command declares for a run where everything went well.
import { formatReport } from '../commands/protocol.js'
import { describeStdin, type RemoteCommand, type StdinItem } from '../commands/script.js'
import type { ExecResult } from '../transport/ssh.js'
import type { ReadLocalFile } from './accessory.js'
import type { HostConnection, HostPool, Reporter, RunContext } from './context.js'
import { runDeploy, runSetup, type LockHooks } from './run.js'

export interface PlannedExec {
  host: string
  /** What the flow calls the step. */
  label: string
  command: string
  stdin?: string
  /** What the stdin lines carry (never their values). */
  carries: readonly StdinItem[]
}

class RecordingHost implements HostConnection {
  constructor(
    readonly host: string,
    private readonly log: PlannedExec[]
  ) {}

  exec(cmd: RemoteCommand, label: string): Promise<ExecResult> {
    this.log.push({ host: this.host, label, command: cmd.command, stdin: cmd.stdin, carries: cmd.carries })
    return Promise.resolve({ code: 0, stdout: formatReport(cmd.assumed), stderr: '' })
  }
}

/** Hosts one at a time, so the recorded order is the same on every run. */
export class RecordingPool implements HostPool {
  readonly limit = 1
  readonly log: PlannedExec[] = []
  private readonly hosts = new Map<string, RecordingHost>()

  get(host: string): HostConnection {
    let h = this.hosts.get(host)
    if (!h) this.hosts.set(host, (h = new RecordingHost(host, this.log)))
    return h
  }
}

export const silentReporter: Reporter = {
  group: (_title, fn) => fn(),
  info: () => undefined,
  warning: () => undefined,
  remote: () => undefined
}

/** Lock hooks of a plan: nothing is saved for a post step (no lock is ever taken). */
export const noHooks: LockHooks = { inherited: false, beforeAcquire: () => undefined, afterRelease: () => undefined }

/** Runs `setup` or `deploy` against recording hosts; `ctx.pool` must be a RecordingPool. */
export async function recordPlan(
  ctx: RunContext & { pool: RecordingPool },
  planFor: 'setup' | 'deploy',
  readLocalFile: ReadLocalFile
): Promise<PlannedExec[]> {
  return recordFlow(ctx, (planCtx) =>
    planFor === 'setup' ? runSetup(planCtx, noHooks, readLocalFile) : runDeploy(planCtx, noHooks)
  )
}

/** Runs any flow against recording hosts (`ctx.pool` must be a RecordingPool) and returns what it sent. */
export async function recordFlow(
  ctx: RunContext & { pool: RecordingPool },
  flow: (ctx: RunContext) => Promise<void>
): Promise<PlannedExec[]> {
  // boot.wait between groups is shown as a step of the primary host instead of waited for.
  const sleep = (s: number) => {
    ctx.pool.log.push({
      host: ctx.targets.primaryHost,
      label: `wait ${s}s (boot.wait) before the next boot group`,
      command: `sleep ${s}`,
      carries: []
    })
    return Promise.resolve()
  }
  await flow({ ...ctx, sleep })
  return ctx.pool.log
}

/** The plan per host, in the order the hosts first appear; each step is a heading and its script. */
export function planByHost(log: PlannedExec[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const e of log) {
    const steps = out.get(e.host) ?? []
    const stdin = describeStdin(e.carries)
    steps.push(`# ${steps.length + 1}. ${e.label}${stdin ? ` ${stdin}` : ''}\n${e.command}`)
    out.set(e.host, steps)
  }
  return out
}
