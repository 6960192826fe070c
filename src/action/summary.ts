// The job summary: one glance tells what was deployed where, what failed, and the lock's fate.
// Small fleets get a row per host; large ones a row per group of hosts with identical results, the
// most common first and the exceptions naming their hosts, so that 1,000 hosts stay readable and
// the summary stays within GitHub's limit (1 MiB per step, past which the runner drops all of it).
import type { BootResult, BuildReport, HostOutput, RunReport } from '../flows/report.js'

/** Up to this many rows, a table lists every host; beyond, hosts with identical results share a row. */
export const HOST_ROWS_UP_TO = 20
/** At most this many grouped rows per table; the rest are counted in a last row (the log has them). */
const MAX_GROUPS = 50
/** Groups up to this size name their hosts in the row; larger ones in a collapsed list. */
const INLINE_HOSTS = 10
/** `plan` shows the commands of this many hosts; the others are in the log. */
const PLANNED_HOSTS = 20
/** The summary's budget: GitHub's 1 MiB step-summary limit, less a margin. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 64 * 1024

export interface Commit {
  sha: string
  url?: string
}

/** What the summary shows besides the flows' report: facts from GitHub. */
export interface SummaryExtra {
  commit?: Commit
  deployment?: { id: number; environment: string }
  /** The run was limited by the `hosts` input: `of` hosts without it (e.g. one shard of a sharded deploy). */
  scope?: { of: number }
}

/** How much a section may show: `full`, or `compact` when the full summary would be too large. */
type Detail = 'full' | 'compact'

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
    return previous
      .map(
        ([role, v]) =>
          `${escapeHtml(role)} ${v.slice(0, 10).map(code).join(', ')}${v.length > 10 ? ` and ${v.length - 10} more` : ''}`
      )
      .join(', ')
  const one = report.previousVersion ?? distinct[0]
  return one ? code(one) : undefined
}

