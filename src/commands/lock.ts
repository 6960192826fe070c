// The deploy lock, bit-compatible with Kamal v2 (lib/kamal/commands/lock.rb): an atomic `mkdir` on
// the primary host plus a base64 `details` file, so a Kamal CLI user sees our lock and we see theirs.
import type { DeployConfig } from '../config/types.js'
import { lockDir } from './naming.js'
import { EXIT, reportLine } from './protocol.js'
import { type Fragment, type RemoteCommand, single } from './script.js'
import { encode64, quote } from './shell.js'

export interface LockDetails {
  lockedBy: string
  at: Date
  version: string
  message: string
}

/** What became of a lock a run went to release. */
export type ReleaseOutcome = 'released' | 'not ours' | 'absent'

export function lockDetailsText(d: LockDetails): string {
  const at = d.at.toISOString().replace(/\.\d{3}Z$/, 'Z')
  return `Locked by: ${d.lockedBy} at ${at}\nVersion: ${d.version}\nMessage: ${d.message}`
}

/** `mkdir` without `-p` is the test-and-set: it fails when the lock exists. */
export function acquireLock(config: DeployConfig, details: LockDetails): string {
  const dir = lockDir(config)
  return `mkdir ${dir} && echo "${encode64(lockDetailsText(details))}" > ${dir}/details`
}

export function lockStatus(config: DeployConfig): string {
  const dir = lockDir(config)
  return `stat ${dir} > /dev/null && cat ${dir}/details | base64 -d`
}

export function releaseLock(config: DeployConfig): string {
  const dir = lockDir(config)
  return `rm ${dir}/details && rm -r ${dir}`
}

export const AUTOMATIC_LOCK_MESSAGE = 'Automatic deploy lock'

/** Takes the lock, or prints the holder's details and exits EXIT.lockHeld. */
export function acquireOrShowHolder(config: DeployConfig, details: LockDetails): string {
  return `mkdir -p .kamal && { ${acquireLock(config, details)} ; } 2> /dev/null || { ${lockStatus(config)} ; exit ${EXIT.lockHeld} ; }`
}

/** Releases the lock only when its details carry `token`; reports `lock` = released, absent or not ours. */
export function releaseIfOwner(config: DeployConfig, token: string): string {
  const dir = lockDir(config)
  return `if [ ! -d ${dir} ]; then ${reportLine('lock', 'absent')}; elif base64 -d < ${dir}/details | grep -qF ${quote(token)}; then ${releaseLock(config)} && ${reportLine('lock', 'released')}; else ${reportLine('lock', 'not ours')}; fi`
}

/**
 * `releaseIfOwner` as the last line of a script that did the run's last work on the lock host (a
 * boot: see bootApp's `release`), saving the run its finish round trip. A failed release does not
 * fail the script: without the `lock` report the run releases the lock itself afterwards.
 */
export function releaseIfOwnerAtEnd(config: DeployConfig, token: string): Fragment {
  return {
    lines: [`{ ${releaseIfOwner(config, token)} ; } || echo "could not release the deploy lock here" >&2`],
    assumed: { lock: 'released' }
  }
}

/**
 * hold-lock-on-error: when the lock carries `token` (ours), its details are replaced by `details`
 * (naming the failure) and the lock stays; reports `lock` = kept, absent or not ours.
 */
export function keepIfOwner(config: DeployConfig, token: string, details: LockDetails): RemoteCommand {
  const dir = lockDir(config)
  return single(
    `if [ ! -d ${dir} ]; then ${reportLine('lock', 'absent')}; elif base64 -d < ${dir}/details | grep -qF ${quote(token)}; then echo "${encode64(lockDetailsText(details))}" > ${dir}/details && ${reportLine('lock', 'kept')}; else ${reportLine('lock', 'not ours')}; fi`,
    { lock: 'kept' }
  )
}

/** Removes whatever lock is there (Kamal's `lock release`); reports `lock` = released or absent. */
export function forceRelease(config: DeployConfig): RemoteCommand {
  const dir = lockDir(config)
  return single(
    `if [ -d ${dir} ]; then ${releaseLock(config)} && ${reportLine('lock', 'released')}; else ${reportLine('lock', 'absent')}; fi`,
    { lock: 'released' }
  )
}

/** The decoded details of the current lock (empty output when there is none). */
export function readLock(config: DeployConfig): RemoteCommand {
  return single(`${lockStatus(config)} 2> /dev/null || true`)
}

/**
 * `commands` (may be none), then this run's lock released whatever they did, in one exec: the
 * script exits with the commands' status and reports the lock's fate either way.
 */
export function thenReleaseIfOwner(config: DeployConfig, token: string, commands: readonly string[]): Fragment {
  return {
    lines: ['set +e', '(', 'set -e', ...commands, ')', 'RC=$?', releaseIfOwner(config, token), 'exit $RC'],
    assumed: { lock: 'released' }
  }
}
