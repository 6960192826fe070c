// End to end: Kamal command lines in `command` (a console workflow's), run by the bundled action
// against two real hosts behind the fleet's kamal-proxy stand-in, one of them with an accessory.
// One fleet for the whole suite; each test leaves the hosts as the next one expects.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { httpGet, loadLoop as startLoad, type LoadOptions, type Sample } from './http.js'
import {
  demoConfigHead,
  fleetDown,
  fleetInputs,
  fleetUp,
  ip,
  makeRepo,
  onHost,
  runAction,
  tryOnHost,
  type Fleet
} from './harness.js'

const HOSTS = ['h1', 'h2']
const VHOST = 'demo.test'

function deployYml(fleet: Fleet): string {
  return `${demoConfigHead(fleet)}builder:
  arch: amd64
servers:
  web:
    hosts:
${HOSTS.map((h) => `      - ${ip(fleet, h)}`).join('\n')}
proxy:
  host: ${VHOST}
  app_port: 80
  healthcheck:
    path: /up
    interval: 1
    timeout: 2
  run:
    registry: ${fleet.registry.server}
accessories:
  store:
    image: ${fleet.registry.server}/${fleet.images.accessory}
    host: ${ip(fleet, 'h2')}
    directories:
      - data:/data
retain_containers: 1
deploy_timeout: 8
drain_timeout: 2
aliases:
  tail5: app logs -n 5
`
}

/** 2 workers per host, a request every 20 ms each. */
const LOAD: LoadOptions = { workersPerHost: 2, pauseMs: 20, timeoutMs: 5000, maxMs: 120_000, maxRequests: 30_000 }
const loadLoop = (addresses: string[]) => startLoad(addresses, VHOST, LOAD)
/** A request the app answered. */
const ok = (s: Sample) => s.status === 200 && /^demo v\d$/.test(s.body ?? '')

const get = (address: string) => httpGet(address, VHOST)

const state = (host: string, container: string) =>
  tryOnHost(host, `docker inspect -f '{{.State.Status}}' ${container}`).out

