// The job summary: one glance tells what was deployed where, what failed, and the lock's fate.
import type { BootResult, RunReport } from '../flows/report.js'

export interface Commit {
  sha: string
  url?: string
}

/** What the summary shows besides the flows' report: facts from GitHub. */
export interface SummaryExtra {
  commit?: Commit
  deployment?: { id: number; environment: string }
}

/** Per role, the versions stopped on its hosts (in host order, each once), for roles that had one. */
export function previousVersionsByRole(boots: BootResult[]): [string, string[]][] {
  const byRole = new Map<string, string[]>()
  for (const b of boots) {
    const list = byRole.get(b.role) ?? []
    if (b.versionStopped && !list.includes(b.versionStopped)) list.push(b.versionStopped)
    byRole.set(b.role, list)
  }
  return [...byRole].filter(([, versions]) => versions.length > 0)
}

const code = (s: string) => `<code>${escapeHtml(s)}</code>`

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const cell = (s: string | number | undefined) => (s === undefined || s === '' ? '–' : escapeHtml(String(s)))

function table(header: string[], rows: (string | number | undefined)[][]): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`).join('')
  return `<table>${head}${body}</table>\n`
}

export function renderSummary(report: RunReport, title: string, extra: SummaryExtra = {}): string {
  const ok = !report.failure
  const parts: string[] = []
  parts.push(`<h2>${ok ? '✅' : '❌'} ${escapeHtml(title)}</h2>\n`)
  const { commit, deployment } = extra
  const short = commit ? code(commit.sha.slice(0, 7)) : ''
  // Per role when the roles ran different versions before; else the primary role's, as the output.
  const previous = previousVersionsByRole(report.boots)
  const distinct = new Set(previous.flatMap(([, v]) => v))
  const previousText =
    distinct.size > 1
      ? previous.map(([role, v]) => `${escapeHtml(role)} ${v.map(code).join(', ')}`).join(', ')
      : report.previousVersion
        ? code(report.previousVersion)
        : distinct.size === 1
          ? code([...distinct][0] as string)
          : undefined
  const facts = [
    `<b>Version</b> ${code(report.version || '–')}`,
    ...(commit ? [`<b>Commit</b> ${commit.url ? `<a href="${escapeHtml(commit.url)}">${short}</a>` : short}`] : []),
    ...(previousText ? [`<b>Previous</b> ${previousText}`] : []),
    ...(deployment ? [`<b>GitHub deployment</b> ${deployment.id} to ${code(deployment.environment)}`] : []),
    `<b>Hosts</b> ${report.hosts.length}`,
    `<b>Time</b> ${report.durationSeconds.toFixed(1)} s`
  ]
  parts.push(`<p>${facts.join(' · ')}</p>\n`)
  if (report.failure) {
    const f = report.failure
    parts.push(
      `<p><b>Failed${f.host ? ` on ${escapeHtml(f.host)}` : ''}${f.command ? ` running <code>${escapeHtml(f.command)}</code>` : ''}</b>: ${escapeHtml(f.message.split('\n')[0] ?? '')}</p>\n`
    )
    const detail = f.output ?? (f.message.includes('\n') ? f.message : undefined)
    if (detail) parts.push(`<pre>${escapeHtml(detail)}</pre>\n`)
  }
  if (report.configProblems.length > 0) {
    const n = report.configProblems.length
    parts.push(`<p><b>${n} problem${n > 1 ? 's' : ''} in the deploy configuration</b></p>\n<ul>\n`)
    for (const p of report.configProblems)
      parts.push(`<li>${p.where ? `<code>${escapeHtml(p.where)}</code> ` : ''}${escapeHtml(p.message)}</li>\n`)
    parts.push('</ul>\n')
  }
  if (report.plan) {
    const { planFor, hosts, missingSecrets } = report.plan
    parts.push(
      `<p>What a <code>${escapeHtml(planFor)}</code> would run, host by host and in order (nothing was connected to; secrets travel only on stdin and are not shown).</p>\n`
    )
    if (missingSecrets.length > 0)
      parts.push(
        `<p>⚠️ Secrets not defined yet: ${missingSecrets.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>\n`
      )
    for (const h of hosts)
      parts.push(
        `<details><summary>${escapeHtml(h.host)}: ${h.steps.length} exec${h.steps.length > 1 ? 's' : ''}</summary>\n\n<pre>${escapeHtml(h.steps.join('\n\n'))}</pre>\n</details>\n`
      )
  }
  if (report.boots.length > 0) {
    // The Proxy column (kamal-proxy's result) only when some role runs behind the proxy.
    const proxied = report.boots.some((b) => b.proxy !== undefined)
    parts.push(
      table(
        ['Host', 'Role', 'Booted', 'Stopped', 'Health', ...(proxied ? ['Proxy'] : []), 'Seconds'],
        report.boots.map((b) => [
          b.host,
          b.role,
          b.ok ? b.versionBooted : `${b.versionBooted} (failed)`,
          b.versionStopped,
          b.health,
          ...(proxied ? [b.proxy] : []),
          b.seconds.toFixed(1)
        ])
      )
    )
  }
  if (report.accessories.length > 0) {
    parts.push(
      table(
        ['Accessory', 'Host', 'Result', 'Seconds'],
        report.accessories.map((a) => [a.name, a.host, a.action, a.seconds.toFixed(1)])
      )
    )
  }
  if (report.dockerInstalled.length > 0)
    parts.push(`<p>Docker installed on: ${escapeHtml(report.dockerInstalled.join(', '))}</p>\n`)
  const l = report.lock
  if (l.host) {
    const state = l.taken
      ? l.released
        ? 'taken and released'
        : '<b>taken and still held</b>'
      : l.holder
        ? 'held by someone else'
        : l.released
          ? 'released'
          : 'not taken'
    parts.push(`<p><b>Lock</b> <code>${escapeHtml(l.path ?? '')}</code> on ${escapeHtml(l.host)}: ${state}</p>\n`)
    if (l.holder) parts.push(`<pre>${escapeHtml(l.holder)}</pre>\n`)
  }
  const counts = Object.entries(report.execCounts)
  if (counts.length > 0)
    parts.push(
      `<details><summary>SSH commands per host</summary>\n\n${table(['Host', 'Commands'], counts)}</details>\n`
    )
  return parts.join('')
}
