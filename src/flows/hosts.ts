// Running one piece of work on many hosts: in parallel up to the pool's bound, every host
// allowed to finish, and every failure reported together (Kamal's "fail slow").
import { eachLimited, lastLines, RemoteCommandError } from '../transport/ssh.js'
import type { RunContext } from './context.js'
import type { Failure } from './report.js'

export class HostsError extends Error {
  constructor(readonly failures: { host: string; error: unknown }[]) {
    super(
      failures.length === 1
        ? errorMessage(failures[0]?.error)
        : `Failures on ${failures.length} hosts:\n${failures.map((f) => `- ${errorMessage(f.error)}`).join('\n')}`
    )
    this.name = 'HostsError'
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export async function onHosts<R>(
  ctx: RunContext,
  hosts: string[],
  fn: (host: string) => Promise<R>
): Promise<Map<string, R>> {
  const settled = await eachLimited(hosts, ctx.pool.limit, fn)
  const out = new Map<string, R>()
  const failures: { host: string; error: unknown }[] = []
  settled.forEach((s, i) => {
    const host = hosts[i] as string
    if (s.status === 'fulfilled') out.set(host, s.value)
    else failures.push({ host, error: s.reason })
  })
  if (failures.length > 0) throw new HostsError(failures)
  return out
}

/** The first failure in a form the summary shows: host, command and its last output lines. */
export function describeFailure(error: unknown): Failure {
  const first = error instanceof HostsError ? error.failures[0]?.error : error
  if (first instanceof RemoteCommandError) {
    const out = lastLines(`${first.result.stdout}\n${first.result.stderr}`, 15)
    return { host: first.host, command: first.label, output: out, message: errorMessage(error) }
  }
  const host = error instanceof HostsError ? error.failures[0]?.host : undefined
  return { host, message: errorMessage(error) }
}
