// What a finished run leaves for the workflow: step outputs and the job summary.
import { proxyUrl } from '../commands/proxy.js'
import { ConfigError } from '../config/errors.js'
import type { DeployConfig } from '../config/types.js'
import { describeFailure } from '../flows/hosts.js'
import type { RunReport } from '../flows/report.js'
import { errorMessage } from '../util/values.js'
import type { Core } from './core.js'
import { renderSummary, type SummaryExtra } from './summary.js'

const TITLES: Record<string, string> = {
  setup: 'Setup',
  deploy: 'Deploy',
  plan: 'Plan',
  'lock-status': 'Lock status',
  'lock-acquire': 'Lock acquire',
  'lock-release': 'Lock release',
  build: 'Build',
  redeploy: 'Redeploy',
  rollback: 'Rollback',
  exec: 'Exec'
}

/** Records a failure in the report: every config problem with its place, or the failed host and command. */
export function recordFailure(report: RunReport, failure: unknown): void {
  if (failure instanceof ConfigError) {
    report.configProblems = failure.problems.map((p) => ({
      where: p.location ? `${p.location.file}:${p.location.line}:${p.location.column}` : undefined,
      message: p.keyPath ? `${p.keyPath}: ${p.message}` : p.message
    }))
    const n = failure.problems.length
    report.failure = { message: `the deploy configuration has ${n} problem${n > 1 ? 's' : ''}` }
  } else report.failure = describeFailure(failure)
}

export function summaryTitle(report: RunReport, config: DeployConfig | undefined): string {
  const app = config ? ` of ${config.service}${config.destination ? ` (${config.destination})` : ''}` : ''
  const title = TITLES[report.command]
  // A Kamal command line is its own title (the default version means nothing to it).
  if (!title) return `kamal ${report.line ?? report.command}${app}`
  return `${title}${app}${report.version ? ` ${report.version}` : ''}`
}

/** Sets every output (`more` after the standard ones) and writes the job summary (a summary that
 * cannot be written is a warning). */
export async function publish(
  core: Core,
  report: RunReport,
  config: DeployConfig | undefined,
  extra: SummaryExtra,
  more: Record<string, string> = {}
): Promise<void> {
  core.setOutput('version', report.version)
  core.setOutput('previous-version', report.previousVersion ?? '')
  core.setOutput('hosts', JSON.stringify(report.hosts))
  core.setOutput('duration', report.durationSeconds.toFixed(1))
  core.setOutput('deployment-id', extra.deployment === undefined ? '' : String(extra.deployment.id))
  core.setOutput('url', config ? proxyUrl(config) : '')
  // lock-status: whether a lock is there, and its decoded details.
  core.setOutput('locked', report.command === 'lock-status' ? String(report.lock.holder !== undefined) : '')
  core.setOutput('lock-holder', report.command === 'lock-status' ? (report.lock.holder ?? '') : '')
  core.setOutput('versions', report.versions ? JSON.stringify(report.versions) : '')
  core.setOutput('image', report.build?.image ?? '')
  core.setOutput('digest', report.build?.digest ?? '')
  core.setOutput('exec-output', report.exec?.output ?? '')
  for (const [name, value] of Object.entries(more)) core.setOutput(name, value)
  try {
    await core.summary.addRaw(renderSummary(report, summaryTitle(report, config), extra)).write()
  } catch (e) {
    core.warning(`Could not write the job summary: ${errorMessage(e)}`)
  }
}
