// `plan`: the setup or deploy flow run against recording hosts, so the plan is exactly what the
// flow would send, host by host and in order, without connecting to anything. Each recorded host
// answers success with the report each command declares for a run where everything went well.
import { formatReport } from '../commands/protocol.js'
import { describeStdin, type RemoteCommand, type StdinItem } from '../commands/script.js'
import { word } from '../commands/shell.js'
import type { ExecResult } from '../transport/ssh.js'
import type { ReadLocalFile } from './accessory.js'
import type { HostConnection, HostPool, Reporter, RunContext } from './context.js'
import { runExec, type ExecRequest } from './exec.js'
import { HOOKS_WITH_SECRETS, runHook, type HookName, type HookRunner } from './hooks.js'
import { DEPLOY, REDEPLOY, runDeploy, runRollback, runSetup, type LockHooks } from './run.js'

export interface PlannedExec {
  host: string
  /** What the flow calls the step. */
  label: string
  command: string
  stdin?: string
  /** What the stdin lines carry (never their values). */
  carries: readonly StdinItem[]
  /** A step on the runner (a hook), not an exec on the host. */
  local?: boolean
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

/** The environment a plan shows for a hook: what tells one run of it from another (no secrets,
 * no time of day; the runtime is a placeholder). */
const SHOWN_HOOK_ENV = [
  'KAMAL_COMMAND',
  'KAMAL_SUBCOMMAND',
  'KAMAL_HOSTS',
  'KAMAL_ROLES',
  'KAMAL_LOCK',
  'KAMAL_RUNTIME'
]

/**
 * Hooks in a plan: each one that `exists` is recorded as a local step (in the primary host's list,
 * where it falls in the order of the run), never run.
 */
export class RecordingHooks implements HookRunner {
  constructor(
    private readonly pool: RecordingPool,
    private readonly host: string,
    private readonly path: (name: HookName) => string | undefined
  ) {}

  exists(name: HookName): boolean {
    return this.path(name) !== undefined
  }

  run(name: HookName, env: Record<string, string>): Promise<void> {
    const vars = SHOWN_HOOK_ENV.filter((k) => env[k] !== undefined).map(
      (k) => `${k}=${word(k === 'KAMAL_RUNTIME' ? '<seconds>' : (env[k] ?? ''))}`
    )
    const secrets = HOOKS_WITH_SECRETS.includes(name) ? ' and the secrets' : ''
    this.pool.log.push({
      host: this.host,
      label: `${name} hook, run on the runner with the KAMAL_* variables${secrets} (not run by plan)`,
      command: [...vars, word(this.path(name) ?? name)].join(' '),
      carries: [],
      local: true
    })
    return Promise.resolve()
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

/** The flows a plan can show. */
export type PlannedFlow = 'setup' | 'deploy' | 'redeploy' | 'rollback' | 'exec'

/**
 * Runs a flow against recording hosts (`ctx.pool` must be a RecordingPool), with the pre-connect
 * hook first as a real run has it; `exec` is the request of a planned exec.
 */
export async function recordPlan(
  ctx: RunContext & { pool: RecordingPool },
  planFor: PlannedFlow,
  readLocalFile: ReadLocalFile,
  exec?: ExecRequest
): Promise<PlannedExec[]> {
  return recordFlow(ctx, (planCtx) => {
    if (planFor === 'setup') return runSetup(planCtx, noHooks, readLocalFile)
    if (planFor === 'deploy') return runDeploy(planCtx, noHooks, DEPLOY)
    if (planFor === 'redeploy') return runDeploy(planCtx, noHooks, REDEPLOY)
    if (planFor === 'rollback') return runRollback(planCtx, noHooks)
    if (exec) return runExec(planCtx, exec)
    throw new Error('a planned exec needs its request')
  })
}

/** Runs any flow against recording hosts (`ctx.pool` must be a RecordingPool) and returns what it sent,
 * with the pre-connect hook first as a real run has it. */
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
  const planCtx: RunContext = { ...ctx, sleep }
  // Kamal's pre-connect hook comes first, as in a real run (a local step, not run).
  await runHook(planCtx, 'pre-connect')
  await flow(planCtx)
  return ctx.pool.log
}

/** How many of a host's planned steps are hooks run on the runner. */
export function localSteps(log: PlannedExec[], host: string): number {
  return log.filter((e) => e.host === host && e.local).length
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
