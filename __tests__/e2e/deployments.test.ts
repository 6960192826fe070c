// End to end: GitHub Deployments around a real deploy. The bundled action runs as the runner runs
// it, deploys to a real fleet host, and talks to a loopback server that plays the GitHub API.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startFakeGitHub, type FakeGitHub, type RecordedCall } from './fake-github.js'
import {
  fleetDown,
  fleetInputs,
  fleetUp,
  ip,
  makeRepo,
  runAction,
  startStep,
  tryOnHost,
  waitFor,
  type Fleet,
  demoConfigHead
} from './harness.js'

const TOKEN = 'ghs_fakeDeploymentToken0123456789'
const SERVER = 'https://github.example.com'
const PUSH_SHA = '0123456789abcdef0123456789abcdef01234567'
const HEAD_SHA = 'feedfacecafebeef00112233445566778899aabb'
const MERGE_SHA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

const state = (container: string) => tryOnHost('h1', `docker inspect -f '{{.State.Status}}' ${container}`).out
const lockPresent = () => tryOnHost('h1', 'test -d .kamal/lock-demo').code === 0
const statuses = (calls: RecordedCall[]) =>
  calls.filter((c) => c.path.endsWith('/statuses')).map((c) => (c.body as { state: string }).state)

describe('GitHub deployments around a deploy on a real host', { timeout: 10 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  let github: FakeGitHub
  let runId = 9_000_000

  before(async () => {
    github = await startFakeGitHub()
    fleet = fleetUp(['h1'])
    repo = makeRepo({
      'config/deploy.yml': `${demoConfigHead(fleet)}servers:
  web:
    hosts:
      - ${ip(fleet, 'h1')}
    proxy: false
deploy_timeout: 15
readiness_delay: 1
`,
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n'
    })
  })
  after(async () => {
    await github?.close()
    if (!process.env['DECKHAND_KEEP_FLEET']) fleetDown(['h1'])
  })

  /** The step env of an event: the payload file the runner writes, and the GitHub URLs. */
  function eventEnv(event: string, payload: unknown, extra: Record<string, string> = {}): Record<string, string> {
    const path = join(mkdtempSync(join(tmpdir(), 'deckhand-event-')), 'event.json')
    writeFileSync(path, JSON.stringify(payload))
    return {
      FLEET_REGISTRY_PASSWORD: fleet.registry.password,
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: SERVER,
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: path,
      GITHUB_RUN_ID: String(++runId),
      ...extra
    }
  }
  const pushEnv = (extra: Record<string, string> = {}) =>
    eventEnv('push', { ref: 'refs/heads/main', after: PUSH_SHA }, { GITHUB_SHA: PUSH_SHA, ...extra })
  const deployInputs = (extra: Record<string, string>) =>
    fleetInputs(fleet, { command: 'deploy', 'github-deployment': 'true', 'github-token': TOKEN, ...extra })

  test('a successful deploy: created on the commit, in_progress once locked, then success with the run and app URLs', async () => {
    github.reset()
    const env = pushEnv({ GITHUB_RUN_ATTEMPT: '2' })
    const { main, post } = await runAction({
      repo,
      inputs: deployInputs({ version: 'v1', 'environment-url': 'https://demo.example.com' }),
      env
    })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(post.code, 0, post.stdout)
    assert.equal(state('demo-web-v1'), 'running')
    // One app host without the proxy: the pull, the lock and the boot in one exec, which also
    // releases the lock.
    const counts = /::debug::deckhand: SSH commands per host (.*)$/m.exec(main.stdout)?.[1]
    assert.deepEqual(JSON.parse(counts ?? '{}'), { [ip(fleet, 'h1')]: 1 })
    assert.match(main.stdout, /Released the deploy lock on /)
    assert.ok(!lockPresent())
    const logUrl = `${SERVER}/acme/demo/actions/runs/${env['GITHUB_RUN_ID']}/attempts/2`
    assert.deepEqual(
      github.calls.map((c) => ({ method: c.method, path: c.path, body: c.body })),
      [
        {
          method: 'POST',
          path: '/repos/acme/demo/deployments',
          body: {
            ref: PUSH_SHA,
            task: 'deploy',
            auto_merge: false,
            required_contexts: [],
            environment: 'production',
            description: 'Deckhand deploy of v1',
            transient_environment: false,
            payload: { version: 'v1' }
          }
        },
        {
          method: 'POST',
          path: '/repos/acme/demo/deployments/1000/statuses',
          body: {
            state: 'in_progress',
            description: 'Deploying v1',
            log_url: logUrl,
            environment_url: 'https://demo.example.com'
          }
        },
        {
          method: 'POST',
          path: '/repos/acme/demo/deployments/1000/statuses',
          body: {
            state: 'success',
            description: 'Deployed v1',
            log_url: logUrl,
            environment_url: 'https://demo.example.com'
          }
        }
      ]
    )
    console.log(
      `recorded API calls of a successful run:\n${JSON.stringify(github.calls, (k, v: unknown) => (k === 'authorization' ? undefined : v), 2)}`
    )
    for (const c of github.calls) assert.equal(c.authorization, `token ${TOKEN}`)
    assert.equal(main.outputs['deployment-id'], '1000')
    // The token is masked for the runner and never printed or summarised.
    assert.ok(main.stdout.includes(`::add-mask::${TOKEN}`))
    assert.equal(main.stdout.split('\n').filter((l) => l.includes(TOKEN) && !l.startsWith('::add-mask::')).length, 0)
    assert.ok(!main.summary.includes(TOKEN))
    assert.ok(
      main.summary.includes(`<b>Commit</b> <a href="${SERVER}/acme/demo/commit/${PUSH_SHA}"><code>0123456</code></a>`),
      main.summary
    )
    assert.ok(main.summary.includes('<b>GitHub deployment</b> 1000 to <code>production</code>'), main.summary)
    assert.doesNotMatch(main.summary, /<b>Previous<\/b>/, 'a first deploy has no previous version')
  })

  test('a pull_request event deploys on the PR head SHA from the payload, not the merge commit', async () => {
    github.reset()
    const payload = {
      action: 'synchronize',
      number: 7,
      pull_request: { number: 7, head: { sha: HEAD_SHA, ref: 'topic' }, base: { ref: 'main' } }
    }
    const env = eventEnv('pull_request', payload, { GITHUB_SHA: MERGE_SHA, GITHUB_REF: 'refs/pull/7/merge' })
    const { main } = await runAction({
      repo,
      inputs: deployInputs({
        version: 'v2',
        environment: 'pr-7',
        'transient-environment': 'true',
        'production-environment': 'false'
      }),
      env
    })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(state('demo-web-v2'), 'running')
    const create = github.calls[0]
    assert.equal(create?.path, '/repos/acme/demo/deployments')
    assert.deepEqual(create?.body, {
      ref: HEAD_SHA,
      task: 'deploy',
      auto_merge: false,
      required_contexts: [],
      environment: 'pr-7',
      description: 'Deckhand deploy of v2',
      transient_environment: true,
      production_environment: false,
      payload: { version: 'v2' }
    })
    assert.deepEqual(statuses(github.calls), ['in_progress', 'success'])
    const success = github.calls[2]?.body as Record<string, unknown>
    assert.equal(success['log_url'], `${SERVER}/acme/demo/actions/runs/${env['GITHUB_RUN_ID']}`)
    assert.equal('environment_url' in success, false, 'no environment_url without a URL')
    assert.ok(
      main.summary.includes(`<a href="${SERVER}/acme/demo/commit/${HEAD_SHA}"><code>feedfac</code></a>`),
      main.summary
    )
    assert.ok(main.summary.includes('<b>Previous</b> <code>v1</code>'), main.summary)
    assert.equal(main.outputs['previous-version'], 'v1')
  })

  test('a failing deploy (broken image) ends the deployment as failure', async () => {
    github.reset()
    const { main } = await runAction({ repo, inputs: deployInputs({ version: 'broken' }), env: pushEnv() })
    assert.equal(main.code, 1)
    assert.equal(state('demo-web-v2'), 'running', 'the old version keeps running')
    assert.deepEqual(statuses(github.calls), ['in_progress', 'failure'])
    const failure = github.calls[2]?.body as { description: string; log_url: string }
    assert.match(failure.description, /^Failed: [^\n]+$/)
    assert.ok(failure.description.length <= 140)
    assert.match(failure.log_url, new RegExp(`^${SERVER}/acme/demo/actions/runs/\\d+$`))
    assert.equal(lockPresent(), false)
  })

  test('a token without permission (403) gives a warning, and the deploy still succeeds', async () => {
    github.reset('forbidden')
    const { main } = await runAction({ repo, inputs: deployInputs({ version: 'v1' }), env: pushEnv() })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(state('demo-web-v1'), 'running')
    assert.deepEqual(
      github.calls.map((c) => `${c.method} ${c.path}`),
      ['POST /repos/acme/demo/deployments'],
      'no status calls without a deployment'
    )
    assert.match(
      main.stdout,
      /^::warning::GitHub deployment not created: HTTP 403 \(Resource not accessible by integration.*deployments: write/m
    )
    assert.equal(main.outputs['deployment-id'], '')
  })

  test('a 202 (GitHub would merge first) gives a warning, no statuses, and the deploy goes on', async () => {
    github.reset('accepted')
    const { main } = await runAction({ repo, inputs: deployInputs({ version: 'v2' }), env: pushEnv() })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(github.calls.length, 1)
    assert.match(
      main.stdout,
      /^::warning::GitHub did not create a deployment \(HTTP 202\): Auto-merged main into topic on deployment\./m
    )
    assert.equal(main.outputs['deployment-id'], '')
  })

  test('without github-deployment the API is never called', async () => {
    github.reset()
    const { main } = await runAction({
      repo,
      inputs: fleetInputs(fleet, { command: 'deploy', version: 'v1' }),
      env: pushEnv()
    })
    assert.equal(main.code, 0, main.stdout)
    assert.deepEqual(github.calls, [])
    assert.equal(main.outputs['deployment-id'], '')
  })

  test('SIGTERM in the middle of a deploy ends the deployment as error within the 5 s budget', async () => {
    github.reset()
    const step = startStep({ repo, inputs: deployInputs({ version: 'v2' }), env: pushEnv() })
    await waitFor('the in_progress status', () => statuses(github.calls).includes('in_progress'), 60_000)
    const sent = Date.now()
    step.child.kill('SIGTERM')
    const main = await step.done
    assert.ok(Date.now() - sent < 5000, `exited ${Date.now() - sent} ms after SIGTERM`)
    assert.equal(main.code, 1)
    assert.deepEqual(statuses(github.calls), ['in_progress', 'error'])
    assert.match((github.calls[2]?.body as { description: string }).description, /^Deploy of v2 cancelled by SIGTERM$/)
    assert.equal(lockPresent(), false)
  })
})
