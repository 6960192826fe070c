// Taking, inspecting and releasing the Kamal-compatible deploy lock on the primary host.
import {
  acquireOrShowHolder,
  AUTOMATIC_LOCK_MESSAGE,
  keepIfOwner,
  forceRelease as forceReleaseCommand,
  readLock as readLockCommand,
  releaseIfOwner,
  lockDetailsText,
  type LockDetails,
  type ReleaseOutcome
} from '../commands/lock.js'
import { EXIT, parseReport } from '../commands/protocol.js'
import { single } from '../commands/script.js'
import type { DeployConfig } from '../config/types.js'
import { cut, errorMessage } from '../util/values.js'
import {
  BOOKKEEPING,
  pause,
  throwIfCancelled,
  type HostConnection,
  type LockIdentity,
  type RunContext
} from './context.js'
import { LockError, LockHeldError } from './errors.js'
import { secondsSince } from './report.js'

export function lockedByText(identity: LockIdentity): string {
  return `${identity.name} [${identity.token}]`
}

export function lockDetails(identity: LockIdentity, version: string, message = AUTOMATIC_LOCK_MESSAGE): LockDetails {
  return { lockedBy: lockedByText(identity), at: new Date(), version, message }
}

/** Takes the lock in one round trip; when someone holds it, fails with the holder's details. */
export async function takeLock(
  host: HostConnection,
  config: DeployConfig,
  identity: LockIdentity,
  version: string,
  message = AUTOMATIC_LOCK_MESSAGE
): Promise<void> {
  const result = await host.exec(
    single(acquireOrShowHolder(config, lockDetails(identity, version, message))),
    'take the deploy lock',
    BOOKKEEPING
  )
  if (result.code === EXIT.lockHeld) throw new LockHeldError(host.host, result.stdout)
  if (result.code !== 0)
    throw new LockError(
      `host ${host.host}: could not take the deploy lock: ${result.stderr.trim() || `exit ${result.code}`}`
    )
}

const OUTCOMES: readonly string[] = ['released', 'not ours', 'absent'] satisfies ReleaseOutcome[]

/** The lock outcome a script reported (undefined when it reported none). */
export function reportedRelease(stdout: string): ReleaseOutcome | undefined {
  const outcome = parseReport(stdout).lock
  return outcome !== undefined && OUTCOMES.includes(outcome) ? (outcome as ReleaseOutcome) : undefined
}

/** Releases the lock only when its details carry our token (never someone else's lock). */
export async function releaseOwnLock(
  host: HostConnection,
  config: DeployConfig,
  identity: LockIdentity
): Promise<ReleaseOutcome> {
  const result = await host.exec(
    single(releaseIfOwner(config, identity.token), { lock: 'released' }),
    'release the deploy lock',
    BOOKKEEPING
  )
  const outcome = reportedRelease(result.stdout)
  if (result.code !== 0 || !outcome)
    throw new LockError(
      `host ${host.host}: releasing the deploy lock failed: ${result.stderr.trim() || `exit ${result.code}`}`
    )
  return outcome
}

/** Records that this run's lock is settled on `host` and says how: released, or found gone or foreign. */
export function noteRelease(ctx: RunContext, host: string, outcome: ReleaseOutcome): void {
  ctx.report.lock.released = true
  if (outcome === 'released') ctx.reporter.info(`Released the deploy lock on ${host}`)
  else
    ctx.reporter.warning(
      `The deploy lock on ${host} was ${outcome === 'absent' ? 'already gone' : "someone else's"} when we went to release it`
    )
}

/** Releases whatever lock is there (the manual `lock-release`); true when there was one. */
export async function forceRelease(host: HostConnection, config: DeployConfig): Promise<boolean> {
  const result = await host.exec(forceReleaseCommand(config), 'release the deploy lock', BOOKKEEPING)
  if (result.code !== 0)
    throw new LockError(`host ${host.host}: releasing the deploy lock failed: ${result.stderr.trim()}`)
  return reportedRelease(result.stdout) === 'released'
}

/**
 * KAMAL_LOCK=true with a lock-token: the lock this run works under must be held, and be the one the
 * token names (a re-run after the release job, or a lock released and taken by someone else since,
 * stops here, before any host is touched).
 */
export async function checkInheritedLock(host: HostConnection, config: DeployConfig, token: string): Promise<void> {
  const details = await readLock(host, config)
  if (details === undefined)
    throw new LockError(
      `KAMAL_LOCK=true, but there is no deploy lock on ${host.host}: the lock this run should work under was released (or never taken); take it again (command: lock-acquire) before deploying`
    )
  if (!details.includes(token))
    throw new LockError(
      `KAMAL_LOCK=true, but the deploy lock on ${host.host} is not the one given as lock-token (${token}); it is:\n${details}`
    )
}