/** The line of facts under the title: version, commit, previous version, deployment, hosts, time. */
function facts(report: RunReport, { commit, deployment, scope }: SummaryExtra): string {
  const short = commit ? code(commit.sha.slice(0, 7)) : ''
  const previous = previousText(report)
  const items = [
    ...(report.version || !report.line ? [`<b>Version</b> ${code(report.version || '–')}`] : []),
    ...(commit ? [`<b>Commit</b> ${commit.url ? `<a href="${escapeHtml(commit.url)}">${short}</a>` : short}`] : []),
    ...(previous ? [`<b>Previous</b> ${previous}`] : []),
    ...(deployment ? [`<b>GitHub deployment</b> ${deployment.id} to ${code(deployment.environment)}`] : []),
    `<b>Hosts</b> ${report.hosts.length}${scope ? ` of ${scope.of} (hosts input)` : ''}`,
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

function plan({ planFor, hosts, missingSecrets, runner }: NonNullable<RunReport['plan']>, detail: Detail): string {
  const parts = [
    `<p>What a <code>${escapeHtml(planFor)}</code> would run, host by host and in order (nothing was connected to; secrets travel only on stdin and are not shown).</p>\n`
  ]
  if (missingSecrets.length > 0)
    parts.push(
      `<p>⚠️ Secrets not defined yet: ${missingSecrets.map((m) => `<code>${escapeHtml(m)}</code>`).join(', ')}</p>\n`
    )
  if (runner)
    parts.push(
      `<details><summary>the runner (build, with buildx): ${runner.length} command${runner.length > 1 ? 's' : ''}</summary>\n\n<pre>${escapeHtml(runner.join('\n\n'))}</pre>\n</details>\n`
    )
  const shown = hosts.slice(0, detail === 'full' ? PLANNED_HOSTS : 1)
  for (const h of shown)
    parts.push(
      `<details><summary>${escapeHtml(h.host)}: ${h.steps.length} exec${h.steps.length > 1 ? 's' : ''}${h.route && h.route !== 'direct' ? `, ${escapeHtml(h.route)}` : ''}</summary>\n\n<pre>${escapeHtml(h.steps.join('\n\n'))}</pre>\n</details>\n`
    )
  if (hosts.length > shown.length)
    parts.push(
      `<p>The plans of the other ${hosts.length - shown.length} hosts are in the log (a group per host).</p>\n`
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
      : `${hosts.length <= INLINE_HOSTS ? hosts.map(escapeHtml).join(', ') : `${hosts.length} hosts`} ${route === 'direct' ? 'directly' : escapeHtml(route)}`
  )
  return `<p><b>Reached</b> ${groups.join('; ')}</p>\n`
}

/** Hosts that share a result: its cells, its hosts (in report order) and their seconds. */
interface Group {
  cells: (string | undefined)[]
  hosts: string[]
  seconds: number[]
  failed: boolean
}

/** Rows grouped by their cells: failures first, then the most common; at most MAX_GROUPS. */
function groupRows<T>(
  items: T[],
  cells: (item: T) => (string | undefined)[],
  meta: (item: T) => { host: string; seconds?: number; failed?: boolean },
  order: readonly string[]
): { groups: Group[]; more: { hosts: number; groups: number } } {
  const byKey = new Map<string, Group>()
  for (const item of items) {
    const c = cells(item)
    const key = JSON.stringify(c)
    const m = meta(item)
    const group = byKey.get(key) ?? { cells: c, hosts: [], seconds: [], failed: false }
    group.hosts.push(m.host)
    if (m.seconds !== undefined) group.seconds.push(m.seconds)
    group.failed ||= m.failed ?? false
    byKey.set(key, group)
  }
  // Each group's hosts in the run's host order (the report has them in the order they finished).
  const rank = new Map(order.map((h, i) => [h, i]))
  const at = (h: string) => rank.get(h) ?? order.length
  for (const g of byKey.values()) g.hosts.sort((a, b) => at(a) - at(b))
  const sorted = [...byKey.values()].sort(
    (a, b) => Number(b.failed) - Number(a.failed) || b.hosts.length - a.hosts.length
  )
  const rest = sorted.slice(MAX_GROUPS)
  return {
    groups: sorted.slice(0, MAX_GROUPS),
    more: { hosts: rest.reduce((n, g) => n + g.hosts.length, 0), groups: rest.length }
  }
}

/** A group's hosts: named when few, else counted with the list collapsed (left out when compact). */
function hostsCell(hosts: string[], detail: Detail): string {
  if (hosts.length <= INLINE_HOSTS) return escapeHtml(hosts.join(', '))
  const count = `${hosts.length} hosts`
  return detail === 'compact' ? count : `<details><summary>${count}</summary>${escapeHtml(hosts.join(', '))}</details>`
}

/** Median and range of a group's seconds: `0.4` for one value, `0.4 (0.1–3.2)` for a spread. */
function secondsCell(seconds: number[]): string {
  if (seconds.length === 0) return '–'
  const sorted = [...seconds].sort((a, b) => a - b)
  const [min, max] = [sorted[0] as number, sorted.at(-1) as number]
  const median = (sorted[Math.floor(sorted.length / 2)] as number).toFixed(1)
  return min === max ? median : `${median} (${min.toFixed(1)}–${max.toFixed(1)})`
}

/** A table of grouped rows; `hosts` and `seconds` columns are filled in from each group. */
function groupedTable(header: string[], grouped: ReturnType<typeof groupRows>, detail: Detail, timed: boolean): string {
  const head = `<tr>${['Hosts', ...header, ...(timed ? ['Seconds (median, range)'] : [])].map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`
  const rows = grouped.groups.map(
    (g) =>
      `<tr><td>${hostsCell(g.hosts, detail)}</td>${g.cells.map((c) => `<td>${cell(c)}</td>`).join('')}${timed ? `<td>${secondsCell(g.seconds)}</td>` : ''}</tr>`
  )
  const { hosts, groups } = grouped.more
  const span = header.length + 1 + (timed ? 1 : 0)
  if (groups > 0)
    rows.push(
      `<tr><td colspan="${span}">and ${hosts} more host${hosts > 1 ? 's' : ''} in ${groups} other group${groups > 1 ? 's' : ''} (each host's result is in the log)</td></tr>`
    )
  return `<table>${head}${rows.join('')}</table>\n`
}

function boots(report: RunReport, detail: Detail): string {
  // The Proxy column (kamal-proxy's result) only when some role runs behind the proxy.
  const proxied = report.boots.some((b) => b.proxy !== undefined)
  const header = ['Role', 'Booted', 'Stopped', 'Health', ...(proxied ? ['Proxy'] : [])]
  const cells = (b: BootResult) => [
    b.role,
    b.ok ? b.versionBooted : `${b.versionBooted} (failed)`,
    b.versionStopped,
    b.health,
    ...(proxied ? [b.proxy] : [])
  ]
  if (report.boots.length <= HOST_ROWS_UP_TO)
    return table(
      ['Host', ...header, 'Seconds'],
      report.boots.map((b) => [b.host, ...cells(b), b.seconds.toFixed(1)])
    )
  const grouped = groupRows(
    report.boots,
    cells,
    (b) => ({ host: b.host, seconds: b.seconds, failed: !b.ok }),
    report.hosts
  )
  const n = grouped.groups.length + grouped.more.groups
  const intro = `<p>${report.boots.length} boots in ${n} group${n > 1 ? 's' : ''} of identical results${n > 1 ? ', failures first, then the most common' : ''}:</p>\n`
  return intro + groupedTable(header, grouped, detail, true)
}

function accessories(report: RunReport, detail: Detail): string {
  const list = report.accessories
  if (list.length <= HOST_ROWS_UP_TO)
    return table(
      ['Accessory', 'Host', 'Result', 'Seconds'],
      list.map((a) => [a.name, a.host, a.action, a.seconds.toFixed(1)])
    )
  const grouped = groupRows(
    list,
    (a) => [a.name, a.action],
    (a) => ({ host: a.host, seconds: a.seconds, failed: a.action === 'failed' }),
    report.hosts
  )
  return groupedTable(['Accessory', 'Result'], grouped, detail, true)
}

function dockerInstalled(hosts: string[], detail: Detail): string {
  if (hosts.length <= HOST_ROWS_UP_TO) return `<p>Docker installed on: ${escapeHtml(hosts.join(', '))}</p>\n`
  return `<p>Docker installed on ${hostsCell(hosts, detail)}</p>\n`
}

function execCounts(counts: [string, number][], order: readonly string[], detail: Detail): string {
  if (counts.length <= HOST_ROWS_UP_TO)
    return `<details><summary>SSH commands per host</summary>\n\n${table(['Host', 'Commands'], counts)}</details>\n`
  const grouped = groupRows(
    counts,
    ([, n]) => [String(n)],
    ([host]) => ({ host }),
    order
  )
  return `<details><summary>SSH commands per host</summary>\n\n${groupedTable(['Commands'], grouped, detail, false)}</details>\n`
}

function lock(l: RunReport['lock']): string {
  if (l.inherited) {
    const check = l.inherited.checked
      ? `checked on ${escapeHtml(l.host ?? '')}: <code>${escapeHtml(l.path ?? '')}</code> is held and carries the given lock-token`
      : l.host
        ? `<b>the check of the given lock-token on ${escapeHtml(l.host)} failed</b>`
        : 'not checked (no lock-token given)'
    return `<p><b>Lock</b> held by the calling workflow (KAMAL_LOCK=true), neither taken nor released by this step; ${check}</p>\n`
  }
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

function sections(report: RunReport, title: string, extra: SummaryExtra, detail: Detail): string[] {
  const parts = [`<h2>${report.failure ? '❌' : '✅'} ${escapeHtml(title)}</h2>\n`, facts(report, extra)]
  if (report.failure) parts.push(failure(report.failure))
  if (report.configProblems.length > 0) parts.push(configProblems(report.configProblems))
  if (report.build) parts.push(build(report.build))
  parts.push(reached(report.routes))
  if (report.plan) parts.push(plan(report.plan, detail))
  if (report.hooks.length > 0) parts.push(hooks(report.hooks))
  if (report.exec) parts.push(exec(report.exec))
  if (report.boots.length > 0) parts.push(boots(report, detail))
  if (report.versions) parts.push(versions(report.versions))
  if (report.outputs.length > 0) parts.push(hostOutputs(report.outputs))
  if (report.accessories.length > 0) parts.push(accessories(report, detail))
  if (report.dockerInstalled.length > 0) parts.push(dockerInstalled(report.dockerInstalled, detail))
  parts.push(lock(report.lock))
  const counts = Object.entries(report.execCounts)
  if (counts.length > 0 && detail === 'full') parts.push(execCounts(counts, report.hosts, detail))
  return parts
}

const bytes = (parts: string[]) => parts.reduce((n, p) => n + Buffer.byteLength(p), 0)

/**
 * The job summary as HTML, at most `maxBytes` (GitHub drops a step summary over 1 MiB): when the
 * full one is larger, host lists and the per-host extras are left out; if even that is too large,
 * the last sections are, with a note saying so.
 */
export function renderSummary(
  report: RunReport,
  title: string,
  extra: SummaryExtra = {},
  maxBytes = SUMMARY_MAX_BYTES
): string {
  const full = sections(report, title, extra, 'full')
  if (bytes(full) <= maxBytes) return full.join('')
  const compact = sections(report, title, extra, 'compact')
  const note = '<p><i>Shortened to stay within the step-summary limit: the log has every host.</i></p>\n'
  const kept: string[] = []
  for (const part of compact) {
    if (bytes(kept) + Buffer.byteLength(part) + Buffer.byteLength(note) > maxBytes) break
    kept.push(part)
  }
  return kept.join('') + note
}
