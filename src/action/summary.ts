// The job summary: one glance tells what was deployed where, what failed, and the lock's fate.
import type { BootResult, BuildReport, HostOutput, RunReport } from '../flows/report.js'

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

/** The previous version: per role when the roles ran different ones, else the primary role's (the output). */
function previousText(report: RunReport): string | undefined {
  const previous = previousVersionsByRole(report.boots)
  const distinct = [...new Set(previous.flatMap(([, v]) => v))]
  if (distinct.length > 1)
    return previous.map(([role, v]) => `${escapeHtml(role)} ${v.map(code).join(', ')}`).join(', ')
  const one = report.previousVersion ?? distinct[0]
  return one ? code(one) : undefined
}

/** The line of facts under the title: version, commit, previous version, deployment, hosts, time. */
function facts(report: RunReport, { commit, deployment }: SummaryExtra): string {
  const short = commit ? code(commit.sha.slice(0, 7)) : ''
  const previous = previousText(report)
  const items = [
    ...(report.version || !report.line ? [`<b>Version</b> ${code(report.version || '–')}`] : []),
    ...(commit ? [`<b>Commit</b> ${commit.url ? `<a href="${escapeHtml(commit.url)}">${short}</a>` : short}`] : []),
    ...(previous ? [`<b>Previous</b> ${previous}`] : []),
    ...(deployment ? [`<b>GitHub deployment</b> ${deployment.id} to ${code(deployment.environment)}`] : []),
    `<b>Hosts</b> ${report.hosts.length}`,
    `<b>Time</b> ${report.durationSeconds.toFixed(1)} s`
  ]
  return `<p>${items.join(' · ')}</p>\n`
}

function failure(f: NonNullable<RunReport['failure']>): string {
  const where = `${f.host ? ` on ${escapeHtml(f.host)}` : ''}${f.command ? ` running <code>${escapeHtml(f.command)}</code>` : ''}`
  const detail = f.output ?? (f.message.includes('\n') ? f.message : undefined)
  return `<p><b>Failed${where}</b>: ${escapeHtml(f.message.split('\n')[0] ?? '')}</p>\n${detail ? `<pre>${escapeHtml(detail)}</pre>\n` : ''}`
}

function configProblems(problems: RunReport['configProblems']): string {
  const n = problems.length
  const items = problems.map(
    (p) => `<li>${p.where ? `<code>${escapeHtml(p.where)}</code> ` : ''}${escapeHtml(p.message)}</li>\n`
  )
  return `<p><b>${n} problem${n > 1 ? 's' : ''} in the deploy configuration</b></p>\n<ul>\n${items.join('')}</ul>\n`
}

function plan({ planFor, hosts, missingSecrets, runner }: NonNullable<RunReport['plan']>): string {
  const parts = [
    `<p>What a <code>${escapeHtml(planFor)}</code> would run, host by host and in order (nothing was connected to; secrets travel only on stdin and are not shown).</p>\n`
  ]
  if (runner)
    parts.push(
      `<details><summary>the runner (build, with buildx): ${runner.length} command${runner.length > 1 ? 's' : ''}</summary>\n\n<pre>${escapeHtml(runner.join('\n\n'))}</pre>\n</details>\n`
    )
  if (missingSecrets.length > 0)
    parts.push(
      `<p>⚠️ Secrets not defined yet: ${missingSecrets.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>\n`
    )
  for (const h of hosts)
    parts.push(
      `<details><summary>${escapeHtml(h.host)}: ${h.steps.length} exec${h.steps.length > 1 ? 's' : ''}${h.route && h.route !== 'direct' ? `, ${escapeHtml(h.route)}` : ''}</summary>\n\n<pre>${escapeHtml(h.steps.join('\n\n'))}</pre>\n</details>\n`
    )
  return parts.join('')
}