/** The decoded details of the current lock, or undefined when there is none. */
export async function readLock(host: HostConnection, config: DeployConfig): Promise<string | undefined> {
  const result = await host.exec(readLockCommand(config), 'read the deploy lock', BOOKKEEPING)
  const text = result.stdout.trim()
  return text ? text : undefined
}

/** Whether a lock's decoded details are those of an automatic deploy lock (the only kind lock-wait waits for). */
export function isAutomaticLock(details: string): boolean {
  return details.split('\n').some((l) => l.trim() === `Message: ${AUTOMATIC_LOCK_MESSAGE}`)
}

/** Who holds a lock, from its details' first line (`Locked by: NAME at TIME`). */
export function lockHolder(details: string): string {
  const first = details.trim().split('\n')[0] ?? ''
  return first.replace(/^Locked by: /, '') || 'someone (the lock has no details yet, or is being released)'
}

/**
 * Kamal 2.12's `--lock-wait`: after a first attempt found the lock `held`, takes it again every
 * `lock-wait-interval` seconds until it is free, for at most `lock-wait-timeout` seconds, with a
 * line per try naming the holder and the time left. Only automatic locks are waited for: a lock
 * taken by hand (any other message) fails at once, as Kamal does. The wait is in the report.
 */
export async function waitForLock(ctx: RunContext, held: LockHeldError): Promise<void> {
  const { timeoutSeconds, intervalSeconds } = ctx.lockWait ?? { timeoutSeconds: 0, intervalSeconds: 1 }
  const host = ctx.pool.get(held.host)
  const started = Date.now()
  const deadline = started + timeoutSeconds * 1000
  let details = held.details
  ctx.reporter.info(`Acquiring the deploy lock on ${host.host} (waiting up to ${timeoutSeconds}s)...`)
  try {
    for (;;) {
      // Empty details: the lock is being taken or released right now (mkdir, then details), so wait.
      if (details.trim() && !isAutomaticLock(details))
        throw new LockHeldError(
          host.host,
          details,
          `Deploy lock on ${host.host} held manually, not waiting (lock-wait waits only for automatic deploy locks):\n${details.trim()}\nRun the action with command: lock-release (or \`kamal lock release\`) once the work it protects is done.`
        )
      const remaining = Math.ceil((deadline - Date.now()) / 1000)
      if (remaining <= 0)
        throw new LockHeldError(
          host.host,
          details,
          `Timed out after ${timeoutSeconds}s waiting for the deploy lock on ${host.host}, held by ${lockHolder(details)}:\n${details.trim()}`
        )
      const next = Math.min(intervalSeconds, remaining)
      ctx.reporter.info(
        `Deploy lock is held by ${lockHolder(details)}; retrying in ${next}s (${remaining}s remaining)...`
      )
      await pause(ctx, next)
      throwIfCancelled(ctx.signal)
      try {
        await takeLock(host, ctx.config, ctx.lock, ctx.version)
        break
      } catch (error) {
        if (!(error instanceof LockHeldError)) throw error
        details = error.details
      }
    }
  } finally {
    ctx.report.lock.waitedSeconds = secondsSince(started)
  }
  ctx.reporter.info(
    `Acquired the deploy lock ${ctx.report.lock.path ?? ''} after waiting ${ctx.report.lock.waitedSeconds}s`
  )
}

/**
 * hold-lock-on-error: keeps this run's lock after `failure`, its details naming the failure (and
 * no longer our token, so that our post step leaves it too); a run with lock-wait does not wait
 * for it, since it is not an automatic lock. Returns what became of the lock.
 */
export async function keepLock(
  ctx: RunContext,
  host: string,
  failure: unknown
): Promise<'kept' | 'absent' | 'not ours'> {
  const reason = cut((errorMessage(failure).split('\n')[0] ?? '').trim(), 300)
  const details: LockDetails = {
    lockedBy: ctx.lock.name,
    at: new Date(),
    version: ctx.version,
    message: `Kept after a failed ${ctx.report.command} of ${ctx.version} (hold-lock-on-error): ${reason}`
  }
  const result = await ctx.pool.get(host).exec(keepIfOwner(ctx.config, ctx.lock.token, details), 'keep the deploy lock')
  const outcome = parseReport(result.stdout).lock
  if (result.code !== 0 || (outcome !== 'kept' && outcome !== 'absent' && outcome !== 'not ours'))
    throw new LockError(
      `host ${host}: keeping the deploy lock failed: ${result.stderr.trim() || `exit ${result.code}`}`
    )
  if (outcome === 'kept') ctx.report.lock.kept = lockDetailsText(details)
  return outcome
}
