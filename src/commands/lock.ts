// The deploy lock, bit-compatible with Kamal v2: an atomic `mkdir` on the primary host plus a
// base64 `details` file, so a Kamal CLI user sees our lock and we see theirs.
import type { DeployConfig } from '../config/types.js'
import { lockDir } from './naming.js'
import { encode64 } from './shell.js'

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
