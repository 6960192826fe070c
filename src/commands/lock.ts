// The deploy lock, bit-compatible with Kamal v2: an atomic `mkdir` on the primary host plus a
// base64 `details` file, so a Kamal CLI user sees our lock and we see theirs.
import type { DeployConfig } from '../config/types.js'
import { lockDir } from './naming.js'
import { encode64, quote } from './shell.js'

export interface LockDetails {
  lockedBy: string
  at: Date
  version: string
  message: string
}

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

/** Exit code of `acquireOrShowHolder` when someone else holds the lock (its details on stdout). */
export const LOCK_HELD_EXIT = 75

/** Takes the lock, or prints the holder's details and exits LOCK_HELD_EXIT. */
export function acquireOrShowHolder(config: DeployConfig, details: LockDetails): string {
  return `mkdir -p .kamal && { ${acquireLock(config, details)} ; } 2> /dev/null || { ${lockStatus(config)} ; exit ${LOCK_HELD_EXIT} ; }`
}

/** Releases the lock only when its details carry `token`; prints `released`, `absent` or `not ours`. */
export function releaseIfOwner(config: DeployConfig, token: string): string {
  const dir = lockDir(config)
  return `if [ ! -d ${dir} ]; then echo absent; elif base64 -d < ${dir}/details | grep -qF ${quote(token)}; then ${releaseLock(config)} && echo released; else echo 'not ours'; fi`
}
