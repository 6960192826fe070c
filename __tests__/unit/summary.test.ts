// The job summary (configuration problems listed with file:line:col, HTML-escaped) and the masking of secrets.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { maskSecrets, type Core } from '../../src/action/core.js'
import { renderSummary } from '../../src/action/summary.js'
import { emptyReport } from '../../src/flows/report.js'

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

test('masking: every secret of 4 characters or more, in each form it can take in output; shorter ones are not masked', () => {
  const masked: string[] = []
  const core = { setSecret: (v: string) => masked.push(v) } as unknown as Core
  maskSecrets(core, ['abc', 'pw"$x', 'long-secret'])
  assert.deepEqual(masked, ['pw"$x', 'pw\\"\\$x', 'long-secret'])
})
