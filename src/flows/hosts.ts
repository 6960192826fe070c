// Running one piece of work on many hosts: in parallel up to the pool's bound, every host
// allowed to finish, and every failure reported together (Kamal's "fail slow").
import { eachLimited } from '../transport/ssh.js'
import { errorMessage } from '../util/values.js'
import { throwIfCancelled, type RunContext } from './context.js'
import { HostsError, lastLines, RemoteCommandError } from './errors.js'
import type { Failure } from './report.js'

export async function onHosts<R>(
  ctx: RunContext,
  hosts: string[],
  fn: (host: string) => Promise<R>
): Promise<Map<string, R>> {
  // After a cancel, hosts still waiting for their turn are not started.
  const settled = await eachLimited(hosts, ctx.pool.limit, (host) => {
    throwIfCancelled(ctx.signal)
    return fn(host)
  })
  const out = new Map<string, R>()
  const failures: { host: string; error: unknown }[] = []
  hosts.forEach((host, i) => {
    const s = settled[i]
    if (s?.status === 'fulfilled') out.set(host, s.value)
    else failures.push({ host, error: s?.reason })
  })
  if (failures.length > 0) throw new HostsError(failures)
  return out
}

/** The first failure in a form the summary shows: host, command and its last output lines. */
export function describeFailure(error: unknown): Failure {
  const first = error instanceof HostsError ? error.failures[0]?.error : error
  const remote = first instanceof Error && first.cause instanceof RemoteCommandError ? first.cause : first
  if (remote instanceof RemoteCommandError) {
    const out = lastLines(`${remote.result.stdout}\n${remote.result.stderr}`, 15)
    return { host: remote.host, command: remote.label, output: out, message: errorMessage(error) }
  }
  const host = error instanceof HostsError ? error.failures[0]?.host : undefined
  return { host, message: errorMessage(error) }
}
