// The locked flows as the action runs them — `deploy`, `redeploy`, `setup`, `rollback` — with
// Kamal's hooks at Kamal's points, and the manual lock commands.
import { AUTOMATIC_LOCK_MESSAGE, type LockDetails } from '../commands/lock.js'
import { lockDir } from '../commands/naming.js'
import type { ReadLocalFile } from './accessory.js'
import { bootApp, deployInOneExec, oneExecDeploy } from './boot.js'
import { throwIfCancelled, type RunContext } from './context.js'
import { finishDeploy } from './deploy.js'
import { HostsError, LockHeldError } from './errors.js'
import { runHook, runtimeSince } from './hooks.js'
import {
  checkInheritedLock,
  forceRelease,
  keepLock,
  lockDetails,
  noteRelease,
  readLock,
  releaseOwnLock,
  takeLock,
  waitForLock
} from './lock.js'
import { bootProxies, proxyHosts } from './proxy.js'
import { pullOnAppHosts } from './pull.js'
import { checkRollbackVersion } from './rollback.js'
import { setupLocked } from './setup.js'

export interface LockHooks {
  /** Called before the lock is taken, so a later `post` step can release it if we are killed. */
  beforeAcquire(info: { host: string; path: string; token: string }): void
  /** Called once the lock is held (or inherited), before anything changes on the hosts. */
  afterAcquire?(): void
  afterRelease(): void
  /** hold-lock-on-error kept the lock after a failure: the post step must leave it. */
  afterKeep?(): void
  /** KAMAL_LOCK=true: a wrapping process already holds the lock (Kamal's lock inheritance). */
  inherited: boolean
  /** With `inherited`: the lock must be held on `host` and carry `token` (the `lock-token` input). */
  inheritedLock?: { host: string; token: string }
}

/** Records where the lock will be and tells the adapter (for the post step) before it is taken. */
function announceLock(ctx: RunContext, hooks: LockHooks): { host: string; path: string } {
  const host = ctx.targets.primaryHost
  const path = lockDir(ctx.config)
  ctx.report.lock.host = host
  ctx.report.lock.path = path
  hooks.beforeAcquire({ host, path, token: ctx.lock.token })
  return { host, path }
}

/**
 * KAMAL_LOCK=true: a wrapping process (or workflow) holds the lock, so this run neither takes nor
 * releases it; given its token, it first checks that the lock is still held and is that one.
 */
async function inheritLock(ctx: RunContext, hooks: LockHooks): Promise<void> {
  const expected = hooks.inheritedLock
  ctx.report.lock.inherited = { checked: false }
  if (expected) {
    ctx.report.lock.host = expected.host
    ctx.report.lock.path = lockDir(ctx.config)
    await checkInheritedLock(ctx.pool.get(expected.host), ctx.config, expected.token)
    ctx.report.lock.inherited.checked = true
    ctx.reporter.info(
      `KAMAL_LOCK=true: working under the deploy lock ${lockDir(ctx.config)} on ${expected.host}, which carries the given lock-token`
    )
  } else ctx.reporter.info('KAMAL_LOCK=true: the deploy lock is held by the calling process; not taking it again')
  hooks.afterAcquire?.()
}

/** The LockHeldError behind `error` (itself, or the only kind of failure of a HostsError). */
function heldIn(error: unknown): LockHeldError | undefined {
  if (error instanceof LockHeldError) return error
  if (!(error instanceof HostsError)) return undefined
  const errors = error.failures.map((f) => f.error)
  const first = errors[0]
  return first instanceof LockHeldError && errors.every((e) => e instanceof LockHeldError) ? first : undefined
}

/** A lock someone else holds (thrown as is, or by one host of a HostsError) is recorded for the
 * summary and becomes the error of the run; any other error stays as it is. */
function lockHeldOr(ctx: RunContext, error: unknown): unknown {
  const held = error instanceof HostsError ? error.failures.find((f) => f.error instanceof LockHeldError)?.error : error
  if (!(held instanceof LockHeldError)) return error
  ctx.report.lock.holder = held.details.trim()
  return held
}

/** `attempt` takes the lock (alone or with other work); when it is held, lock-wait waits for it. */
async function acquire(ctx: RunContext, attempt: () => Promise<void>): Promise<void> {
  try {
    await attempt()
  } catch (error) {
    const held = heldIn(error)
    if (!held || !ctx.lockWait) throw lockHeldOr(ctx, error)
    try {
      await waitForLock(ctx, held)
    } catch (waitError) {
      throw lockHeldOr(ctx, waitError)
    }
  }
  ctx.report.lock.taken = true
}

/** Releases this run's lock (if it holds one) and tells the adapter once it is released. */
async function releaseAtEnd(ctx: RunContext, hooks: LockHooks): Promise<void> {
  await releaseRunLock(ctx)
  if (ctx.report.lock.released) hooks.afterRelease()
}

