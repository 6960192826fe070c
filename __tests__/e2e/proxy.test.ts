// End to end: zero-downtime deploys through kamal-proxy on two real hosts. The proxy is the
// fleet's kamal-proxy test double (test/fleet/kamal-proxy: not kamal-proxy, a stand-in that
// implements and checks the part of its contract Deckhand relies on), pulled by the hosts from the fleet
// registry as `<registry>/basecamp/kamal-proxy:v0.9.2` through `proxy.run.registry` — Kamal's own
// registry + repository + version mapping. A bounded load loop in this file sends real HTTP
// through each host's port 80 the whole time and counts every failed request.
import assert from 'node:assert/strict'
import { httpGet, loadLoop as startLoad, type LoadOptions, type Sample } from './http.js'
import { after, before, describe, test } from 'node:test'
import {
  fleetDown,
  fleetInputs,
  fleetUp,
  ip,
  makeRepo,
  onHost,
  runAction,
  tryOnHost,
  type Fleet,
  demoConfigHead
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
deploy_timeout: 8
drain_timeout: 5
`
}

/** ~25 requests/s per worker, 3 workers per host. */
const LOAD: LoadOptions = { workersPerHost: 3, pauseMs: 30, timeoutMs: 10_000, maxMs: 180_000, maxRequests: 40_000 }
const loadLoop = (addresses: string[]) => startLoad(addresses, VHOST, LOAD)

const failed = (s: Sample) => s.error !== undefined || s.status !== 200 || !/^demo (v1|v2)$/.test(s.body ?? '')

function stats(samples: Sample[], from: number, to: number) {
  const seconds = (to - from) / 1000
  return {
    sent: samples.length,
    failed: samples.filter(failed).length,
    seconds: Math.round(seconds * 10) / 10,
    perSecond: Math.round(samples.length / seconds)
  }
}

/**
 * The fewest requests any host got while the deploy ran (between `from` and `to`): the load must cover
 * the switch on every host for "zero failed requests" to mean something. A count, not a rate: on a
 * busy machine the requests come slower, but a switch still has to happen under them.
 */
function fewestDuring(samples: Sample[], addresses: string[], from: number, to: number): number {
  return Math.min(
    ...addresses.map((host) => samples.filter((s) => s.host === host && s.at >= from && s.at <= to).length)
  )
}

/** Per host: when the first answer of `version` came, and the last answer of anything else. */
function switchTimes(samples: Sample[], addresses: string[], version: string, t0: number) {
  return addresses.map((host) => {
    const mine = samples.filter((s) => s.host === host && !failed(s))
    const firstNew = mine.find((s) => s.body === `demo ${version}`)?.at
    const lastOld = [...mine].reverse().find((s) => s.body !== `demo ${version}`)?.at
    return {
      host,
      firstNewAfterMs: firstNew === undefined ? undefined : firstNew - t0,
      lastOldAfterMs: lastOld === undefined ? undefined : lastOld - t0
    }
  })
}

const page = (address: string) => httpGet(address, VHOST).then((r) => r.body)

const lockPresent = () => tryOnHost('h1', 'test -d .kamal/lock-demo').code === 0

describe('zero-downtime deploys through kamal-proxy on two hosts', { timeout: 15 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  let addresses: string[]
  const env = () => ({ FLEET_REGISTRY_PASSWORD: fleet.registry.password })
  const run = (inputs: Record<string, string>) => runAction({ repo, inputs: fleetInputs(fleet, inputs), env: env() })

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

  test('setup boots kamal-proxy from the fleet registry on both hosts and puts v1 behind it', async () => {
    const { main, post } = await run({ command: 'setup', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(post.code, 0, post.stdout)
    assert.equal(main.outputs['url'], `http://${VHOST}`)
    for (const [i, h] of HOSTS.entries()) {
      assert.equal(
        onHost(h, `docker inspect -f '{{.Config.Image}} {{.State.Status}}' kamal-proxy`),
        `${fleet.registry.server}/basecamp/kamal-proxy:v0.9.2 running`
      )
      assert.equal(onHost(h, 'docker inspect -f "{{.HostConfig.NetworkMode}}" kamal-proxy'), 'kamal')
      assert.match(
        onHost(h, 'docker exec kamal-proxy kamal-proxy list'),
        new RegExp(`demo-web\\t${VHOST}\\t[0-9a-f]{12}:80`)
      )
      assert.equal(await page(addresses[i] as string), 'demo v1')
    }
    assert.match(main.summary, /<th>Proxy<\/th>/)
    assert.equal((main.summary.match(/<td>switched<\/td>/g) ?? []).length, 2, main.summary)
    assert.ok(!lockPresent())
  })

  test('v1 → v2 under steady load: zero failed requests, answers switch from v1 to v2', async () => {
    const load = loadLoop(addresses)
    await new Promise((r) => setTimeout(r, 2000))
    const t0 = Date.now()
    const { main } = await run({ version: 'v2' })
    const t1 = Date.now()
    await new Promise((r) => setTimeout(r, 1500))
    const samples = await load.stop()
    const s = stats(samples, load.started, Date.now())
    const switches = switchTimes(samples, addresses, 'v2', t0)
    console.log(
      `# v1 → v2: sent ${s.sent}, failed ${s.failed}, ${s.perSecond} requests/s over ${s.seconds} s; deploy took ${(t1 - t0) / 1000} s; switch per host (ms after the deploy started): ${JSON.stringify(switches)}`
    )
    assert.equal(main.code, 0, main.stdout)
    assert.equal(main.outputs['previous-version'], 'v1')
    // Behind kamal-proxy: pull (+ the lock on h1), make sure the proxy runs, boot, and on h1 the release.
    const counts = /::debug::deckhand: SSH commands per host (.*)$/m.exec(main.stdout)?.[1]
    assert.deepEqual(JSON.parse(counts ?? '{}'), { [addresses[0] as string]: 4, [addresses[1] as string]: 3 })
    const covered = fewestDuring(samples, addresses, t0, t1)
    assert.ok(covered >= 20, `every host got at least 20 requests during the deploy (fewest: ${covered})`)
    assert.deepEqual(samples.filter(failed).slice(0, 5), [], `${s.failed} failed requests`)
    for (const sw of switches) {
      assert.ok(sw.firstNewAfterMs !== undefined, `${sw.host} answered v2`)
      // Atomic switch: once v2 answered on a host, v1 never answers there again.
      assert.ok(
        (sw.lastOldAfterMs ?? -1) <= (sw.firstNewAfterMs ?? 0) + 0,
        `${sw.host}: v1 after v2 (${JSON.stringify(sw)})`
      )
    }
    for (const [i, h] of HOSTS.entries()) {
      assert.equal(await page(addresses[i] as string), 'demo v2')
      assert.equal(onHost(h, "docker inspect -f '{{.State.Status}}' demo-web-v1"), 'exited')
    }
  })

  test('rollback v2 → v1 and back to v2 under steady load: zero failed requests, each version served on every host', async () => {
    const load = loadLoop(addresses)
    await new Promise((r) => setTimeout(r, 1000))
    const t0 = Date.now()
    const back = await run({ command: 'rollback', version: 'v1' })
    const t1 = Date.now()
    const servedAfterBack = await Promise.all(addresses.map(page))
    const forth = await run({ command: 'rollback', version: 'v2' })
    const t2 = Date.now()
    await new Promise((r) => setTimeout(r, 1000))
    const samples = await load.stop()
    const s = stats(samples, load.started, Date.now())
    console.log(
      `# rollback v2 → v1 → v2: sent ${s.sent}, failed ${s.failed}, ${s.perSecond} requests/s over ${s.seconds} s; the rollbacks took ${(t1 - t0) / 1000} s and ${(t2 - t1) / 1000} s; switch to v1 per host (ms after the first rollback started): ${JSON.stringify(switchTimes(samples, addresses, 'v1', t0))}`
    )
    assert.equal(back.main.code, 0, back.main.stdout)
    assert.equal(back.main.outputs['version'], 'v1')
    assert.equal(back.main.outputs['previous-version'], 'v2')
    assert.deepEqual(servedAfterBack, ['demo v1', 'demo v1'])
    assert.equal(forth.main.code, 0, forth.main.stdout)
    assert.equal(forth.main.outputs['previous-version'], 'v1')
    const covered = fewestDuring(samples, addresses, t0, t2)
    assert.ok(covered >= 20, `every host got at least 20 requests during the rollbacks (fewest: ${covered})`)
    assert.deepEqual(samples.filter(failed).slice(0, 5), [], `${s.failed} failed requests`)
    assert.equal((back.main.summary.match(/<td>switched<\/td>/g) ?? []).length, 2, back.main.summary)
    for (const [i, h] of HOSTS.entries()) {
      assert.equal(await page(addresses[i] as string), 'demo v2')
      assert.equal(onHost(h, "docker inspect -f '{{.State.Status}}' demo-web-v1"), 'exited')
    }
    assert.ok(!lockPresent())
  })

  test('a broken version under load: the proxy refuses it, v2 keeps serving with zero failures, the run fails and the lock is released', async () => {
    const load = loadLoop(addresses)
    await new Promise((r) => setTimeout(r, 1000))
    const t0 = Date.now()
    const { main, post } = await run({ version: 'broken' })
    const t1 = Date.now()
    await new Promise((r) => setTimeout(r, 1000))
    const samples = await load.stop()
    const s = stats(samples, load.started, Date.now())
    console.log(
      `# broken: sent ${s.sent}, failed ${s.failed}, ${s.perSecond} requests/s over ${s.seconds} s; the failing deploy took ${(t1 - t0) / 1000} s`
    )
    assert.notEqual(main.code, 0, 'the run fails')
    assert.match(main.stdout, /target failed to become healthy/)
    assert.match(main.stdout, /the old version keeps serving/)
    assert.equal(post.code, 0, post.stdout)
    assert.ok(!lockPresent(), 'the lock is released')
    const covered = fewestDuring(samples, addresses, t0, t1)
    assert.ok(covered >= 20, `every host got at least 20 requests during the deploy (fewest: ${covered})`)
    assert.deepEqual(samples.filter(failed).slice(0, 5), [], `${s.failed} failed requests`)
    assert.ok(
      samples.every((x) => x.body === 'demo v2'),
      'only v2 answered'
    )
    assert.match(main.summary, /<td>failed<\/td>/)
    for (const [i, h] of HOSTS.entries()) {
      assert.equal(await page(addresses[i] as string), 'demo v2')
      assert.equal(
        onHost(h, "docker inspect -f '{{.State.Status}}' demo-web-broken"),
        'exited',
        'the broken container is stopped and kept'
      )
      assert.equal(onHost(h, "docker inspect -f '{{.State.Status}}' demo-web-v2"), 'running')
    }
  })

  test('a custom TLS certificate: the key is written 0600 for kamal-proxy’s user (1001), which reads it; the certificate 0644', async () => {
    const tls = makeRepo({
      'config/deploy.yml': deployYml(fleet).replace(
        `  host: ${VHOST}\n`,
        `  host: ${VHOST}\n  ssl:\n    certificate_pem: TLS_CERT\n    private_key_pem: TLS_KEY\n`
      ),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\nTLS_CERT=$TLS_CERT\nTLS_KEY=$TLS_KEY\n'
    })
    const { main } = await runAction({
      repo: tls,
      inputs: fleetInputs(fleet, { version: 'v2' }),
      env: { ...env(), TLS_CERT: 'test certificate', TLS_KEY: 'test private key' }
    })
    // The stand-in, like kamal-proxy, runs as uid 1001 and loads both files on `deploy`: a key it
    // could not read would fail the deploy.
    assert.equal(main.code, 0, main.stdout)
    for (const [i, h] of HOSTS.entries()) {
      assert.equal(onHost(h, 'docker exec kamal-proxy id -u'), '1001')
      const dir = '.kamal/proxy/apps-config/demo/tls/web'
      assert.equal(onHost(h, `stat -c '%a %u:%g' ${dir}/key.pem`), '600 1001:1001')
      assert.equal(onHost(h, `stat -c '%a %u:%g' ${dir}/cert.pem`), '644 0:0')
      assert.equal(onHost(h, `cat ${dir}/key.pem`), 'test private key')
      assert.equal(await page(addresses[i] as string), 'demo v2')
    }
  })

  test('a kamal-proxy older than v0.9.2 stops the deploy with what to do, before anything is booted', async () => {
    const old = `${fleet.registry.server}/basecamp/kamal-proxy:v0.8.0`
    onHost(
      'h2',
      `docker tag ${fleet.registry.server}/basecamp/kamal-proxy:v0.9.2 ${old} && docker rm -f kamal-proxy > /dev/null && docker run -d --name kamal-proxy --network kamal ${old} > /dev/null`
    )
    const { main } = await run({ version: 'v1' })
    assert.notEqual(main.code, 0)
    assert.match(
      main.stdout,
      /kamal-proxy version v0\.8\.0 is too old, run `kamal proxy reboot` in order to update to at least v0\.9\.2/
    )
    assert.equal(
      tryOnHost('h2', 'docker inspect demo-web-v1 -f "{{.State.Status}}"').out,
      'exited',
      'no v1 was booted again on h2'
    )
    assert.ok(!lockPresent())
  })
})
