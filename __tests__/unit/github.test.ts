// The pure parts of the GitHub integration: which commit is deployed, the URLs, the inputs, and the
// job summary's commit and previous versions.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, test } from 'node:test'
import {
  commitUrl,
  deploymentTarget,
  description,
  readEventPayload,
  runLogUrl,
  splitRepository
} from '../../src/action/deployments.js'
import { defaultEnvironment, defaultVersion, InputError, parseBoolean, readInputs } from '../../src/action/inputs.js'
import { previousVersionsByRole, renderSummary } from '../../src/action/summary.js'
import { emptyReport, type BootResult } from '../../src/flows/report.js'

const PUSH = '0123456789abcdef0123456789abcdef01234567'
const HEAD = 'feedfacecafebeef00112233445566778899aabb'
const prPayload = { pull_request: { head: { sha: HEAD, ref: 'topic' } } }

test('the deployed commit: the PR head on pull_request and pull_request_target, GITHUB_SHA otherwise', () => {
  assert.deepEqual(deploymentTarget({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: PUSH }, prPayload), {
    ref: HEAD,
    sha: HEAD
  })
  assert.deepEqual(deploymentTarget({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_SHA: PUSH }, prPayload), {
    ref: HEAD,
    sha: HEAD
  })
  assert.deepEqual(deploymentTarget({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: PUSH }, prPayload), {
    ref: PUSH,
    sha: PUSH
  })
  assert.deepEqual(deploymentTarget({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_SHA: PUSH }, {}), {
    ref: PUSH,
    sha: PUSH
  })
  // A payload without a usable head falls back to GITHUB_SHA; no SHA at all is an error.
  assert.deepEqual(
    deploymentTarget(
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_SHA: PUSH },
      { pull_request: { head: { sha: 'main' } } }
    ),
    { ref: PUSH, sha: PUSH }
  )
  assert.throws(
    () => deploymentTarget({ GITHUB_EVENT_NAME: 'pull_request' }, {}),
    /no pull_request\.head\.sha in the pull_request event payload and no GITHUB_SHA/
  )
  assert.throws(() => deploymentTarget({ GITHUB_EVENT_NAME: 'push' }, null), /GITHUB_SHA is not set/)
})

test('the event payload is read from GITHUB_EVENT_PATH; missing or broken gives {}', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-unit-'))
  writeFileSync(join(dir, 'event.json'), JSON.stringify(prPayload))
  writeFileSync(join(dir, 'broken.json'), '{"pull_request":')
  assert.deepEqual(readEventPayload({ GITHUB_EVENT_PATH: join(dir, 'event.json') }), prPayload)
  assert.deepEqual(readEventPayload({ GITHUB_EVENT_PATH: join(dir, 'broken.json') }), {})
  assert.deepEqual(readEventPayload({ GITHUB_EVENT_PATH: join(dir, 'missing.json') }), {})
  assert.deepEqual(readEventPayload({}), {})
})

test('log_url is the run page (the attempt page from attempt 2 on); commit URLs; owner/repo', () => {
  const env = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/demo', GITHUB_RUN_ID: '42' }
  assert.equal(runLogUrl(env), 'https://github.com/acme/demo/actions/runs/42')
  assert.equal(runLogUrl({ ...env, GITHUB_RUN_ATTEMPT: '1' }), 'https://github.com/acme/demo/actions/runs/42')
  assert.equal(
    runLogUrl({ ...env, GITHUB_RUN_ATTEMPT: '3' }),
    'https://github.com/acme/demo/actions/runs/42/attempts/3'
  )
  assert.equal(
    runLogUrl({ ...env, GITHUB_SERVER_URL: 'https://ghe.example.com/' }),
    'https://ghe.example.com/acme/demo/actions/runs/42'
  )
  assert.equal(
    runLogUrl({ GITHUB_REPOSITORY: 'acme/demo', GITHUB_RUN_ID: '42' }),
    'https://github.com/acme/demo/actions/runs/42'
  )
  assert.equal(runLogUrl({ GITHUB_REPOSITORY: 'acme/demo' }), undefined)
  assert.equal(commitUrl(env, PUSH), `https://github.com/acme/demo/commit/${PUSH}`)
  assert.equal(commitUrl({}, PUSH), undefined)
  assert.deepEqual(splitRepository('acme/demo'), { owner: 'acme', repo: 'demo' })
  assert.throws(() => splitRepository('demo'), /GITHUB_REPOSITORY 'demo' is not owner\/name/)
  assert.throws(() => splitRepository(undefined), /is not owner\/name/)
})

test('descriptions are cut to GitHub’s 140 characters', () => {
  assert.equal(description('Deployed v1'), 'Deployed v1')
  assert.equal(description('x'.repeat(140)), 'x'.repeat(140))
  assert.equal(description('x'.repeat(200)), `${'x'.repeat(139)}…`)
})

