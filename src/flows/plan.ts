// `plan`: the setup or deploy flow run against recording hosts, so the plan is exactly what the
// flow would send, host by host and in order, without connecting to anything. Each recorded host
// answers success, with the markers the flows read, as if every step went well.
import { RemoteCommandError, type ExecResult } from '../transport/ssh.js'
import type { HostConnection, HostPool, Reporter, RunContext } from './context.js'
import { runDeploy, runSetup, type LockHooks } from './run.js'
import type { ReadLocalFile } from './setup.js'

export interface PlannedExec {
  host: string
  /** What the flow calls the step. */
  label?: string
  command: string
  stdin?: string
}

/** What a recorded host answers: success, the new container healthy, the lock ours and released. */
function answer(command: string): ExecResult {
  let stdout = ''
  if (command.includes('DECKHAND_LOCK=')) stdout = 'DECKHAND_LOCK=released\n'
  else if (command.includes('DECKHAND_STATUS=')) stdout = 'DECKHAND_STATUS=healthy\n'
  else if (command.includes('echo released')) stdout = 'released\n'
  return { code: 0, stdout, stderr: '' }
}

class RecordingHost implements HostConnection {
  constructor(
    readonly host: string,
    private readonly log: PlannedExec[]
  ) {}

  async exec(command: string, opts: { stdin?: string; label?: string } = {}): Promise<ExecResult> {
    this.log.push({ host: this.host, label: opts.label, command, stdin: opts.stdin })
    return answer(command)
  }

  async run(command: string, label: string, opts: { stdin?: string } = {}): Promise<ExecResult> {
    this.log.push({ host: this.host, label, command, stdin: opts.stdin })
    const result = answer(command)
    if (result.code !== 0) throw new RemoteCommandError(this.host, label, result)
    return result
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

const noHooks: LockHooks = { inherited: false, beforeAcquire: () => undefined, afterRelease: () => undefined }

/** Runs `setup` or `deploy` against recording hosts; `ctx.pool` must be a RecordingPool. */
export async function recordPlan(
  ctx: RunContext & { pool: RecordingPool },
  planFor: 'setup' | 'deploy',
  readLocalFile: ReadLocalFile
): Promise<PlannedExec[]> {
  // boot.wait between groups is shown as a step of the primary host instead of waited for.
  const planCtx: RunContext = {
    ...ctx,
    sleep: async (s) =>
      void ctx.pool.log.push({
        host: ctx.targets.primaryHost,
        label: `wait ${s}s (boot.wait) before the next boot group`,
        command: `sleep ${s}`
      })
  }
  if (planFor === 'setup') await runSetup(planCtx, noHooks, readLocalFile)
  else await runDeploy(planCtx, noHooks)
  return ctx.pool.log
}

/** What travels on stdin, named but never shown: the files it writes and the logins it feeds. */
export function describeStdin(command: string): string | undefined {
  const files = [...command.matchAll(/base64 -d > ('[^']*'|\S+)\)/g)].map((m) =>
    (m[1] as string).replace(/^'|'$/g, '').replace(/\.deckhand-tmp$/, '')
  )
  const logins = [...command.matchAll(/read -r DECKHAND_U;/g)].length
  const parts = [
    ...(files.length > 0 ? [`${files.length} file${files.length > 1 ? 's' : ''} (${files.join(', ')})`] : []),
    ...(logins > 0 ? [logins > 1 ? `${logins} registry logins` : 'registry login'] : [])
  ]
  return parts.length > 0 ? `(stdin: ${parts.join(', ')})` : undefined
}

/** The plan per host, in the order the hosts first appear; each step is a heading and its script. */
export function planByHost(log: PlannedExec[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const e of log) {
    const steps = out.get(e.host) ?? []
    const stdin = e.stdin === undefined ? undefined : describeStdin(e.command)
    steps.push(`# ${steps.length + 1}. ${e.label ?? 'exec'}${stdin ? ` ${stdin}` : ''}\n${e.command}`)
    out.set(e.host, steps)
  }
  return out
}
