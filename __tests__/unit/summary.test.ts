// The job summary: configuration problems are all listed with file:line:col, HTML-escaped.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { maskSecrets, type Core } from '../../src/action/core.js'
import { renderSummary, SUMMARY_MAX_BYTES } from '../../src/action/summary.js'
import { emptyReport, type BootResult } from '../../src/flows/report.js'

test('every configuration problem is listed in the summary with its place', () => {
  const report = emptyReport('deploy', 'v1')
  report.failure = { message: 'the deploy configuration has 2 problems' }
  report.configProblems = [
    { where: 'config/deploy.yml:3:1', message: 'healthcheck: unknown key: healthcheck' },
    { message: 'servers: <No servers> & "more"' }
  ]
  const html = renderSummary(report, 'Deploy of demo v1')
  assert.ok(
    html.includes(
      '<p><b>2 problems in the deploy configuration</b></p>\n<ul>\n<li><code>config/deploy.yml:3:1</code> healthcheck: unknown key: healthcheck</li>\n<li>servers: &lt;No servers&gt; &amp; &quot;more&quot;</li>\n</ul>\n'
    ),
    html
  )
  assert.ok(html.startsWith('<h2>❌ Deploy of demo v1</h2>\n'), html)
})

const boot = (host: string, over: Partial<BootResult> = {}): BootResult => ({
  host,
  role: 'web',
  versionBooted: 'v2',
  versionStopped: 'v1',
  health: 'healthy',
  proxy: 'switched',
  ok: true,
  seconds: 0.4,
  ...over
})
const hostsOf = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`)
const size = (html: string) => Buffer.byteLength(html)

test('a small fleet keeps a row per host', () => {
  const report = emptyReport('deploy', 'v2')
  report.boots = [boot('10.0.0.1'), boot('10.0.0.2', { ok: false, health: 'unhealthy (proxy)', proxy: 'failed' })]
  assert.ok(
    renderSummary(report, 'Deploy').includes(
      '<table><tr><th>Host</th><th>Role</th><th>Booted</th><th>Stopped</th><th>Health</th><th>Proxy</th><th>Seconds</th></tr><tr><td>10.0.0.1</td><td>web</td><td>v2</td><td>v1</td><td>healthy</td><td>switched</td><td>0.4</td></tr><tr><td>10.0.0.2</td><td>web</td><td>v2 (failed)</td><td>v1</td><td>unhealthy (proxy)</td><td>failed</td><td>0.4</td></tr></table>\n'
    )
  )
})

test('1,000 hosts: one row per group of identical results, failures first, the exceptions named', () => {
  const report = emptyReport('deploy', 'v2')
  const hosts = hostsOf(1000)
  report.hosts = hosts
  report.boots = hosts.map((h, i) =>
    i === 5 || i === 9
      ? boot(h, { ok: false, health: 'unhealthy (proxy)', proxy: 'failed', seconds: 30 })
      : i === 700
        ? boot(h, { versionStopped: 'v0', seconds: 1.5 })
        : boot(h, { seconds: i % 2 ? 0.2 : 0.6 })
  )
  report.boots.reverse() // the order they finished in: the summary lists them in the run's host order
  report.execCounts = Object.fromEntries(hosts.map((h, i) => [h, i === 0 ? 4 : 3]))
  const html = renderSummary(report, 'Deploy')
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1])
  assert.deepEqual(rows.slice(0, 4), [
    '<th>Hosts</th><th>Role</th><th>Booted</th><th>Stopped</th><th>Health</th><th>Proxy</th><th>Seconds (median, range)</th>',
    '<td>10.0.0.6, 10.0.0.10</td><td>web</td><td>v2 (failed)</td><td>v1</td><td>unhealthy (proxy)</td><td>failed</td><td>30.0</td>',
    `<td><details><summary>997 hosts</summary>${hosts.filter((_, i) => i !== 5 && i !== 9 && i !== 700).join(', ')}</details></td><td>web</td><td>v2</td><td>v1</td><td>healthy</td><td>switched</td><td>0.6 (0.2–0.6)</td>`,
    `<td>${hosts[700]}</td><td>web</td><td>v2</td><td>v0</td><td>healthy</td><td>switched</td><td>1.5</td>`
  ])
  assert.ok(html.includes('<p>1000 boots in 3 groups of identical results, failures first, then the most common:</p>'))
  assert.ok(html.includes('<th>Hosts</th><th>Commands</th></tr><tr><td><details><summary>999 hosts</summary>'))
  assert.ok(html.includes(`<td>4</td></tr>`) && html.includes(`<tr><td>${hosts[0]}</td><td>4</td></tr>`))
  assert.ok(size(html) < 64 * 1024, `${size(html)} bytes`)
})

test('however the results differ, the summary stays within GitHub’s 1 MiB step-summary limit', () => {
  const report = emptyReport('deploy', 'v2')
  const hosts = hostsOf(1000)
  // Every host different: 50 rows, the others counted.
  report.boots = hosts.map((h, i) => boot(h, { versionStopped: `v1-${i}` }))
  const html = renderSummary(report, 'Deploy')
  assert.equal([...html.matchAll(/<tr>/g)].length, 1 + 50 + 1)
  assert.ok(
    html.includes(
      `<tr><td colspan="7">and 950 more hosts in 950 other groups (each host's result is in the log)</td></tr></table>`
    ),
    html
  )
  assert.ok(size(html) < SUMMARY_MAX_BYTES)
  // A plan of 1,000 hosts shows 20 of them.
  const plan = emptyReport('plan', 'v2')
  plan.plan = {
    planFor: 'deploy',
    missingSecrets: [],
    hosts: hosts.map((host) => ({ host, steps: ['x'.repeat(4000)] }))
  }
  const planned = renderSummary(plan, 'Plan')
  assert.equal([...planned.matchAll(/<details>/g)].length, 20)
  assert.ok(planned.includes('<p>The plans of the other 980 hosts are in the log (a group per host).</p>'))
  // Over a budget the host lists go first, then whole sections, with a note.
  const grouped = emptyReport('deploy', 'v2')
  grouped.boots = hosts.map((h) => boot(h))
  grouped.lock = { host: hosts[0], path: '.kamal/lock-demo', taken: true, released: true }
  const small = renderSummary(grouped, 'Deploy', {}, 4000)
  assert.ok(size(small) <= 4000, `${size(small)}`)
  assert.ok(!small.includes('<details>') && small.includes('<td>1000 hosts</td>'), small)
  assert.ok(small.endsWith('<p><i>Shortened to stay within the step-summary limit: the log has every host.</i></p>\n'))
  assert.ok(small.includes('taken and released'))
  const tiny = renderSummary(grouped, 'Deploy', {}, 300)
  assert.ok(size(tiny) <= 300 && tiny.startsWith('<h2>✅ Deploy</h2>') && !tiny.includes('<table>'), tiny)
})

test('masking: every secret of 4 characters or more, in each form it can take in output; shorter ones are not masked', () => {
  const masked: string[] = []
  const core = { setSecret: (v: string) => masked.push(v) } as unknown as Core
  maskSecrets(core, ['abc', 'pw"$x', 'long-secret'])
  assert.deepEqual(masked, ['pw"$x', 'pw\\"\\$x', 'long-secret'])
})
