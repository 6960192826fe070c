// The boot phase (Kamal's `app boot`, lib/kamal/cli/app.rb and cli/app/boot.rb): every role on
// every app host, in groups of `boot.limit` with `boot.wait` between them (each group between the
// pre-app-boot and post-app-boot hooks), one exec per role and host; roles other than the primary
// wait for the first healthy primary-role container.
import { randomBytes } from 'node:crypto'
import { envFileContent, envFor, runApp } from '../commands/app.js'
import { auditAppend } from '../commands/audit.js'
import {
  listContainers,
  bootStep,
  cancelHandling,
  forgetProbe,
  lockAndList,
  markRunStart,
  parseProbe,
  probeFrom,
  overridesHealthCheck,
  afterSwitch,
  rememberCurrentVersion,
  runCreatingNetwork,
  stopStaleContainers,
  waitUntilReady
} from '../commands/boot.js'
import { inspectImage } from '../commands/docker.js'
import { releaseIfOwnerAtEnd, type LockDetails } from '../commands/lock.js'
import { containerName, imageRef, lockDir, rolePrefix, roleEnvFile } from '../commands/naming.js'
import { EXIT, parseReport, withoutReport, type Report } from '../commands/protocol.js'
import { RemoteScript } from '../commands/script.js'
import type { Host, Role } from '../config/types.js'
import { errorMessage } from '../util/values.js'
import { throwIfCancelled, type RunContext } from './context.js'
import { BootFailedError, LockHeldError, RemoteCommandError } from './errors.js'
import { hookExists, runHook, type HookName } from './hooks.js'
import { hostsText, onHosts, type HostLog } from './hosts.js'
import { noteRelease, reportedRelease } from './lock.js'
import { addProxySwitch } from './proxy.js'
import { addPull, noteImageProbe } from './pull.js'
import { runRemote } from './remote.js'
import { secondsSince, type BootResult } from './report.js'

const hex = (bytes: number) => randomBytes(bytes).toString('hex')

/** Hosts split into boot groups: `boot.limit` as a number or a percentage of all hosts (at least 1). */
export function bootGroups<T>(hosts: T[], limit: number | string | undefined, allHostsCount: number): T[][] {
  if (limit === undefined) return hosts.length ? [hosts] : []
  const size =
    typeof limit === 'string' && limit.endsWith('%')
      ? Math.max(1, Math.floor((allHostsCount * parseInt(limit, 10)) / 100))
      : Math.max(1, Number(limit))
  const groups: T[][] = []
  for (let i = 0; i < hosts.length; i += size) groups.push(hosts.slice(i, i + size))
  return groups
}

/**
 * With a single boot group, each host moves `:latest` at the end of its own boot exec, which saves
 * every host but the lock host the finish round trip. Kamal tags only after all groups: with one
 * group the only difference is after a failure, where the hosts that did boot the new version (and
 * keep running it, in Kamal too) have `:latest` on it. With several groups the finish step tags.
 */
export function tagsInBoot(ctx: RunContext): boolean {
  return bootGroups(ctx.targets.appHosts, ctx.config.boot.limit, ctx.targets.hosts.length).length === 1
}

/** What one boot exec does after the new container is ready. */
export interface BootExtras {
  /** Prune the service's old containers and images (the host's last role). */
  prune: boolean
  /** Move `:latest` (the host's last role, with a single boot group). */
  tag: boolean
  /** Release this run's deploy lock at the end (the run's last boot, see bootApp's `release`). */
  release?: boolean
}

/**
 * The script that boots one role on one host: stale containers stopped, the new one run, ready
 * (or switched to by kamal-proxy), the old one stopped — so the role ends with exactly one running
 * container, the new one, or the old one when the boot fails or is cancelled (`cancelHandling`).
 */
