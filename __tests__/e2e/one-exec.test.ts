// End to end: a deploy to one app host without the proxy runs in one exec — pull, Kamal's label
// check, the lock, the boot (src/flows/boot.ts `deployInOneExec`). These tests check on a real
// host what that exec does when something is in its way: a lock held by hand (nothing changes, the
// holder is named, the lock stays), lock-wait on an automatic lock (the run boots once it is
// free), an image without the service's label (Kamal's message, no lock left, the old version
// still serving), and a SIGTERM in the middle (one version runs, the lock is released).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { encode64 } from '../../src/commands/shell.js'
import {
  demoConfigHead,
  fleetDown,
  fleetInputs,
  fleetUp,
  ip,
  makeRepo,
  onHost,
  runAction,
  startStep,
  tryOnHost,
  waitFor,
  type Fleet
} from './harness.js'

describe('a deploy to one host in one exec', { timeout: 10 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  const yml = (
    image = 'deckhand/demo'
  ) => `${demoConfigHead(fleet).replace('image: deckhand/demo', `image: ${image}`)}builder:
  arch: amd64
servers:
  web:
    hosts:
      - ${ip(fleet, 'o1')}
    proxy: false
deploy_timeout: 20
readiness_delay: 0
`
  const inputs = (extra: Record<string, string>) => fleetInputs(fleet, extra)
  const run = (extra: Record<string, string>) =>
    runAction({ repo, inputs: inputs(extra), env: { REGISTRY_PASSWORD: fleet.registry.password } })
  const lockPresent = () => tryOnHost('o1', 'test -d .kamal/lock-demo').code === 0
  /** The demo's containers that run: their names. */
  const running = () =>
    onHost('o1', `docker ps --filter label=service=demo --format '{{.Names}}'`).split('\n').filter(Boolean).sort()
  const sshCommands = (stdout: string) =>
    JSON.parse(/::debug::deckhand: SSH commands per host (.*)$/m.exec(stdout)?.[1] ?? '{}') as Record<string, number>

  before(async () => {
    fleet = fleetUp(['o1'])
    repo = makeRepo({
      'config/deploy.yml': yml(),
      'config/unlabelled.yml': yml('deckhand/store'),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$REGISTRY_PASSWORD\n'
    })
    const { main } = await run({ command: 'setup', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
  })
  after(() => fleetDown(['o1']))

  test('one SSH command: the deploy pulls, checks the label, takes the lock and boots in one exec', async () => {
    const { main } = await run({ command: 'deploy', version: 'v2' })
    assert.equal(main.code, 0, main.stdout)
    assert.deepEqual(sshCommands(main.stdout), { [ip(fleet, 'o1')]: 1 })
    assert.deepEqual(running(), ['demo-web-v2'])
    assert.equal(lockPresent(), false)
    assert.match(main.summary, /<td>v2<\/td><td>v1<\/td><td>healthy<\/td>/)
  })

  test('a lock held by hand: the holder is named, nothing changes, the lock stays', async () => {
    const acquired = await run({ command: 'lock-acquire', 'lock-message': 'DB migration in progress', version: 'v2' })
    assert.equal(acquired.main.code, 0, acquired.main.stdout)
    const { main } = await run({ command: 'deploy', version: 'v1' })
    assert.equal(main.code, 1)
    assert.match(main.stdout, /Message: DB migration in progress/)
    assert.ok(lockPresent(), 'the manual lock is left in place')
    assert.deepEqual(running(), ['demo-web-v2'])
    assert.equal(tryOnHost('o1', 'docker inspect demo-web-v1 --format "{{.State.Status}}"').out.trim(), 'exited')
    const released = await run({ command: 'lock-release' })
    assert.equal(released.main.code, 0, released.main.stdout)
  })

  test('lock-wait: an automatic lock is waited for, then the run boots', async () => {
    const details = encode64(
      'Locked by: another run at 2026-12-02T00:00:00Z\nVersion: v9\nMessage: Automatic deploy lock'
    )
    onHost('o1', `mkdir -p .kamal/lock-demo && echo "${details}" > .kamal/lock-demo/details`)
    const step = startStep({
      repo,
      inputs: inputs({ command: 'deploy', version: 'v1', 'lock-wait': 'true', 'lock-wait-interval': '1' }),
      env: { REGISTRY_PASSWORD: fleet.registry.password }
    })
    // The run finds the lock held and waits (lock-wait polls every second).
    await new Promise((r) => setTimeout(r, 3000))
    assert.deepEqual(running(), ['demo-web-v2'], 'nothing booted while the lock is held')
    onHost('o1', 'rm -r .kamal/lock-demo')
    const main = await step.done
    assert.equal(main.code, 0, main.stdout)
    assert.deepEqual(running(), ['demo-web-v1'])
    assert.equal(lockPresent(), false)
    assert.match(main.summary, /waited [\d.]+ s for it \(lock-wait\)/)
  })

  test('an image without the service label: Kamal’s message, no lock left, the old version serving', async () => {
    const before = running()
    const { main } = await run({ command: 'deploy', version: 'v1', 'config-file': 'config/unlabelled.yml' })
    assert.equal(main.code, 1)
    assert.match(main.stdout, /Image .*deckhand\/store:v1 is missing the 'service' label/)
    assert.equal(lockPresent(), false)
    assert.deepEqual(running(), before)
    assert.equal(before.length, 1)
  })

  test('cancels at random moments of the one exec converge: at most one version runs, no lock or script is left, the next deploy works', async () => {
    // SIGINT (the runner's cancel), SIGTERM, and SIGKILL (then the post step cleans up), each at a
    // random moment of the exec: during the pull, around the lock, the boot, the switch or the prune.
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGKILL']
    let version = running()[0] === 'demo-web-v1' ? 'v1' : 'v2'
    const problems: string[] = []
    for (let i = 0; i < 9; i++) {
      const signal = signals[i % 3] as NodeJS.Signals
      const target = version === 'v1' ? 'v2' : 'v1'
      const delay = 150 + Math.floor(Math.random() * 900)
      const opts = {
        repo,
        inputs: inputs({ command: 'deploy', version: target }),
        env: { REGISTRY_PASSWORD: fleet.registry.password }
      }
      const step = startStep(opts)
      await new Promise((r) => setTimeout(r, delay))
      step.child.kill(signal)
      const main = await step.done
      const post = await startStep({ ...opts, state: main.state }).done
      const where = `#${i + 1} ${signal} after ${delay} ms (exit ${main.code ?? main.signal})`
      if (post.code !== 0) problems.push(`${where}: the post step failed: ${post.stdout.slice(-300)}`)
      const now = running()
      if (now.length > 1) problems.push(`${where}: ${now.join(', ')} run`)
      if (lockPresent()) problems.push(`${where}: the deploy lock is left`)
      if (tryOnHost('o1', 'ls .kamal/deckhand-*.pid 2> /dev/null').out.trim())
        problems.push(`${where}: a script of the run still runs`)
      const again = await run({ command: 'deploy', version: target })
      if (again.main.code !== 0) problems.push(`${where}: the next deploy failed: ${again.main.stdout.slice(-300)}`)
      if (running().join() !== `demo-web-${target}`) problems.push(`${where}: then ${running().join(', ')} run`)
      version = target
    }
    assert.deepEqual(problems, [])
  })

  test('SIGTERM in the middle: one version runs, the lock is released', async () => {
    const step = startStep({
      repo,
      inputs: inputs({ command: 'deploy', version: 'v2' }),
      env: { REGISTRY_PASSWORD: fleet.registry.password }
    })
    await waitFor('the deploy lock', () => lockPresent(), 60_000)
    step.child.kill('SIGTERM')
    const main = await step.done
    assert.equal(main.code, 1)
    assert.equal(lockPresent(), false, main.stdout)
    const now = running()
    assert.equal(now.length, 1, now.join(' '))
    // The old version (moved aside when the deploy was of the version it runs) or the new one.
    assert.match(now[0] ?? '', /^demo-web-v[12](_replaced_[0-9a-f]+)?$/)
    assert.equal(tryOnHost('o1', 'ls .kamal/deckhand-*.pid 2> /dev/null').out.trim(), '', 'no script left running')
  })
})