describe('Kamal command lines from a console workflow, on two real hosts', { timeout: 15 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  let addresses: string[]
  const run = (inputs: Record<string, string>) =>
    runAction({ repo, inputs: fleetInputs(fleet, inputs), env: { FLEET_REGISTRY_PASSWORD: fleet.registry.password } })

  before(() => {
    fleet = fleetUp(HOSTS)
    addresses = HOSTS.map((h) => ip(fleet, h))
    repo = makeRepo({
      'config/deploy.yml': deployYml(fleet),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n'
    })
  })
  after(() => {
    if (!process.env['DECKHAND_KEEP_FLEET']) fleetDown(HOSTS)
  })

  test('setup v1, then `details`: every host’s containers in a group of its own, and the versions output', async () => {
    const setup = await run({ command: 'setup', version: 'v1' })
    assert.equal(setup.main.code, 0, setup.main.stdout)
    const { main } = await run({ command: 'details' })
    assert.equal(main.code, 0, main.stdout)
    const [a1, a2] = addresses as [string, string]
    assert.deepEqual(JSON.parse(main.outputs['versions'] ?? ''), { [a1]: { web: 'v1' }, [a2]: { web: 'v1' } })
    assert.deepEqual(JSON.parse(main.outputs['hosts'] ?? ''), [a1, a2])
    // One log group per host, holding Kamal's sections; the host's own lines are prefixed by it.
    assert.match(main.stdout, new RegExp(`::group::${a1}: proxy details, app details \\(web\\)\\n`))
    assert.match(
      main.stdout,
      new RegExp(`::group::${a2}: proxy details, app details \\(web\\), accessory details \\(store\\)\\n`)
    )
    assert.match(main.stdout, new RegExp(`${a2}: .*demo-store`))
    assert.match(main.stdout, new RegExp(`${a1}: .*demo-web-v1`))
    assert.match(main.summary, /<summary><code>[\d.]+<\/code> accessory details \(store\)<\/summary>/)
    assert.match(main.summary, /<th>Running version<\/th>/)
  })

  test('an alias from the config (`tail5` = `app logs -n 5`) with -r: each host’s app log lines', async () => {
    const { main } = await run({ command: 'tail5 -r web' })
    assert.equal(main.code, 0, main.stdout)
    for (const a of addresses) {
      assert.match(main.stdout, new RegExp(`::group::${a}: app logs \\(web\\)`))
      assert.match(main.stdout, new RegExp(`${a}: \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z demo v1: httpd on :80`))
    }
    assert.equal((main.summary.match(/app logs \(web\)<\/summary>/g) ?? []).length, 2, main.summary)
    assert.match(main.summary, /<h2>✅ kamal app logs -n 5 -r web of demo<\/h2>/)
  })

  test('`accessory reboot store` boots a new container on the same data directory', async () => {
    const before = onHost('h2', 'docker inspect -f {{.Id}} demo-store')
    assert.equal(onHost('h2', 'wc -l < demo-store/data/boots.log'), '1')
    const { main } = await run({ command: 'accessory reboot store' })
    assert.equal(main.code, 0, main.stdout)
    assert.notEqual(onHost('h2', 'docker inspect -f {{.Id}} demo-store'), before, 'a new container')
    assert.equal(state('h2', 'demo-store'), 'running')
    assert.equal(onHost('h2', 'wc -l < demo-store/data/boots.log'), '2', 'the data directory was kept')
    assert.match(onHost('h2', 'cat .kamal/demo-audit.log'), /Pull store accessory image[\s\S]*Booted store accessory/)
  })

  test('`app stop`, `app maintenance`, `app live`, `app start`: what kamal-proxy answers follows', async () => {
    const stop = await run({ command: 'app stop' })
    assert.equal(stop.main.code, 0, stop.main.stdout)
    for (const [i, h] of HOSTS.entries()) {
      assert.equal(state(h, 'demo-web-v1'), 'exited')
      assert.equal((await get(addresses[i] as string)).status, 404, 'the proxy forgot the app')
    }
    const start = await run({ command: 'app start' })
    assert.equal(start.main.code, 0, start.main.stdout)
    for (const [i, h] of HOSTS.entries()) {
      assert.equal(state(h, 'demo-web-v1'), 'running')
      assert.deepEqual(await get(addresses[i] as string), { status: 200, body: 'demo v1' })
    }
    const down = await run({ command: 'app maintenance --message "back soon"' })
    assert.equal(down.main.code, 0, down.main.stdout)
    const answer = await get(addresses[0] as string)
    assert.equal(answer.status, 503)
    assert.match(answer.body, /back soon/)
    const live = await run({ command: 'app live' })
    assert.equal(live.main.code, 0, live.main.stdout)
    assert.deepEqual(await get(addresses[0] as string), { status: 200, body: 'demo v1' })
  })

  test('`app boot --version v2` and `app boot` leave two stopped versions; `prune all` keeps retain_containers (1)', async () => {
    for (const command of ['app boot --version v2', 'app boot']) {
      const { main } = await run({ command })
      assert.equal(main.code, 0, main.stdout)
    }
    for (const h of HOSTS) {
      assert.equal(state(h, 'demo-web-latest'), 'running')
      assert.equal(state(h, 'demo-web-v2'), 'exited')
      assert.equal(state(h, 'demo-web-v1'), 'exited', 'app boot does not prune')
    }
    const { main } = await run({ command: 'prune all' })
    assert.equal(main.code, 0, main.stdout)
    for (const h of HOSTS) {
      assert.equal(state(h, 'demo-web-v2'), 'exited', 'the newest stopped container is kept')
      assert.equal(tryOnHost(h, 'docker inspect demo-web-v1').code, 1, 'older ones are pruned')
      assert.equal(tryOnHost(h, `docker image inspect ${fleet.registry.server}/deckhand/demo:v1`).code, 1)
      assert.equal(state(h, 'demo-web-latest'), 'running')
    }
  })

  test('`lock acquire -m`, `lock-status` outputs, `lock release`', async () => {
    const acquire = await run({ command: 'lock acquire -m "db maintenance"' })
    assert.equal(acquire.main.code, 0, acquire.main.stdout)
    const locked = await run({ command: 'lock status' })
    assert.equal(locked.main.outputs['locked'], 'true')
    assert.match(locked.main.outputs['lock-holder'] ?? '', /^Locked by: .*\nVersion: .*\nMessage: db maintenance$/)
    const release = await run({ command: 'lock release' })
    assert.equal(release.main.code, 0, release.main.stdout)
    const free = await run({ command: 'lock-status' })
    assert.equal(free.main.outputs['locked'], 'false')
    assert.equal(free.main.outputs['lock-holder'], '')
  })

  test('`proxy reboot --rolling` under load: one host at a time, the other one loses no request', async () => {
    const refused = await run({ command: 'proxy reboot --rolling' })
    assert.notEqual(refused.main.code, 0)
    assert.match(refused.main.stdout, /runs only with the input confirm: true/)
    const load = loadLoop(addresses)
    await new Promise((r) => setTimeout(r, 1000))
    const before = HOSTS.map((h) => onHost(h, 'docker inspect -f {{.Id}} kamal-proxy'))
    const { main } = await run({ command: 'proxy reboot --rolling', confirm: 'true' })
    await new Promise((r) => setTimeout(r, 1000))
    const samples = await load.stop()
    assert.equal(main.code, 0, main.stdout)
    HOSTS.forEach((h, i) => assert.notEqual(onHost(h, 'docker inspect -f {{.Id}} kamal-proxy'), before[i]))
    // Each host's outage is the time between its first and last failed request; they never overlap.
    const windows = addresses.map((a) => {
      const failed = samples.filter((s) => s.host === a && !ok(s)).map((s) => s.at)
      return { host: a, from: Math.min(...failed), to: Math.max(...failed), failed: failed.length }
    })
    console.log(`# proxy reboot --rolling: ${samples.length} requests; outages ${JSON.stringify(windows)}`)
    for (const w of windows) {
      const other = samples.filter((s) => s.host !== w.host && s.at >= w.from && s.at <= w.to)
      assert.deepEqual(
        other.filter((s) => !ok(s)),
        [],
        `no request to the other host fails while ${w.host} reboots`
      )
    }
    for (const a of addresses) assert.deepEqual(await get(a), { status: 200, body: 'demo v2' })
  })

  test('`remove` without confirm touches nothing; with it no container, image or .kamal/apps/demo is left', async () => {
    const audit = () => HOSTS.map((h) => onHost(h, 'cat .kamal/demo-audit.log'))
    const auditBefore = audit()
    const refused = await run({ command: 'remove' })
    assert.notEqual(refused.main.code, 0)
    assert.match(refused.main.stdout, /Nothing was touched/)
    for (const a of addresses)
      assert.match(
        refused.main.stdout,
        new RegExp(`${a.replace(/\./g, '\\.')}:%0A  - stop and remove every container of role web`)
      )
    assert.match(refused.main.summary, /stop and remove the container demo-store of accessory store/)
    assert.deepEqual(audit(), auditBefore, 'no host was touched')
    assert.equal(state('h1', 'demo-web-latest'), 'running')
    const { main } = await run({ command: 'remove', confirm: 'true' })
    assert.equal(main.code, 0, main.stdout)
    for (const h of HOSTS) {
      assert.equal(onHost(h, 'docker ps -a -q'), '', `${h}: no container`)
      assert.equal(onHost(h, 'docker image ls -q'), '', `${h}: no image`)
      assert.equal(tryOnHost(h, 'test -e .kamal/apps/demo').code, 1, `${h}: no .kamal/apps/demo`)
      assert.equal(tryOnHost(h, 'test -e .kamal/proxy').code, 1, `${h}: no .kamal/proxy`)
    }
    assert.equal(tryOnHost('h2', 'test -e demo-store').code, 1, 'the accessory directory is gone')
  })
})