/**
 * The end of a locked flow: the lock is released, unless the flow failed (not cancelled) with
 * hold-lock-on-error, which keeps it with details naming the failure (the original Kamal's
 * `hold_lock_on_error`) and says how to release it.
 */
async function endLocked(ctx: RunContext, hooks: LockHooks, failure: unknown): Promise<void> {
  const { lock } = ctx.report
  const keep = failure !== undefined && ctx.holdLockOnError && !ctx.signal.aborted && lock.taken && !lock.released
  if (!keep || !lock.host) return releaseAtEnd(ctx, hooks)
  const outcome = await keepLock(ctx, lock.host, failure)
  if (outcome !== 'kept') return noteRelease(ctx, lock.host, outcome)
  hooks.afterKeep?.()
  ctx.reporter.warning(
    `Deploy lock was not released (hold-lock-on-error): ${lock.path ?? ''} on ${lock.host} is kept, its message naming the failure. Look at the hosts, then release it with a step running this action with command: lock-release (or \`kamal lock release\`).`
  )
}

/**
 * A flow under the deploy lock: `attempt` takes it (with `lock` set; alone or with other work,
 * lock-wait waiting when it is held), then `body` runs, and the lock is released at the end (or
 * kept, see endLocked). With KAMAL_LOCK=true the lock is inherited: `attempt` gets no lock.
 */
async function locked(
  ctx: RunContext,
  hooks: LockHooks,
  attempt: (lock?: { host: string; details: LockDetails }) => Promise<void>,
  body: () => Promise<void>
): Promise<void> {
  if (hooks.inherited) {
    await inheritLock(ctx, hooks)
    await attempt()
    return body()
  }
  const { host } = announceLock(ctx, hooks)
  let failure: unknown
  try {
    await acquire(ctx, () => attempt({ host, details: lockDetails(ctx.lock, ctx.version) }))
    hooks.afterAcquire?.()
    throwIfCancelled(ctx.signal)
    await body()
  } catch (error) {
    failure = error
    throw lockHeldOr(ctx, error)
  } finally {
    await endLocked(ctx, hooks, failure)
  }
}

/** The lock alone, in its own exec and log group. */
export async function withLock(ctx: RunContext, hooks: LockHooks, fn: () => Promise<void>): Promise<void> {
  const take = async (lock?: { host: string }) => {
    if (!lock) return
    await ctx.reporter.group(`Acquire the deploy lock on ${lock.host}`, async () => {
      await takeLock(ctx.pool.get(lock.host), ctx.config, ctx.lock, ctx.version)
      ctx.reporter.info(`Acquired the deploy lock ${lockDir(ctx.config)} as ${ctx.lock.name}`)
    })
  }
  await locked(ctx, hooks, take, fn)
}

const releasing = new WeakMap<RunContext, Promise<void>>()

/** Releases the lock this run holds (idempotent, and safe to call twice at once: the flow's
 * `finally` and a SIGINT/SIGTERM handler may both get here). */
export function releaseRunLock(ctx: RunContext): Promise<void> {
  let p = releasing.get(ctx)
  if (!p) {
    p = doRelease(ctx)
    releasing.set(ctx, p)
  }
  return p
}

async function doRelease(ctx: RunContext): Promise<void> {
  // `host` is set just before the lock is requested: a signal may arrive while that request is in
  // flight, so release by token even before `taken` is known (it never touches another's lock).
  const host = ctx.report.lock.host
  if (!host || ctx.report.lock.released) return
  const outcome = await releaseOwnLock(ctx.pool.get(host), ctx.config, ctx.lock)
  // Still 'absent' while our request may land later: then only the post step can be sure.
  if (outcome === 'released' || ctx.report.lock.taken) noteRelease(ctx, host, outcome)
}

/** What a deploy does besides the pull and the boot: Kamal's `redeploy` skips both. */
export interface DeployKind {
  /** Make sure kamal-proxy runs on the proxy hosts (and the `kamal` network exists). */
  proxies: boolean
  /** Prune old containers and images after the boot. */
  prune: boolean
}

export const DEPLOY: DeployKind = { proxies: true, prune: true }
/** Kamal's `redeploy`: no proxy boot, no network creation, no accessory boot, no prune. */
export const REDEPLOY: DeployKind = { proxies: false, prune: false }

/**
 * Deploy in at most 3 round trips per host on success — pull (+ take the lock on the primary host),
 * boot (one per role: run, wait healthy, stop old, prune, tag), finish (+ release the lock) — and
 * a fourth on hosts behind kamal-proxy (make sure the proxy runs); one in all for a single app
 * host without the proxy (deployInOneExec). Kamal's hooks: pre-deploy once
 * the lock is held, pre/post-app-boot around each boot group, post-deploy after the release.
 */