export function bootScript(
  ctx: RunContext,
  role: Role,
  host: Host,
  extras: BootExtras,
  head?: OneExecHead
): RemoteScript {
  const { config, version } = ctx
  const name = containerName(config, role, version)
  const service = rolePrefix(config, role)
  const script = new RemoteScript().add(
    cancelHandling(config, role, {
      token: ctx.lock.token,
      container: name,
      version,
      proxyService: role.proxyConfig ? service : undefined
    })
  )
  // Without the proxy, the image's health check is probed before Docker is asked
  // (waitUntilReady), unless the role's options set the container's own.
  const probes = !role.proxyConfig && !overridesHealthCheck(role)
  if (head) {
    // A deploy in one exec: the pull exec's lines, the lock and the listing first (lockAndList).
    addPull(script, ctx, { kamalDirMade: true }).add(
      inspectImage(config, version, { background: true }),
      lockAndList(config, version, head.lock, ctx.lock.token)
    )
    if (!probes) script.add(forgetProbe)
  }
  // Two execs: the early probe the pull reported (none: the image has no usable health check).
  const reported = !head && probes ? parseProbe(ctx.imageProbe?.get(host.address)) : undefined
  const early = probes && (head !== undefined || reported !== undefined)
  script
    .add(listContainers(config, role, version, { listed: head !== undefined }))
    .add(rememberCurrentVersion(config, role, version, `${version}_replaced_${hex(8)}`))
    .add(stopStaleContainers(config, role))
    .add(auditAppend(config, ctx.performer, `Booted app version ${version}`, [role.name]))
    .writeFile(roleEnvFile(config, role), envFileContent(envFor(config, role, host), ctx.secrets), '600')
    .add(bootStep('run'))
  if (reported) script.add(probeFrom(reported))
  if (early) script.add(markRunStart)
  script.add(...runCreatingNetwork(runApp({ config, role, host, version, hostnameSuffix: hex(6) }), name))
  // Behind kamal-proxy the proxy's health check and atomic switch replace our wait.
  if (role.proxyConfig)
    addProxySwitch(script, ctx, {
      proxy: role.proxyConfig,
      service,
      container: name,
      tlsName: role.name,
      what: role.name,
      host: host.address
    })
  else script.add(waitUntilReady(config, name, early))
  script.add(
    bootStep('switched'),
    ...afterSwitch(config, role, { prune: extras.prune, tag: extras.tag, performer: ctx.performer, version }),
    bootStep('done')
  )
  if (extras.release) script.add(releaseIfOwnerAtEnd(config, ctx.lock.token))
  return script
}

/**
 * How long a boot exec may take at most: the readiness wait (deploy_timeout, plus a last probe)
 * or kamal-proxy's deploy (deploy_timeout, then its drain), the stops of the old and stale
 * containers, and a margin for `docker run`, pruning and tagging. Past it the exec is given up.
 */
export function bootTimeoutSeconds(ctx: RunContext, role: Role): number {
  const { config } = ctx
  const stop = role.stopTimeout ?? config.stopTimeout ?? (role.proxy ? 10 : config.drainTimeout)
  return config.deployTimeout + 10 + (role.proxy ? config.drainTimeout : 0) + 2 * stop + 120
}

/**
 * The version the primary role ran before (the `previous-version` output), from the first of its
 * boots to report one — also when that boot failed, so that a workflow can roll back to it.
 */
function notePreviousVersion(ctx: RunContext, role: Role, old: string | undefined): void {
  if (old && ctx.report.previousVersion === undefined && role.name === ctx.config.primaryRole)
    ctx.report.previousVersion = old
}

/** A deploy in one exec (see `deployInOneExec`) also pulls and takes the lock with these details. */
export interface OneExecHead {
  lock: LockDetails
  /** Called once the exec has taken the lock (and checked the label), as it happens. */
  locked: () => void
}

/** How long a deploy in one exec may pull, on top of its boot's bound (a pull exec of its own has none). */
const PULL_SECONDS = 3600

