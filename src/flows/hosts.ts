// Running one piece of work on many hosts: in parallel up to the pool's bound, every host
// allowed to finish, and every failure reported together (Kamal's "fail slow"). What each host
// did is logged one line per host on small fleets, and grouped by outcome on large ones.
import { eachLimited } from '../transport/ssh.js'
import { errorMessage } from '../util/values.js'
import { throwIfCancelled, type Reporter, type RunContext } from './context.js'
import { BuildError, HostsError, lastLines, RemoteCommandError } from './errors.js'
import type { Failure } from './report.js'

/**
 * Up to this many hosts, a phase logs one line per host as each finishes (`<host>: <outcome>`).
 * Beyond it — 3,000 lines at 1,000 hosts and 3 phases — it logs its progress every tenth of the
 * hosts, and at its end one line per distinct outcome with how many hosts had it; only the hosts
 * of the less common outcomes are named. Failures are reported in full either way.
 */
export const HOST_LINES_UP_TO = 20

/** What a phase's work on one host tells the log. */
export interface HostLog {
  /** `host` is done: `message` is its outcome (hosts with the same message are grouped), `seconds` its time. */
  done(host: string, message: string, seconds?: number): void
}

/** Hosts as a title names them: all of them up to HOST_LINES_UP_TO, else `N hosts (first … last)`. */
export function hostsText(hosts: string[]): string {
  if (hosts.length <= HOST_LINES_UP_TO) return hosts.join(', ')
  return `${hosts.length} hosts (${hosts[0]} … ${hosts.at(-1)})`
}

/** Seconds as the log shows them: `(0.4s)`, or `(0.2–3.1 s, median 0.4 s)` for a group. */
function secondsText(seconds: number[]): string {
  if (seconds.length === 0) return ''
  const sorted = [...seconds].sort((a, b) => a - b)
  const [min, max] = [sorted[0] as number, sorted.at(-1) as number]
  if (sorted.length === 1 || min === max) return ` (${min}s)`
  return ` (${min}–${max} s, median ${sorted[Math.floor(sorted.length / 2)]} s)`
}

export class PhaseLog implements HostLog {
  private readonly outcomes = new Map<string, { hosts: string[]; seconds: number[] }>()
  private finished = 0
  private readonly grouped: boolean

  constructor(
    private readonly reporter: Reporter,
    private readonly total: number
  ) {
    this.grouped = total > HOST_LINES_UP_TO
  }

  done(host: string, message: string, seconds?: number): void {
    if (!this.grouped) {
      this.reporter.info(`${host}: ${message}${seconds === undefined ? '' : ` (${seconds}s)`}`)
      return
    }
    const outcome = this.outcomes.get(message) ?? { hosts: [], seconds: [] }
    outcome.hosts.push(host)
    if (seconds !== undefined) outcome.seconds.push(seconds)
    this.outcomes.set(message, outcome)
  }

  /** A host finished (done or failed): progress at every tenth of the hosts. */
  settled(): void {
    this.finished++
    if (!this.grouped || this.finished === this.total) return
    const step = Math.ceil(this.total / 10)
    if (this.finished % step === 0) this.reporter.info(`${this.finished}/${this.total} hosts done`)
  }

  /** The grouped outcomes, most common first; the hosts of every other outcome are named. */
  flush(): void {
    const groups = [...this.outcomes].sort((a, b) => b[1].hosts.length - a[1].hosts.length)
    groups.forEach(([message, { hosts, seconds }], i) => {
      const who = i === 0 ? `${hosts.length} hosts` : `${hosts.length} host(s) (${hosts.join(', ')})`
      this.reporter.info(`${who}: ${message}${secondsText(seconds)}`)
    })
    this.outcomes.clear()
  }
}

/**
 * Runs `fn` on every host (up to the pool's bound at once) and waits for all of them; throws a
 * HostsError with every failure. A host not started yet when the run is cancelled is not started.
 */
export async function onHosts<R>(
  ctx: RunContext,
  hosts: string[],
  fn: (host: string, log: HostLog) => Promise<R>
): Promise<Map<string, R>> {
  const log = new PhaseLog(ctx.reporter, hosts.length)
  const settled = await eachLimited(hosts, ctx.pool.limit, async (host) => {
    try {
      // After a cancel, hosts still waiting for their turn are not started.
      throwIfCancelled(ctx.signal)
      return await fn(host, log)
    } finally {
      log.settled()
    }
  })
  log.flush()
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
  if (first instanceof BuildError && first.failed)
    return { host: 'runner', command: first.failed.label, output: first.failed.output, message: errorMessage(error) }
  const host = error instanceof HostsError ? error.failures[0]?.host : undefined
  return { host, message: errorMessage(error) }
}