/** Bytes as people read image sizes. */
function size(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`
}

/** The image built on the runner: what was pushed, its digest and size, with what, and how long it took. */
function build(b: BuildReport): string {
  const sizes = b.sizes.map((s) => `${s.platform ? `${escapeHtml(s.platform)} ` : ''}${size(s.bytes)} (${s.kind})`)
  const items = [
    `<b>Built</b> ${code(b.image)}`,
    ...(b.digest ? [`<b>Digest</b> ${code(b.digest)}`] : []),
    ...(sizes.length > 0 ? [`<b>Size</b> ${sizes.join(', ')}`] : []),
    `<b>Platforms</b> ${escapeHtml(b.platforms.join(', '))}`,
    `<b>With</b> ${escapeHtml(b.builder)}`,
    `<b>Build time</b> ${b.seconds.toFixed(1)} s`
  ]
  return `<p>${items.join(' · ')}</p>\n`
}

/** How the hosts were reached, hosts grouped by route: `10.0.1.5, 10.0.1.6 via bastion b`. */
export function reached(routes: Record<string, string>): string {
  const byRoute = new Map<string, string[]>()
  for (const [host, route] of Object.entries(routes)) byRoute.set(route, [...(byRoute.get(route) ?? []), host])
  if (byRoute.size === 0) return ''
  const groups = [...byRoute].map(([route, hosts]) =>
    route === 'direct' && byRoute.size === 1
      ? 'every host directly'
      : `${hosts.map(escapeHtml).join(', ')} ${route === 'direct' ? 'directly' : escapeHtml(route)}`
  )
  return `<p><b>Reached</b> ${groups.join('; ')}</p>\n`
}

function boots(report: RunReport): string {
  // The Proxy column (kamal-proxy's result) only when some role runs behind the proxy.
  const proxied = report.boots.some((b) => b.proxy !== undefined)
  return table(
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
}

function lock(l: RunReport['lock']): string {
  if (!l.host) return ''
  const state = l.kept
    ? '<b>taken and kept after the failure</b> (hold-lock-on-error: release it with <code>command: lock-release</code>)'
    : l.taken
      ? l.released
        ? 'taken and released'
        : '<b>taken and still held</b>'
      : l.holder
        ? 'held by someone else'
        : l.released
          ? 'released'
          : 'not taken'
  const waited = l.waitedSeconds === undefined ? '' : ` · waited ${l.waitedSeconds.toFixed(1)} s for it (lock-wait)`
  const line = `<p><b>Lock</b> <code>${escapeHtml(l.path ?? '')}</code> on ${escapeHtml(l.host)}: ${state}${waited}</p>\n`
  const details = l.kept ?? l.holder
  return details ? `${line}<pre>${escapeHtml(details)}</pre>\n` : line
}

/** Kamal's hooks that ran on the runner, in order, with their time. */
function hooks(list: RunReport['hooks']): string {
  return table(
    ['Hook', 'Result', 'Seconds'],
    list.map((h) => [h.name, h.ok ? 'ok' : `failed (${h.exit ?? 'error'})`, h.seconds.toFixed(1)])
  )
}

/** `exec`: the command and each host's exit code (the output is in the log and the exec-output output). */
function exec(e: NonNullable<RunReport['exec']>): string {
  return `<p><b>Exec</b> <code>${escapeHtml(e.command)}</code></p>\n${table(
    ['Host', 'Role', 'Exit code', 'Seconds'],
    e.runs.map((r) => [r.host, r.role, r.code ?? 'none', r.seconds.toFixed(1)])
  )}`
}

/** Lines of a host's output the summary keeps (the log has all of them). */
export const SUMMARY_OUTPUT_LINES = 30

/** Each host's output, collapsed, with its last lines. */
function hostOutputs(outputs: HostOutput[]): string {
  return outputs
    .map((o) => {
      const lines = o.text.split('\n')
      const shown = lines.slice(-SUMMARY_OUTPUT_LINES)
      const more = lines.length > shown.length ? ` (last ${shown.length} of ${lines.length} lines)` : ''
      return `<details><summary><code>${escapeHtml(o.host)}</code> ${escapeHtml(o.title)}${more}</summary>\n\n<pre>${escapeHtml(shown.join('\n') || '(nothing)')}</pre>\n</details>\n`
    })
    .join('')
}

function versions(v: NonNullable<RunReport['versions']>): string {
  return table(
    ['Host', 'Role', 'Running version'],
    Object.entries(v).flatMap(([host, roles]) => Object.entries(roles).map(([role, version]) => [host, role, version]))
  )
}

export function renderSummary(report: RunReport, title: string, extra: SummaryExtra = {}): string {
  const parts = [`<h2>${report.failure ? '❌' : '✅'} ${escapeHtml(title)}</h2>\n`, facts(report, extra)]
  if (report.failure) parts.push(failure(report.failure))
  if (report.configProblems.length > 0) parts.push(configProblems(report.configProblems))
  if (report.build) parts.push(build(report.build))
  parts.push(reached(report.routes))
  if (report.plan) parts.push(plan(report.plan))
  if (report.hooks.length > 0) parts.push(hooks(report.hooks))
  if (report.exec) parts.push(exec(report.exec))
  if (report.boots.length > 0) parts.push(boots(report))
  if (report.versions) parts.push(versions(report.versions))
  if (report.outputs.length > 0) parts.push(hostOutputs(report.outputs))
  if (report.accessories.length > 0)
    parts.push(
      table(
        ['Accessory', 'Host', 'Result', 'Seconds'],
        report.accessories.map((a) => [a.name, a.host, a.action, a.seconds.toFixed(1)])
      )
    )
  if (report.dockerInstalled.length > 0)
    parts.push(`<p>Docker installed on: ${escapeHtml(report.dockerInstalled.join(', '))}</p>\n`)
  parts.push(lock(report.lock))
  const counts = Object.entries(report.execCounts)
  if (counts.length > 0)
    parts.push(
      `<details><summary>SSH commands per host</summary>\n\n${table(['Host', 'Commands'], counts)}</details>\n`
    )
  return parts.join('')
}