async function bootOne(
  ctx: RunContext,
  role: Role,
  host: Host,
  extras: BootExtras,
  log: HostLog,
  head?: OneExecHead
): Promise<BootResult> {
  const started = Date.now()
  const base = { host: host.address, role: role.name, versionBooted: ctx.version }
  const label = head
    ? `pull ${imageRef(ctx.config, ctx.version)}, take the deploy lock and boot ${role.name} ${ctx.version}`
    : `boot ${role.name} ${ctx.version}`
  // A deploy in one exec takes the lock (`boot` = started) while the exec goes on: told once, as
  // soon as its stdout says so (a plan's recording host answers only at the end).
  let lockTaken = false
  const tookLock = (report: Report) => {
    if (!head || lockTaken || report.boot !== 'started') return
    lockTaken = true
    ctx.report.lock.taken = true
    log.done(
      host.address,
      `pulled ${imageRef(ctx.config, ctx.version)} and took the deploy lock ${lockDir(ctx.config)}`
    )
    head.locked()
  }
  let printed = ''
  const watch = (text: string) => {
    printed += text
    tookLock(parseReport(printed))
  }
  try {
    const exec = () =>
      runRemote(ctx.pool.get(host.address), bootScript(ctx, role, host, extras, head), label, {
        timeoutSeconds: bootTimeoutSeconds(ctx, role) + (head ? PULL_SECONDS : 0),
        ...(head ? { onStdout: watch } : {})
      })
    const { report, stdout } = await (ctx.running ? ctx.running.track(host.address, exec) : exec())
    tookLock(report)
    const released = extras.release ? reportedRelease(stdout) : undefined
    if (released) noteRelease(ctx, host.address, released)
    const boot: BootResult = {
      ...base,
      versionStopped: report.stopped,
      staleStopped: report.stale,
      health: report.status ?? (report.proxy === 'switched' ? 'healthy' : 'unknown'),
      proxy: report.proxy,
      ok: true,
      seconds: secondsSince(started)
    }
    notePreviousVersion(ctx, role, report.old)
    log.done(
      host.address,
      `${role.name} ${ctx.version} is ${boot.health}${boot.versionStopped ? `, stopped ${boot.versionStopped}` : ''}`,
      boot.seconds
    )
    return boot
  } catch (error) {
    const result = error instanceof RemoteCommandError ? error.result : undefined
    const report = parseReport(result?.stdout ?? '')
    if (head) {
      // Before the boot (no `boot` report): the pull or the label check failed, or the lock is held.
      if (report.probe) noteImageProbe(ctx, host.address, report.probe)
      if (result?.code === EXIT.lockHeld) throw new LockHeldError(host.address, withoutReport(result.stdout))
      const released = reportedRelease(result?.stdout ?? '')
      if (released) noteRelease(ctx, host.address, released)
      if (report.boot !== 'started') throw error
      tookLock(report)
    }
    const cancelled = result?.code === EXIT.cancelled && report.settled !== undefined
    notePreviousVersion(ctx, role, report.old)
    const boot: BootResult = {
      ...base,
      health: cancelled ? 'cancelled' : (report.status ?? (report.proxy === 'failed' ? 'unhealthy (proxy)' : 'failed')),
      proxy: report.proxy,
      staleStopped: report.stale,
      // What the role runs on the host now: a boot that ended early says; a failed health check keeps the old.
      runs:
        report.settled !== undefined ? report.runs : result?.code === EXIT.bootFailed ? (report.old ?? '') : undefined,
      unchanged: report.settled === 'start' || undefined,
      ok: false,
      seconds: secondsSince(started),
      error: cancelled
        ? `host ${host.address}: boot ${role.name} ${ctx.version} cancelled (${report.settled === 'switched' || report.settled === 'done' ? `${ctx.version} was already serving; the old container was stopped` : 'the new container was stopped, the old version keeps serving'})`
        : errorMessage(error)
    }
    ctx.reporter.warning(`Failed to boot ${role.name} on ${host.address}: ${boot.error}`)
    throw new BootFailedError(boot, { cause: error })
  }
}

/**
 * Kamal's barrier: other roles wait for the first healthy primary-role container, and are not
 * booted at all when the primary role's first boot fails.
 */
class Barrier {
  readonly passed: Promise<void>
  open!: () => void
  close!: (error: Error) => void

  constructor(openNow: boolean) {
    this.passed = new Promise<void>((resolve, reject) => {
      this.open = resolve
      this.close = reject
    })
    this.passed.catch(() => undefined)
    if (openNow) this.open()
  }
}

/**
 * Boots every targeted role on every host, in groups; throws when any boot failed. `prune: false`
 * (Kamal's `app boot`, rollback, redeploy) leaves old containers and images alone. `release`: the
 * caller releases the deploy lock right after a successful boot (finishDeploy); when the run's
 * last boot runs on the lock host — one app host, one boot group, no post-app-boot hook — that
 * boot's exec releases it at its end instead, saving the finish round trip.
 */
export async function bootApp(
  ctx: RunContext,
  { prune = true, release = false }: { prune?: boolean; release?: boolean } = {}
): Promise<void> {
  const { config, targets } = ctx
  const groups = bootGroups(targets.appHosts, config.boot.limit, targets.hosts.length)
  const { lock } = ctx.report
  const releaseOn =
    release &&
    groups.length === 1 &&
    targets.appHosts.length === 1 &&
    targets.appHosts[0] === lock.host &&
    lock.taken &&
    !lock.released &&
    !ctx.kamalHooks?.runner.exists('post-app-boot')
      ? lock.host
      : undefined
  const primary = targets.roles.find((r) => r.name === config.primaryRole)
  const barrier = new Barrier(!primary)
  for (const [index, group] of groups.entries()) {
    throwIfCancelled(ctx.signal)
    const title =
      groups.length > 1
        ? `Boot ${ctx.version}, group ${index + 1}/${groups.length}: ${hostsText(group)}`
        : `Boot ${ctx.version} on ${hostsText(group)}`
    await runHook(ctx, 'pre-app-boot', { hosts: group })
    throwIfCancelled(ctx.signal)
    await ctx.reporter.group(title, () =>
      onHosts(ctx, group, (address, log) => bootHost(ctx, address, primary, barrier, prune, address === releaseOn, log))
    )
    await runHook(ctx, 'post-app-boot', { hosts: group })
    if (config.boot.wait > 0 && index < groups.length - 1)
      await (ctx.sleep ? ctx.sleep(config.boot.wait) : new Promise((r) => setTimeout(r, config.boot.wait * 1000)))
  }
}

