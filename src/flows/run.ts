// The locked flows as the action runs them: `deploy`, `setup`, and the manual lock commands.
import { AUTOMATIC_LOCK_MESSAGE } from '../commands/lock.js'
import { lockDir } from '../commands/naming.js'
import type { ReadLocalFile } from './accessory.js'
import { bootApp } from './boot.js'
import { throwIfCancelled, type RunContext } from './context.js'
import { finishDeploy } from './deploy.js'
import { HostsError, LockHeldError } from './errors.js'
import {
  checkInheritedLock,
  forceRelease,
  lockDetails,
  noteRelease,
  readLock,
  releaseOwnLock,
  takeLock
} from './lock.js'
import { bootProxies, proxyHosts } from './proxy.js'
import { pullOnAppHosts } from './pull.js'
import { setupLocked } from './setup.js'

export interface LockHooks {
  /** Called before the lock is taken, so a later `post` step can release it if we are killed. */
  beforeAcquire(info: { host: string; path: string; token: string }): void
  /** Called once the lock is held (or inherited), before anything changes on the hosts. */
  afterAcquire?(): void
  afterRelease(): void
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

/** A lock someone else holds (thrown as is, or by one host of a HostsError) is recorded for the
 * summary and becomes the error of the run; any other error stays as it is. */
function lockHeldOr(ctx: RunContext, error: unknown): unknown {
  const held = error instanceof HostsError ? error.failures.find((f) => f.error instanceof LockHeldError)?.error : error
  if (!(held instanceof LockHeldError)) return error
  ctx.report.lock.holder = held.details.trim()
  return held
}

/** Releases this run's lock (if it holds one) and tells the adapter once it is released. */
async function releaseAtEnd(ctx: RunContext, hooks: LockHooks): Promise<void> {
  await releaseRunLock(ctx)
  if (ctx.report.lock.released) hooks.afterRelease()
}

export async function withLock(ctx: RunContext, hooks: LockHooks, fn: () => Promise<void>): Promise<void> {
  if (hooks.inherited) {
    await inheritLock(ctx, hooks)
    return fn()
  }
  const { host, path } = announceLock(ctx, hooks)
  try {
    await ctx.reporter.group(`Acquire the deploy lock on ${host}`, async () => {
      await takeLock(ctx.pool.get(host), ctx.config, ctx.lock, ctx.version)
      ctx.reporter.info(`Acquired the deploy lock ${path} as ${ctx.lock.name}`)
    })
  } catch (error) {
    throw lockHeldOr(ctx, error)
  }
  ctx.report.lock.taken = true
  try {
    hooks.afterAcquire?.()
    await fn()
  } finally {
    await releaseAtEnd(ctx, hooks)
  }
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

/**
 * Deploy in at most 3 round trips per host on success — pull (+ take the lock on the primary host),
 * boot (one per role: run, wait healthy, stop old), finish (tag, prune, + release the lock) — and
 * a fourth on hosts behind kamal-proxy (make sure the proxy runs).
 */
export async function runDeploy(ctx: RunContext, hooks: LockHooks): Promise<void> {
  if (hooks.inherited) {
    await inheritLock(ctx, hooks)
    await pullOnAppHosts(ctx)
    await bootProxies(ctx, proxyHosts(ctx, false))
    await bootApp(ctx)
    return finishDeploy(ctx)
  }
  const { host } = announceLock(ctx, hooks)
  try {
    await pullOnAppHosts(ctx, { host, details: lockDetails(ctx.lock, ctx.version) })
    hooks.afterAcquire?.()
    throwIfCancelled(ctx.signal)
    await bootProxies(ctx, proxyHosts(ctx, false))
    throwIfCancelled(ctx.signal)
    await bootApp(ctx)
    await finishDeploy(ctx)
  } catch (error) {
    throw lockHeldOr(ctx, error)
  } finally {
    await releaseAtEnd(ctx, hooks)
  }
}

export async function runSetup(ctx: RunContext, hooks: LockHooks, readLocalFile: ReadLocalFile): Promise<void> {
  await withLock(ctx, hooks, () => setupLocked(ctx, readLocalFile))
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