test('boolean inputs: YAML core booleans, empty is the default, anything else is an error', () => {
  assert.equal(parseBoolean('a', 'true', false), true)
  assert.equal(parseBoolean('a', 'False', true), false)
  assert.equal(parseBoolean('a', ' TRUE ', false), true)
  assert.equal(parseBoolean('a', '', false), false)
  assert.equal(parseBoolean('a', '', undefined), undefined)
  assert.throws(
    () => parseBoolean('github-deployment', 'yes', false),
    (e: unknown) =>
      e instanceof InputError && e.message === "Input github-deployment: 'yes' is not a boolean (true or false)"
  )
})

test('the environment: the input, else the destination, else production; the version from a tag', () => {
  assert.equal(defaultEnvironment('', undefined), 'production')
  assert.equal(defaultEnvironment('', 'staging'), 'staging')
  assert.equal(defaultEnvironment(' pr-7 ', 'staging'), 'pr-7')
  assert.equal(defaultVersion({ GITHUB_REF: 'refs/tags/v1.2.3', GITHUB_SHA: PUSH }), 'v1.2.3')
  assert.equal(defaultVersion({ GITHUB_REF: 'refs/heads/main', GITHUB_SHA: PUSH }), PUSH)
})

const INPUT_KEYS = [
  'github-deployment',
  'github-token',
  'environment',
  'environment-url',
  'transient-environment',
  'production-environment',
  'destination',
  'version'
]
afterEach(() => {
  for (const k of INPUT_KEYS) delete process.env[`INPUT_${k.toUpperCase()}`]
})
function withInputs(inputs: Record<string, string>): void {
  for (const [k, v] of Object.entries(inputs)) process.env[`INPUT_${k.toUpperCase()}`] = v
}

test('deployment inputs: off by default, read as given when on', () => {
  withInputs({ version: 'v1' })
  assert.deepEqual(readInputs(process.env).deployment, {
    enabled: false,
    token: '',
    environment: 'production',
    environmentUrl: undefined,
    transient: false,
    production: undefined
  })
  withInputs({
    'github-deployment': 'true',
    'github-token': 'tok-123456',
    destination: 'staging',
    'environment-url': 'https://staging.example.com',
    'transient-environment': 'true',
    'production-environment': 'false'
  })
  assert.deepEqual(readInputs(process.env).deployment, {
    enabled: true,
    token: 'tok-123456',
    environment: 'staging',
    environmentUrl: 'https://staging.example.com',
    transient: true,
    production: false
  })
  withInputs({ 'github-token': '' })
  assert.throws(() => readInputs(process.env), /Input github-token: empty, but github-deployment is true/)
})

const boot = (host: string, role: string, versionStopped?: string): BootResult => ({
  host,
  role,
  versionBooted: 'v3',
  versionStopped,
  health: 'healthy',
  ok: true,
  seconds: 1
})

test('previous versions per role, each once, in host order; roles without one are left out', () => {
  assert.deepEqual(
    previousVersionsByRole([
      boot('a', 'web', 'v2'),
      boot('b', 'web', 'v1'),
      boot('a', 'web', 'v2'),
      boot('a', 'job', 'v1'),
      boot('c', 'cron')
    ]),
    [
      ['web', ['v2', 'v1']],
      ['job', ['v1']]
    ]
  )
  assert.deepEqual(previousVersionsByRole([]), [])
})

test('the summary shows the version, the linked short commit and the previous version(s)', () => {
  const report = emptyReport('deploy', 'v3')
  report.previousVersion = 'v2'
  report.boots = [boot('10.0.0.1', 'web', 'v2'), boot('10.0.0.1', 'job', 'v2')]
  const commit = { sha: PUSH, url: `https://github.com/acme/demo/commit/${PUSH}` }
  const one = renderSummary(report, 'Deploy', { commit, deployment: { id: 5, environment: 'production' } })
  assert.ok(
    one.includes(
      `<p><b>Version</b> <code>v3</code> · <b>Commit</b> <a href="https://github.com/acme/demo/commit/${PUSH}"><code>0123456</code></a> · <b>Previous</b> <code>v2</code> · <b>GitHub deployment</b> 5 to <code>production</code> · <b>Hosts</b> 0`
    ),
    one
  )
  report.boots = [boot('10.0.0.1', 'web', 'v2'), boot('10.0.0.1', 'job', 'v1<x>')]
  const two = renderSummary(report, 'Deploy', { commit: { sha: PUSH } })
  assert.ok(
    two.includes(
      '<b>Commit</b> <code>0123456</code> · <b>Previous</b> web <code>v2</code>, job <code>v1&lt;x&gt;</code> · '
    ),
    two
  )
  const none = renderSummary(emptyReport('deploy', 'v1'), 'Deploy')
  assert.ok(none.includes('<p><b>Version</b> <code>v1</code> · <b>Hosts</b> 0'), none)
})
