// Kamal's audit log: one line per state-changing step, appended on the host it acts on.
import type { DeployConfig } from '../config/types.js'
import { auditLog } from './naming.js'
import { kamalValue } from './shell.js'

/** Kamal's audit line (`mkdir -p .kamal && echo … >> .kamal/<service>-audit.log`). */
export function auditLine(...args: Parameters<typeof auditAppend>): string {
  return `mkdir -p .kamal && ${auditAppend(...args)}`
}

/** `auditLine`, or `auditAppend` where the script made `.kamal` first (`kamalDirMade`). */
export const auditFor = (kamalDirMade: boolean): typeof auditAppend => (kamalDirMade ? auditAppend : auditLine)

/**
 * `auditLine` without its `mkdir -p .kamal`, for a script that made `.kamal` in its first line
 * (a boot exec, see `cancelHandling`): the same line appended, one process start fewer.
 */
export function auditAppend(
  config: DeployConfig,
  performer: string,
  message: string,
  tags: string[] = [],
  at = new Date()
): string {
  const time = at.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const fields = [time, performer, ...(config.destination ? [config.destination] : []), ...tags]
    .map((f) => `[${f}]`)
    .join(' ')
  return `echo ${kamalValue(`${fields} ${message}`)} >> ${auditLog(config)}`
}

/** `audit`: the last 50 lines of the audit log. */
export function auditReveal(config: DeployConfig): string {
  return `tail -n 50 ${auditLog(config)}`
}