/** Every targeted role on one host, one after the other; the first failure is thrown at the end. */
async function bootHost(
  ctx: RunContext,
  address: string,
  primary: Role | undefined,
  barrier: Barrier,
  prune: boolean,
  release: boolean,
  log: HostLog
): Promise<void> {
  const { config, targets } = ctx
  const roles = targets.roles.filter((r) => r.hosts.some((h) => h.address === address))
  const failures: unknown[] = []
  for (const role of roles) {
    const host = role.hosts.find((h) => h.address === address)
    if (!host) continue
    throwIfCancelled(ctx.signal)
    if (role !== primary && !(await barrierPassed(barrier))) {
      const message = `First ${config.primaryRole} container is unhealthy, not booting ${role.name} on ${address}`
      ctx.report.boots.push({
        host: address,
        role: role.name,
        versionBooted: ctx.version,
        health: 'not booted',
        ok: false,
        seconds: 0,
        error: message
      })
      failures.push(new Error(message))
      continue
    }
    // The host's last role prunes once the host is done (and tags, see tagsInBoot).
    const last = roles.at(-1) === role
    try {
      await recordBoot(
        ctx,
        bootOne(
          ctx,
          role,
          host,
          // The lock goes with the last boot only when every boot before it succeeded (a failed run
          // releases it at its end, or keeps it with hold-lock-on-error).
          { prune: prune && last, tag: last && tagsInBoot(ctx), release: release && last && failures.length === 0 },
          log
        )
      )
      if (role === primary) barrier.open()
    } catch (error) {
      if (role === primary) barrier.close(error instanceof Error ? error : new Error(errorMessage(error)))
      failures.push(error)
    }
  }
  if (failures.length > 0) throw failures[0]
}

/** A boot's result in the run's report, whether it succeeded or failed (then thrown again). */
async function recordBoot(ctx: RunContext, boot: Promise<BootResult>): Promise<void> {
  try {
    ctx.report.boots.push(await boot)
  } catch (error) {
    if (error instanceof BootFailedError) ctx.report.boots.push(error.boot)
    throw error
  }
}

async function barrierPassed(barrier: Barrier): Promise<boolean> {
  try {
    await barrier.passed
    return true
  } catch {
    return false
  }
}

/** Kamal's hooks that run between the lock and the boot (a deploy with one of them takes its execs one by one). */
const BETWEEN_LOCK_AND_BOOT: HookName[] = ['pre-deploy', 'pre-app-boot', 'post-app-boot']

/**
 * The deploy's pull, lock and boot in one exec: one app host, which is the lock host, with one
 * role, none behind kamal-proxy (which needs a proxy boot before), and none of the hooks that run
 * between the lock and the boot (pre-deploy, pre-app-boot, post-app-boot). Undefined otherwise.
 */
export function oneExecDeploy(ctx: RunContext): { role: Role; host: Host } | undefined {
  const { targets } = ctx
  const [role, ...others] = targets.roles
  const host = role?.hosts.find((h) => h.address === targets.primaryHost)
  if (!role || others.length > 0 || role.proxyConfig || !host || targets.appHosts.length !== 1) return undefined
  if (BETWEEN_LOCK_AND_BOOT.some((name) => hookExists(ctx, name))) return undefined
  return { role, host }
}

/**
 * A deploy to one host in one exec (see `oneExecDeploy`): `bootScript` with the pull exec's lines
 * and the lock as its head (`lockAndList`), pruning, tagging and releasing the lock at its end as
 * the host's last boot does — one SSH command instead of two, and the host lists its containers
 * while it inspects the image. Throws LockHeldError when the lock is held (having noted the early
 * probe: a run that waits for the lock then boots in an exec of its own).
 */
export async function deployInOneExec(
  ctx: RunContext,
  { role, host }: { role: Role; host: Host },
  lock: LockDetails,
  locked: () => void
): Promise<void> {
  const title = `Pull ${imageRef(ctx.config, ctx.version)}, take the deploy lock and boot ${ctx.version} on ${host.address}`
  await ctx.reporter.group(title, () =>
    onHosts(ctx, [host.address], async (_, log) => {
      await recordBoot(
        ctx,
        bootOne(ctx, role, host, { prune: true, tag: tagsInBoot(ctx), release: true }, log, { lock, locked })
      )
    })
  )
}
