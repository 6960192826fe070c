// What every flow works with: the config narrowed to the hosts and roles of this run, the secrets,
// the connections, a reporter (implemented by the action adapter) and the cancellation signal.
import type { RemoteCommand } from '../commands/script.js'
import type { Accessory, DeployConfig, Host, Role } from '../config/types.js'
import type { ExecResult } from '../transport/ssh.js'
import { globMatch } from '../util/glob.js'
import { CancelledError, TargetError } from './errors.js'
import type { HookSetup } from './hooks.js'
import type { RunReport } from './report.js'
import type { RunningScripts } from './stop.js'

export interface Reporter {
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
  info(message: string): void
  warning(message: string): void
  /** Output from a host, shown so that it cannot issue workflow commands. */
  remote(host: string, text: string): void
}

/** One host's connection as the flows use it (ssh2 for real runs, a recorder for `plan`). */
export interface HostConnection {
  readonly host: string
  /**
   * Sends a command; resolves with its result whatever the exit code. `label` names it in a plan
   * and in errors; past `timeoutSeconds` the command is given up (an error).
   */
  exec(cmd: RemoteCommand, label: string, opts?: ExecBound): Promise<ExecResult>
}

export interface ExecBound {
  timeoutSeconds?: number
  /** What the command prints, as it comes (a plan's recording hosts print nothing before the end). */
  onStdout?: (text: string) => void
}

/**
 * The bound of a step that only does bookkeeping on a host (a lock's mkdir or rm, a `docker tag`):
 * generous for a loaded host, short enough that a stuck one is given up on.
 */
export const BOOKKEEPING: ExecBound = { timeoutSeconds: 60 }

export interface HostPool {
  /** How many hosts are worked on at once (Infinity: all of them). */
  readonly limit: number
  get(host: string): HostConnection
}

/** Who this run is; `token` goes into the lock details so that we only ever release our own lock. */
export interface LockIdentity {
  name: string
  token: string
}

export interface Targets {
  roles: Role[]
  accessories: Accessory[]
  /** Every host of the run: primary role's hosts first, then other roles', then accessory hosts. */
  hosts: string[]
  appHosts: string[]
  primaryHost: string
}

export interface RunContext {
  config: DeployConfig
  targets: Targets
  version: string
  /** Who the audit log names (the GitHub actor). */
  performer: string
  secrets: ReadonlyMap<string, string>
  pool: HostPool
  reporter: Reporter
  lock: LockIdentity
  report: RunReport
  signal: AbortSignal
  /** The scripts with cancel handling still running on the hosts (what a cancel stops first). */
  running?: RunningScripts
  /** How `boot.wait` is waited between boot groups (a plan does not wait). Default: a timer. */
  sleep?: (seconds: number) => Promise<void>
  /** Kamal's hooks (absent with `skip-hooks`: then none runs). */
  kamalHooks?: HookSetup
  /** Kamal 2.12's `--lock-wait`: wait for an automatic lock another deploy holds. */
  lockWait?: { timeoutSeconds: number; intervalSeconds: number }
  /** Keep the deploy lock, its details naming the failure, when a locked flow fails. */
  holdLockOnError?: boolean
  /** Each app host's early probe, from the pull's label check (`probe` of `checkLabelAndProbe`). */
  imageProbe?: Map<string, string>
}

/** Waits `seconds`, or less when the run is cancelled (the caller checks `signal` after). */
export function pause(ctx: RunContext, seconds: number): Promise<void> {
  if (ctx.sleep) return ctx.sleep(seconds)
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      ctx.signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, seconds * 1000)
    ctx.signal.addEventListener('abort', done)
  })
}

export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError()
}

/** fnmatch-style `*` and `?` wildcards, as Kamal's `-h`/`-r` (case matters). */
function matches(patterns: string[], value: string): boolean {
  return patterns.some((p) => globMatch(p, value))
}

/** Narrows the config to `hosts`/`roles` filters (empty = everything). */
export function selectTargets(config: DeployConfig, hostFilter: string[], roleFilter: string[]): Targets {
  let roles = config.roles
  if (roleFilter.length > 0) {
    roles = roles.filter((r) => matches(roleFilter, r.name))
    if (roles.length === 0) throw new TargetError(`No --roles match for ${roleFilter.join(',')}`)
  }
  const keepHost = (h: string) => hostFilter.length === 0 || matches(hostFilter, h)
  roles = roles
    .map((r) => ({ ...r, hosts: r.hosts.filter((h: Host) => keepHost(h.address)) }))
    .filter((r) => r.hosts.length > 0)
  const accessories =
    roleFilter.length > 0
      ? []
      : config.accessories.map((a) => ({ ...a, hosts: a.hosts.filter(keepHost) })).filter((a) => a.hosts.length > 0)
  const appHosts = unique(roles.flatMap((r) => r.hosts.map((h) => h.address)))
  const hosts = unique([...appHosts, ...accessories.flatMap((a) => a.hosts)])
  const first = hosts[0]
  if (first === undefined)
    throw new TargetError(
      hostFilter.length > 0 ? `No --hosts match for ${hostFilter.join(',')}` : 'No hosts to work on'
    )
  // The primary host is the first host of the primary role (it moves when filters exclude it).
  const primary = roles.find((r) => r.name === config.primaryRole) ?? roles[0]
  return { roles, accessories, hosts, appHosts, primaryHost: primary?.hosts[0]?.address ?? first }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}

/** Which hosts a command works on (see the action's command grammar). */
export type HostScope = 'all' | 'app' | 'proxy' | 'accessory' | 'primary' | 'none'

/** The accessories `name` means (`all`: every targeted one); an unknown name is an error listing the others. */
export function accessoriesNamed(targets: Targets, name: string | undefined): Accessory[] {
  if (name === 'all') return targets.accessories
  const found = targets.accessories.filter((a) => a.name === name)
  if (found.length > 0) return found
  const names = targets.accessories.map((a) => a.name)
  throw new TargetError(
    `No accessory by the name of '${name ?? ''}'${names.length > 0 ? ` (options: ${names.join(', ')})` : ' (no accessory on the targeted hosts and roles)'}`
  )
}

/** Hosts of the roles behind kamal-proxy, then of the accessories behind it. */
export function proxyHostsOf(targets: Targets): string[] {
  return unique([
    ...targets.roles.filter((r) => r.proxyConfig).flatMap((r) => r.hosts.map((h) => h.address)),
    ...targets.accessories.filter((a) => a.proxy).flatMap((a) => a.hosts)
  ])
}

/** The hosts of a scope; `accessory` takes the accessory's name (or `all`). */
export function hostsInScope(targets: Targets, scope: HostScope, accessory?: string): string[] {
  switch (scope) {
    case 'all':
      return targets.hosts
    case 'app':
      return targets.appHosts
    case 'proxy':
      return proxyHostsOf(targets)
    case 'accessory':
      return unique(accessoriesNamed(targets, accessory).flatMap((a) => a.hosts))
    case 'primary':
      return [targets.primaryHost]
    case 'none':
      return []
  }
}

/**
 * The hosts split into at most `count` shards for jobs running side by side, round-robin in the
 * run's order (the primary role's hosts first), so that every shard gets a share of each role and
 * its own first primary-role host for Kamal's barrier. Never an empty shard.
 */
export function shardHosts(hosts: string[], count: number): string[][] {
  const n = Math.max(1, Math.min(count, hosts.length))
  const shards: string[][] = Array.from({ length: n }, () => [])
  hosts.forEach((h, i) => shards[i % n]?.push(h))
  return shards
}
