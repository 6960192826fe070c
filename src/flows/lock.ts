// Taking, inspecting and releasing the Kamal-compatible deploy lock on the primary host.
import {
  acquireOrShowHolder,
  AUTOMATIC_LOCK_MESSAGE,
  forceRelease as forceReleaseCommand,
  readLock as readLockCommand,
  releaseIfOwner,
  type LockDetails,
  type ReleaseOutcome
} from '../commands/lock.js'
import { EXIT, parseReport } from '../commands/protocol.js'
import { single } from '../commands/script.js'
import type { DeployConfig } from '../config/types.js'
import { BOOKKEEPING, type HostConnection, type LockIdentity, type RunContext } from './context.js'
import { LockError, LockHeldError } from './errors.js'

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

/** The decoded details of the current lock, or undefined when there is none. */
export async function readLock(host: HostConnection, config: DeployConfig): Promise<string | undefined> {
  const result = await host.exec(readLockCommand(config), 'read the deploy lock', BOOKKEEPING)
  const text = result.stdout.trim()
  return text ? text : undefined
}