export async function runDeploy(ctx: RunContext, hooks: LockHooks, kind: DeployKind = DEPLOY): Promise<void> {
  const started = Date.now()
  // One app host that is the lock host, no proxy, no hooks in between: all in one exec.
  const one = kind === DEPLOY ? oneExecDeploy(ctx) : undefined
  let deployed = false
  // In one exec the lock is taken while the exec goes on: the adapter hears of it then, once.
  let told = false
  const tell = () => {
    if (!told) hooks.afterAcquire?.()
    told = true
  }
  await locked(
    ctx,
    { ...hooks, afterAcquire: tell },
    async (lock) => {
      if (!one || !lock) return pullOnAppHosts(ctx, lock)
      await deployInOneExec(ctx, one, lock.details, tell)
      deployed = true
    },
    async () => {
      // Booted in the first exec (after a held lock that lock-wait waited for: booted here).
      if (!deployed) {
        await runHook(ctx, 'pre-deploy')
        throwIfCancelled(ctx.signal)
        if (kind.proxies) await bootProxies(ctx, proxyHosts(ctx, false))
        throwIfCancelled(ctx.signal)
        await bootApp(ctx, { prune: kind.prune, release: true })
      }
      await finishDeploy(ctx)
    }
  )
  await runHook(ctx, 'post-deploy', { runtime: runtimeSince(started) })
}

/** Kamal's `setup`: everything under the lock, post-deploy included (before the release). */
export async function runSetup(ctx: RunContext, hooks: LockHooks, readLocalFile: ReadLocalFile): Promise<void> {
  const started = Date.now()
  await withLock(ctx, hooks, async () => {
    await setupLocked(ctx, readLocalFile)
    await runHook(ctx, 'post-deploy', { runtime: runtimeSince(started) })
  })
}

/**
 * Kamal's `rollback VERSION`: under the lock, the version must be a container on every targeted
 * app host and role (else nothing changes); then pre-deploy and the boot of that version through
 * the deploy's own path (proxy switch or health wait, the old one stopped only once the new one is
 * ready) without pull or prune; post-deploy after the release.
 */
export async function runRollback(ctx: RunContext, hooks: LockHooks): Promise<void> {
  const started = Date.now()
  await withLock(ctx, hooks, async () => {
    await checkRollbackVersion(ctx)
    await runHook(ctx, 'pre-deploy')
    throwIfCancelled(ctx.signal)
    await bootApp(ctx, { prune: false })
    await finishDeploy(ctx)
  })
  await runHook(ctx, 'post-deploy', { runtime: runtimeSince(started) })
}

export async function runLockStatus(ctx: RunContext): Promise<string | undefined> {
  const details = await readLock(ctx.pool.get(ctx.targets.primaryHost), ctx.config)
  ctx.reporter.info(details ? `Deploy lock on ${ctx.targets.primaryHost}:\n${details}` : 'There is no deploy lock')
  ctx.report.lock = {
    host: ctx.targets.primaryHost,
    path: lockDir(ctx.config),
    taken: false,
    released: false,
    holder: details
  }
  return details
}

/** A manual lock (for maintenance): it is kept after the run, for `lock-release` to remove. */
export async function runLockAcquire(ctx: RunContext, message: string): Promise<void> {
  const host = ctx.pool.get(ctx.targets.primaryHost)
  await takeLock(host, ctx.config, ctx.lock, ctx.version, message || AUTOMATIC_LOCK_MESSAGE)
  ctx.report.lock = { host: host.host, path: lockDir(ctx.config), taken: true, released: false }
  ctx.reporter.info(`Acquired the deploy lock on ${host.host}`)
}

/**
 * Removes the lock whoever holds it (Kamal's `lock release`); given a `token` (the `lock-token`
 * input, e.g. a sharded workflow's release job), only the lock that carries it: any other lock is
 * left alone, with a warning.
 */
export async function runLockRelease(ctx: RunContext, token?: string): Promise<void> {
  const host = ctx.pool.get(ctx.targets.primaryHost)
  const holder = await readLock(host, ctx.config)
  if (token) {
    const outcome = await releaseOwnLock(host, ctx.config, { name: '', token })
    ctx.report.lock = {
      host: host.host,
      path: lockDir(ctx.config),
      taken: false,
      released: outcome === 'released',
      holder
    }
    if (outcome === 'released')
      ctx.reporter.info(`Released the deploy lock on ${host.host} (it was: ${holder ?? 'unreadable'})`)
    else
      ctx.reporter.warning(
        outcome === 'absent'
          ? `There is no deploy lock on ${host.host} to release`
          : `The deploy lock on ${host.host} does not carry the given lock-token: left in place. It is:\n${holder ?? 'unreadable'}`
      )
    return
  }
  const released = await forceRelease(host, ctx.config)
  ctx.report.lock = { host: host.host, path: lockDir(ctx.config), taken: false, released, holder }
  ctx.reporter.info(
    released
      ? `Released the deploy lock on ${host.host} (it was: ${holder ?? 'unreadable'})`
      : 'There is no deploy lock'
  )
}
