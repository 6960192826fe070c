// Stopping what still runs on the hosts, first thing when a run is cancelled: the boot scripts
// (which carry cancel handling, see `cancelHandling` in commands/boot.ts) get a TERM through one
// short exec per host, leave their role in a consistent state and end; only then may the deploy
// lock be released, so a released lock never has one of our boots still running behind it.
import { stopRunScripts } from '../commands/boot.js'
import { single } from '../commands/script.js'
import type { RunContext } from './context.js'

interface Running {
  host: string
  done: Promise<void>
}

/** The scripts with cancel handling that are running now, by host. */
export class RunningScripts {
  private readonly running = new Set<Running>()

  /** Runs `exec` (one script on `host`) and keeps it listed until it has ended. */
  track<T>(host: string, exec: () => Promise<T>): Promise<T> {
    const promise = exec()
    const entry: Running = { host, done: promise.then(noop, noop) }
    this.running.add(entry)
    void entry.done.then(() => this.running.delete(entry))
    return promise
  }

  /** The hosts where one is running. */
  hosts(): string[] {
    return [...new Set([...this.running].map((r) => r.host))]
  }

  /** Resolves once every script running now on `host` has ended. */
  ended(host: string): Promise<void> {
    return Promise.all([...this.running].filter((r) => r.host === host).map((r) => r.done)).then(noop)
  }
}

const noop = () => undefined

/** How often the stop is sent again while a script has not ended (it may not have started its handling yet). */
const RESEND_MS = 1000

/**
 * Sends TERM to this run's scripts on every host where one runs, again every second until each
 * has ended, up to `deadline` (a Date.now() value). Returns the hosts whose script did not end in
 * time (a host that stopped answering): they finish on their own, bounded by their exec timeout.
 */
export async function stopRunningScripts(ctx: RunContext, deadline: number): Promise<string[]> {
  const running = ctx.running
  if (!running) return []
  const hosts = running.hosts()
  const late = await Promise.all(
    hosts.map(async (host) => {
      const ended = running.ended(host).then(() => true)
      while (Date.now() < deadline) {
        const left = deadline - Date.now()
        // A stop that cannot be sent (the connection is gone) is not waited for beyond the deadline.
        void ctx.pool
          .get(host)
          .exec(single(stopRunScripts(ctx.lock.token)), "stop this run's scripts", {
            timeoutSeconds: Math.max(1, Math.ceil(left / 1000))
          })
          .catch(noop)
        const wait = new Promise<boolean>((r) => setTimeout(() => r(false), Math.min(RESEND_MS, left)))
        if (await Promise.race([ended, wait])) return undefined
      }
      return host
    })
  )
  return late.filter((h): h is string => h !== undefined)
}

/**
 * What each host runs now, for the line that ends a cancelled run: per app host and role, the new
 * version (its boot succeeded), what a boot that ended early left (`runs`), or `unchanged` (no boot
 * reached it). `late` hosts did not answer the stop: their boot ends on its own.
 */
export function describeHostStates(ctx: RunContext, late: string[] = []): string {
  const parts: string[] = []
  for (const host of ctx.targets.appHosts) {
    const roles = ctx.targets.roles.filter((r) => r.hosts.some((h) => h.address === host))
    const states = roles.map((role) => {
      const boot = ctx.report.boots.filter((b) => b.host === host && b.role === role.name).at(-1)
      if (late.includes(host) && (!boot || (!boot.ok && boot.runs === undefined)))
        return `${role.name} unknown (its boot did not answer the stop and ends on its own)`
      // Not reached, held at the barrier, or cancelled before its new container ran.
      if (!boot || boot.health === 'not booted' || boot.unchanged) return `${role.name} unchanged`
      if (boot.ok) return `${role.name} ${boot.versionBooted}`
      if (boot.runs === undefined) return `${role.name} unknown (${boot.error?.split('\n')[0] ?? boot.health})`
      return `${role.name} ${boot.runs || 'nothing'}`
    })
    parts.push(`${host}: ${states.join(', ')}`)
  }
  return parts.join('; ')
}
