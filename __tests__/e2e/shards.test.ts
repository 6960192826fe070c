// End to end: a sharded deploy as examples/workflows/deploy-sharded.yml runs it — a lock job
// (lock-acquire with shard-count), one deploy process per shard side by side with KAMAL_LOCK=true
// and the lock-token, and a release job — against real fleet hosts, under one deploy lock.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  fleetDown,
  fleetInputs,
  fleetUp,
  ip,
  makeRepo,
  onHost,
  startStep,
  tryOnHost,
  type ActionRun,
  type Fleet,
  demoConfigHead
} from './harness.js'

const HOSTS = ['s1', 's2', 's3']

interface Shard {
  index: number
  count: number
  size: number
  hosts: string
}

describe('a sharded deploy: three shards side by side under one lock', { timeout: 5 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  let runId = 7_000_000
  const lockPresent = () => tryOnHost('s1', 'test -d .kamal/lock-demo').code === 0
  const running = (host: string) =>
    tryOnHost(host, "docker ps --filter label=service=demo --format '{{.Names}}'").out.split('\n').filter(Boolean)
  /** One step, as a job of the workflow runs it (each job its own run attempt of the same run id). */
  const step = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    startStep({
      repo,
      inputs: fleetInputs(fleet, inputs),
      env: { FLEET_REGISTRY_PASSWORD: fleet.registry.password, GITHUB_RUN_ID: String(runId), ...env }
    })
  const lockJob = async () => {
    runId++
    const lock = await step({ command: 'lock-acquire', 'shard-count': '3', 'lock-message': 'sharded deploy' }).done
    assert.equal(lock.code, 0, lock.stdout)
    return { shards: JSON.parse(lock.outputs['shards'] ?? '') as Shard[], token: lock.outputs['lock-token'] ?? '' }
  }
  const shardJob = (shard: Shard, token: string, version: string) =>
    step({ command: 'deploy', version, hosts: shard.hosts, 'lock-token': token }, { KAMAL_LOCK: 'true' })
  const releaseJob = async (token: string) => await step({ command: 'lock-release', 'lock-token': token }).done

  before(() => {
    fleet = fleetUp(HOSTS)
    repo = makeRepo({
      'config/deploy.yml': `${demoConfigHead(fleet)}servers:
  web:
    hosts:
${HOSTS.map((h) => `      - ${ip(fleet, h)}`).join('\n')}
    proxy: false
deploy_timeout: 15
readiness_delay: 1
`,
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n'
    })
  })
  after(() => {
    onHost('s3', 'rm -f /usr/local/bin/docker')
    if (!process.env['DECKHAND_KEEP_FLEET']) fleetDown(HOSTS)
  })

  test('the lock job deals the hosts into shards; each shard deploys its hosts under the held lock; the release job releases it', async () => {
    const { shards, token } = await lockJob()
    assert.deepEqual(
      shards.map((s) => [s.index, s.count, s.size, s.hosts]),
      HOSTS.map((h, i) => [i + 1, 3, 1, ip(fleet, h)])
    )
    assert.match(token, /^deckhand-\d+-1-[0-9a-f]{8}$/)
    assert.ok(lockPresent())
    const runs = await Promise.all(shards.map((s) => shardJob(s, token, 'v1').done))
    runs.forEach((run, i) => {
      assert.equal(run.code, 0, run.stdout)
      assert.match(
        run.stdout,
        /working under the deploy lock \.kamal\/lock-demo on [\d.]+, which carries the given lock-token/
      )
      assert.match(run.summary, /<b>Hosts<\/b> 1 of 3 \(hosts input\)/)
      assert.match(
        run.summary,
        /held by the calling workflow \(KAMAL_LOCK=true\), neither taken nor released by this step; checked on/
      )
      assert.deepEqual(running(HOSTS[i] as string), ['demo-web-v1'])
    })
    assert.ok(lockPresent(), 'the shards leave the workflow’s lock in place')
    // A release with another token (another run's lock) leaves the lock.
    const wrong = await releaseJob('deckhand-1-1-00000000')
    assert.equal(wrong.code, 0, wrong.stdout)
    assert.match(wrong.stdout, /does not carry the given lock-token: left in place/)
    assert.ok(lockPresent())
    const release = await releaseJob(token)
    assert.equal(release.code, 0, release.stdout)
    assert.ok(!lockPresent())
    // A shard re-run after the release stops before touching its host.
    const rerun = await shardJob(shards[1] as Shard, token, 'v2').done
    assert.equal(rerun.code, 1)
    assert.match(rerun.stdout, /there is no deploy lock on [\d.]+: the lock this run should work under was released/)
    assert.match(rerun.summary, /the check of the given lock-token on [\d.]+ failed/)
    assert.deepEqual(running('s2'), ['demo-web-v1'])
  })

  test('a failed shard fails the deploy; the others, cancelled as fail-fast does, stop and keep the lock for the release job', async (t) => {
    const { shards, token } = await lockJob()
    // s3's docker is broken: its shard fails at the pull.
    onHost(
      's3',
      'printf "#!/bin/sh\\necho docker is broken here >&2\\nexit 1\\n" > /usr/local/bin/docker && chmod +x /usr/local/bin/docker'
    )
    const started = shards.map((s) => shardJob(s, token, 'v2'))
    const results: (ActionRun | undefined)[] = [undefined, undefined, undefined]
    await Promise.all(
      started.map(async (s, i) => {
        const run = await s.done
        results[i] = run
        // GitHub's fail-fast: when a shard fails, the shards still running get SIGINT.
        if (run.code !== 0)
          started.forEach((other, j) => j !== i && results[j] === undefined && other.child.kill('SIGINT'))
      })
    )
    const [r1, r2, r3] = results as [ActionRun, ActionRun, ActionRun]
    assert.equal(r3.code, 1, r3.stdout)
    assert.match(r3.summary, /❌/)
    assert.match(r3.stdout, /docker is broken here/)
    for (const [run, host] of [
      [r1, 's1'],
      [r2, 's2']
    ] as const) {
      // Either done before the failure, or cancelled: then it let its host finish and kept the lock.
      t.diagnostic(
        `${host}: ${run.code === 0 ? 'finished before the failure' : 'cancelled'}, runs ${running(host).join()}`
      )
      if (run.code === 0) assert.deepEqual(running(host), ['demo-web-v2'])
      else {
        assert.match(run.stdout, /Received SIGINT: starting no further host, letting the hosts under way finish/)
        assert.match(run.summary, /[Cc]ancelled by SIGINT/)
        assert.ok(running(host).length <= 1, `${host} runs one version at most: ${running(host).join()}`)
      }
    }
    assert.ok(lockPresent(), 'no shard released the workflow’s lock')
    const release = await releaseJob(token)
    assert.equal(release.code, 0, release.stdout)
    assert.ok(!lockPresent())
  })
})
