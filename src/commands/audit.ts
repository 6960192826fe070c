// Kamal's audit log: one line per state-changing step, appended on the host it acts on.
import type { DeployConfig } from '../config/types.js'
import { auditLog } from './naming.js'
import { kamalValue } from './shell.js'

export function auditLine(
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
  return `mkdir -p .kamal && echo ${kamalValue(`${fields} ${message}`)} >> ${auditLog(config)}`
}

/** `audit`: the last 50 lines of the audit log. */
export function auditReveal(config: DeployConfig): string {
  return `tail -n 50 ${auditLog(config)}`
}
