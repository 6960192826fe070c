// How the flows send a command to a host: a `RemoteCommand` over a `HostConnection`, which is an
// ssh2 connection in a real run (this adapter) and a recorder in a plan (plan.ts).
import { parseReport, type Report } from '../commands/protocol.js'
import type { RemoteCommand } from '../commands/script.js'
import type { ExecResult, SshPool } from '../transport/ssh.js'
import type { ExecBound, HostConnection, HostPool } from './context.js'
import { RemoteCommandError } from './errors.js'

/** Sends `cmd` and throws a RemoteCommandError unless it exits 0. */
export async function runRemote(
  conn: HostConnection,
  cmd: RemoteCommand,
  label: string,
  bound?: ExecBound
): Promise<ExecResult & { report: Report }> {
  const result = await conn.exec(cmd, label, bound)
  if (result.code !== 0) throw new RemoteCommandError(conn.host, label, result)
  return { ...result, report: parseReport(result.stdout) }
}

/**
 * The run's ssh2 connections as the flows see them. Every host is worked on at once, as Kamal does
 * (a thread per host): only the handshakes are paced, by the pool (`max_concurrent_starts`), and
 * the boots by `boot.limit`.
 */
export function sshHostPool(pool: SshPool): HostPool {
  const hosts = new Map<string, HostConnection>()
  return {
    limit: Number.POSITIVE_INFINITY,
    get(host) {
      let conn = hosts.get(host)
      if (!conn) {
        const ssh = pool.get(host)
        conn = {
          host,
          exec: (cmd, label, bound) =>
            ssh.exec(cmd.command, {
              stdin: cmd.stdin,
              label,
              timeoutMs: bound?.timeoutSeconds === undefined ? undefined : bound.timeoutSeconds * 1000,
              onStdout: bound?.onStdout && ((d) => bound.onStdout?.(d.toString('utf8')))
            })
        }
        hosts.set(host, conn)
      }
      return conn
    }
  }
}
