// The scale benchmark's simulated hosts (bench/sim-hosts) must answer the action's real scripts as a
// healthy Docker host would: here the real deploy flow runs against hosts answering through
// answer.ts (no SSH), so a change of a builder's text that the double would misread fails here
// rather than skewing the benchmark.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseReport } from '../../src/commands/protocol.js'
import type { RemoteCommand } from '../../src/commands/script.js'
import { parseConfigText } from '../../src/config/load.js'
import { selectTargets, type HostConnection, type HostPool, type RunContext } from '../../src/flows/context.js'
import { silentReporter } from '../../src/flows/plan.js'
import { emptyReport } from '../../src/flows/report.js'
import { runDeploy, runLockAcquire, runLockRelease } from '../../src/flows/run.js'
import type { ExecResult } from '../../src/transport/ssh.js'
import { answer, newHostState, type HostState } from '../../bench/sim-hosts/answer.js'

const CONFIG = `
service: demo
image: deckhand/demo
servers:
  web: [10.0.0.1, 10.0.0.2]
  worker:
    hosts: [10.0.0.3]
    cmd: bin/work
env:
  secret: [APP_SECRET]
registry:
  username: u
  password: [REGISTRY_PASSWORD]
`

class SimPool implements HostPool {
  readonly limit = 4
  readonly execs: { host: string; cmd: RemoteCommand; result: ExecResult }[] = []
  constructor(readonly states: Map<string, HostState>) {}
  get(host: string): HostConnection {
    const state = this.states.get(host)
    if (!state) throw new Error(host)
    return {
      host,
      exec: (cmd) => {
        const result = { ...answer(state, cmd.command) }
        this.execs.push({ host, cmd, result })
        return Promise.resolve(result)
      }
    }
  }
}

function context(pool: SimPool, token = 'tok-1'): RunContext {
  const config = parseConfigText(CONFIG, 'config/deploy.yml', undefined, {})
  return {
    config,
    targets: selectTargets(config, [], []),
    version: 'v2',
    performer: 'octocat',
    secrets: new Map([
      ['APP_SECRET', 's'],
      ['REGISTRY_PASSWORD', 'p']
    ]),
    pool,
    reporter: silentReporter,
    lock: { name: 'Deckhand test', token },
    report: emptyReport('deploy', 'v2'),
    signal: new AbortController().signal
  }
}

const hooks = { inherited: false, beforeAcquire: () => undefined, afterRelease: () => undefined }
const hosts = (failing: string[] = []) =>
  new Map(['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((h) => [h, newHostState('v1', failing.includes(h))]))

test('a deploy against simulated hosts: every exec answers what the command declares a success reports', async () => {
  const pool = new SimPool(hosts())
  const ctx = context(pool)
  await runDeploy(ctx, hooks)
  for (const { host, cmd, result } of pool.execs) {
    assert.equal(result.code, 0, `${host}: ${cmd.command}`)
    const report = parseReport(result.stdout)
    for (const [key, value] of Object.entries(cmd.assumed))
      assert.equal(report[key as keyof typeof report], value, `${host} ${key}: ${cmd.command}`)
  }
  assert.deepEqual(
    ctx.report.boots.map((b) => [b.host, b.role, b.health, b.versionStopped]),
    [
      ['10.0.0.1', 'web', 'healthy', 'v1'],
      ['10.0.0.2', 'web', 'healthy', 'v1'],
      ['10.0.0.3', 'worker', 'healthy', 'v1']
    ]
  )
  assert.equal(ctx.report.previousVersion, 'v1')
  assert.deepEqual([ctx.report.lock.taken, ctx.report.lock.released], [true, true])
  assert.equal(pool.states.get('10.0.0.1')?.locks.size, 0)
  // The hosts now run v2: the next deploy stops v2.
  const again = context(pool, 'tok-2')
  await runDeploy(again, hooks)
  assert.deepEqual(
    again.report.boots.map((b) => b.versionStopped),
    ['v2', 'v2', 'v2']
  )
})

test('simulated hosts keep the deploy lock: a held lock stops a deploy, lock-release removes it', async () => {
  const pool = new SimPool(hosts())
  await runLockAcquire(context(pool, 'manual'), 'maintenance')
  const ctx = context(pool)
  await assert.rejects(runDeploy(ctx, hooks), /LockHeld|lock/i)
  assert.match(ctx.report.lock.holder ?? '', /Message: maintenance/)
  const release = context(pool)
  await runLockRelease(release)
  assert.equal(release.report.lock.released, true)
  await runDeploy(context(pool), hooks)
})

test('a simulated host chosen to fail answers its boot like a container that never got healthy', async () => {
  const pool = new SimPool(hosts(['10.0.0.2']))
  const ctx = context(pool)
  await assert.rejects(runDeploy(ctx, hooks))
  const failed = ctx.report.boots.filter((b) => !b.ok)
  assert.deepEqual(
    failed.map((b) => [b.host, b.health]),
    [['10.0.0.2', 'unhealthy (proxy)']]
  )
  assert.equal(ctx.report.lock.released, true)
})

test('one app host: its last boot releases the lock, but not after an earlier role failed — hold-lock-on-error keeps it', async () => {
  const one = parseConfigText(
    `service: demo
image: deckhand/demo
servers:
  web:
    hosts: [10.0.0.1]
    proxy: false
  worker:
    hosts: [10.0.0.1]
    cmd: bin/work
  jobs:
    hosts: [10.0.0.1]
    cmd: bin/jobs
registry:
  username: u
  password: [REGISTRY_PASSWORD]
`,
    'config/deploy.yml',
    undefined,
    {}
  )
  const setup = (failing?: string) => {
    const pool = new SimPool(new Map([['10.0.0.1', newHostState('v1')]]))
    const get = pool.get.bind(pool)
    // The boot labelled `failing` fails like a container that never got healthy; the others answer as usual.
    pool.get = (host) => {
      const conn = get(host)
      return {
        host,
        exec: (cmd, label) =>
          label === failing
            ? Promise.resolve({ code: 70, stdout: 'DECKHAND_STATUS=unhealthy\n', stderr: 'not ready' })
            : conn.exec(cmd, label)
      }
    }
    const ctx: RunContext = { ...context(pool), config: one, targets: selectTargets(one, [], []) }
    return { pool, ctx }
  }
  const ok = setup()
  await runDeploy(ok.ctx, hooks)
  assert.deepEqual(
    ok.pool.execs.map((e) => e.cmd.command.includes('DECKHAND_LOCK=')),
    [false, false, false, true],
    'pull (+ lock), web, jobs, then worker (the last role) with the release'
  )
  assert.deepEqual([ok.ctx.report.lock.taken, ok.ctx.report.lock.released], [true, true])
  assert.equal(ok.pool.states.get('10.0.0.1')?.locks.size, 0)

  const failed = setup('boot jobs v2')
  failed.ctx.holdLockOnError = true
  await assert.rejects(runDeploy(failed.ctx, hooks))
  // jobs failed before worker, the host's last role: worker's boot must not release the lock.
  assert.ok(failed.pool.execs.some((e) => e.cmd.command.includes('--name demo-worker-v2')))
  assert.ok(!failed.pool.execs.some((e) => /DECKHAND_LOCK=released/.test(e.cmd.command)), 'no release in a boot')
  // The run's end keeps it, naming the failure (the simulated host answers that as a release).
  assert.match(failed.pool.execs.at(-1)?.cmd.command ?? '', /DECKHAND_LOCK=kept/)
})
