// Taking, inspecting and releasing the Kamal-compatible deploy lock on the primary host.
import {
  acquireOrShowHolder,
  lockStatus,
  releaseIfOwner,
  releaseLock,
  AUTOMATIC_LOCK_MESSAGE,
  LOCK_HELD_EXIT,
  type LockDetails
} from '../commands/lock.js'
import { lockDir } from '../commands/naming.js'
import type { DeployConfig } from '../config/types.js'
import type { HostConnection, RunContext } from './context.js'

/** Who this run is; `token` goes into the lock details so that we only ever release our own lock. */
export interface LockIdentity {
  name: string
  token: string
}

export class LockHeldError extends Error {
  constructor(
    readonly host: string,
    readonly details: string
  ) {
    super(
      `Deploy lock already in place on ${host}!\n${details.trim()}\nDeploy lock found. Run the action with command: lock-release (or \`kamal lock release\`) once you are sure nobody is deploying.`
    )
    this.name = 'LockHeldError'
  }
}

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
  const result = await host.exec(acquireOrShowHolder(config, lockDetails(identity, version, message)), {
    label: 'take the deploy lock'
  })
  if (result.code === LOCK_HELD_EXIT) throw new LockHeldError(host.host, result.stdout)
  if (result.code !== 0)
    throw new Error(
      `host ${host.host}: could not take the deploy lock: ${result.stderr.trim() || `exit ${result.code}`}`
    )
}

/** Releases the lock only when its details carry our token (never someone else's lock). */
export async function releaseOwnLock(
  host: HostConnection,
  config: DeployConfig,
  identity: LockIdentity
): Promise<ReleaseOutcome> {
  const result = await host.exec(releaseIfOwner(config, identity.token), { label: 'release the deploy lock' })
  const word = result.stdout.trim()
  if (result.code !== 0 || !['released', 'not ours', 'absent'].includes(word))
    throw new Error(
      `host ${host.host}: releasing the deploy lock failed: ${result.stderr.trim() || word || `exit ${result.code}`}`
    )
  return word as ReleaseOutcome
}

export type ReleaseOutcome = 'released' | 'not ours' | 'absent'

/** Records that this run's lock is settled on `host` and says how: released, or found gone or foreign. */
export function noteRelease(ctx: RunContext, host: string, outcome: ReleaseOutcome): void {
  ctx.report.lock.released = true
  if (outcome === 'released') ctx.reporter.info(`Released the deploy lock on ${host}`)
  else
    ctx.reporter.warning(
      `The deploy lock on ${host} was ${outcome === 'absent' ? 'already gone' : "someone else's"} when we went to release it`
    )
}

/** Releases whatever lock is there (the manual `lock-release`). */
export async function forceRelease(host: HostConnection, config: DeployConfig): Promise<boolean> {
  const dir = lockDir(config)
  const result = await host.exec(
    `if [ -d ${dir} ]; then ${releaseLock(config)} && echo released; else echo absent; fi`,
    { label: 'release the deploy lock' }
  )
  if (result.code !== 0) throw new Error(`host ${host.host}: releasing the deploy lock failed: ${result.stderr.trim()}`)
  return result.stdout.trim() === 'released'
}

/** The decoded details of the current lock, or undefined when there is none. */
export async function readLock(host: HostConnection, config: DeployConfig): Promise<string | undefined> {
  const result = await host.exec(`${lockStatus(config)} 2> /dev/null || true`, { label: 'read the deploy lock' })
  const text = result.stdout.trim()
  return text ? text : undefined
}
