// End to end: the bundled action against a fleet of real hosts (sshd + their own dockerd), a real
// registry with a password, and real containers. Each test checks the hosts themselves.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
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
  type Fleet,
  demoConfigHead
} from './harness.js'

const APP_SECRET = 'app-s3cr3t "quoted" $dollar'
const STORE_PASSWORD = 'store-pw-7f3a9c'

function deployYml(fleet: Fleet, extra = ''): string {
  return `${demoConfigHead(fleet)}builder:
  arch: amd64
servers:
  web:
    hosts:
      - ${ip(fleet, 'h1')}
      - ${ip(fleet, 'h2')}
    proxy: false
env:
  clear:
    GREETING: hello world
  secret:
    - APP_SECRET
accessories:
  store:
    image: ${fleet.registry.server}/${fleet.images.accessory}
    host: ${ip(fleet, 'h3')}
    env:
      clear:
        STORE_MODE: test
      secret:
        - STORE_PASSWORD
    directories:
      - data:/data
    files:
      - config/store.conf:/etc/store.conf
      - config/secret.conf.erb:/etc/secret.conf
deploy_timeout: 15
readiness_delay: 1
${extra}`
}

function repoFor(fleet: Fleet, extra = ''): string {
  return makeRepo({
    'config/deploy.yml': deployYml(fleet, extra),
    'config/store.conf': 'max_items=10\n',
    'config/secret.conf.erb': 'password=<%= ENV["STORE_PASSWORD"] %>\n',
    '.kamal/secrets': `REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\nAPP_SECRET='${APP_SECRET}'\n`
  })
}

/** What answers inside the container with this name. */
const page = (host: string, container: string) => onHost(host, `docker exec ${container} wget -qO- http://127.0.0.1/`)
const state = (host: string, container: string) =>
  tryOnHost(host, `docker inspect -f '{{.State.Status}}' ${container}`).out
const lockPresent = () => tryOnHost('h1', 'test -d .kamal/lock-demo').code === 0

describe('setup and deploy on a fleet of real hosts', { timeout: 20 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  const env = () => ({ FLEET_REGISTRY_PASSWORD: fleet.registry.password, STORE_PASSWORD })
  const run = (inputs: Record<string, string>, r = repo) =>
    runAction({ repo: r, inputs: fleetInputs(fleet, inputs), env: env() })

  before(() => {
    fleet = fleetUp(['h1', 'h2', 'h3:bare'])
    repo = repoFor(fleet)
  })
  after(() => {
    if (!process.env['DECKHAND_KEEP_FLEET']) fleetDown(['h1', 'h2', 'h3'])
  })

  test('plan shows every command of a setup per host, connects to nothing and prints no secret', async () => {
    const { main } = await run({ command: 'plan', 'plan-for': 'setup', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
    for (const h of ['h1', 'h2', 'h3']) {
      assert.match(
        main.stdout,
        new RegExp(`::group::Plan of a setup on ${ip(fleet, h).replace(/\./g, '\\.')}: \\d+ execs`)
      )
      assert.match(
        main.summary,
        new RegExp(`<details><summary>${ip(fleet, h).replace(/\./g, '\\.')}: \\d+ execs</summary>`)
      )
    }
    assert.match(main.stdout, /docker run --name demo-store --detach --restart unless-stopped --network kamal /)
    assert.ok(
      !main.stdout.includes('s3cr3t') && !main.stdout.includes(STORE_PASSWORD) && !main.summary.includes('s3cr3t')
    )
    // Nothing happened on the hosts (the setup test below also finds h3 without Docker).
    assert.equal(lockPresent(), false)
    assert.equal(tryOnHost('h1', 'test -d .kamal/apps').code, 1)
  })

  test('setup on a fresh fleet installs Docker where missing, boots the accessory and deploys v1', async () => {
    assert.equal(tryOnHost('h3', 'command -v docker').code, 1, 'h3 starts without Docker')
    const { main, post } = await run({ command: 'setup', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(post.code, 0, post.stdout)
    for (const h of ['h1', 'h2']) {
      assert.equal(state(h, 'demo-web-v1'), 'running')
      assert.equal(page(h, 'demo-web-v1'), 'demo v1')
      const labels = JSON.parse(onHost(h, `docker inspect -f '{{json .Config.Labels}}' demo-web-v1`)) as Record<
        string,
        string
      >
      assert.equal(labels['service'], 'demo')
      assert.equal(labels['role'], 'web')
      assert.equal(labels['destination'], '')
      const envInside = onHost(h, 'docker exec demo-web-v1 env')
      assert.match(envInside, /^GREETING=hello world$/m)
      assert.ok(envInside.split('\n').includes(`APP_SECRET=${APP_SECRET}`), 'the secret reaches the container intact')
      assert.match(envInside, /^KAMAL_VERSION=v1$/m)
      assert.match(envInside, new RegExp(`^KAMAL_HOST=${ip(fleet, h).replace(/\./g, '\\.')}$`, 'm'))
      assert.equal(onHost(h, 'stat -c %a .kamal/apps/demo/env/roles/web.env'), '600')
      assert.equal(
        onHost(h, `docker image inspect -f '{{.Id}}' ${fleet.registry.server}/deckhand/demo:latest`),
        onHost(h, `docker image inspect -f '{{.Id}}' ${fleet.registry.server}/deckhand/demo:v1`)
      )
    }
    // h3 had no Docker: it was installed, and the accessory runs there with its files and env.
    assert.equal(tryOnHost('h3', 'docker info > /dev/null').code, 0)
    assert.equal(state('h3', 'demo-store'), 'running')
    assert.equal(onHost('h3', 'stat -c %a .kamal/apps/demo/env/accessories/store.env'), '600')
    assert.equal(onHost('h3', 'cat demo-store/etc/store.conf'), 'max_items=10')
    assert.equal(onHost('h3', 'stat -c %a demo-store/etc/store.conf'), '755')
    // Rendered from ERB with the accessory's secrets: 0600 (Kamal writes 0755), and warned about.
    assert.equal(onHost('h3', 'stat -c %a demo-store/etc/secret.conf'), '600')
    assert.equal(onHost('h3', 'cat demo-store/etc/secret.conf'), `password=${STORE_PASSWORD}`)
    assert.match(main.stdout, /::warning::accessories\/store\/files: config\/secret\.conf\.erb is rendered with/)
    assert.match(onHost('h3', 'docker exec demo-store env'), new RegExp(`^STORE_PASSWORD=${STORE_PASSWORD}$`, 'm'))
    assert.equal(onHost('h3', 'wc -l < demo-store/data/boots.log'), '1')
    assert.equal(lockPresent(), false, 'the lock is released')
    assert.equal(main.outputs['version'], 'v1')
    assert.deepEqual(JSON.parse(main.outputs['hosts'] ?? '[]'), [ip(fleet, 'h1'), ip(fleet, 'h2'), ip(fleet, 'h3')])
    assert.ok(Number(main.outputs['duration']) > 0)
    for (const h of ['h1', 'h2'])
      assert.match(
        main.summary,
        new RegExp(
          `<tr><td>${ip(fleet, h).replace(/\./g, '\\.')}</td><td>web</td><td>v1</td><td>–</td><td>healthy</td><td>[\\d.]+</td></tr>`
        )
      )
    assert.match(main.summary, /<td>store<\/td><td>[\d.]+<\/td><td>booted<\/td>/)
    assert.match(main.summary, /taken and released/)
    assert.match(main.summary, new RegExp(`Docker installed on: ${ip(fleet, 'h3').replace(/\./g, '\\.')}`))
    // Secrets are masked for the runner and never printed or summarised in the clear.
    assert.ok(main.stdout.includes(`::add-mask::${STORE_PASSWORD}`))
    assert.equal(
      main.stdout.split('\n').filter((l) => l.includes(STORE_PASSWORD) && !l.startsWith('::add-mask::')).length,
      0
    )
    assert.ok(!main.summary.includes(STORE_PASSWORD) && !main.summary.includes('s3cr3t'))
  })

  test('deploy v1 → v2 boots v2 on every host, stops v1 only after v2 is healthy, tags latest', async () => {
    // h1 keeps the credentials setup stored; h2's are replaced by wrong ones (a rotated password).
    const config = '.docker/config.json'
    const storedOnH1 = onHost('h1', `stat -c %Y.%s ${config}`)
    const wrong = Buffer.from(`${fleet.registry.username}:not-the-password`).toString('base64')
    onHost('h2', `printf '%s' '{"auths":{"${fleet.registry.server}":{"auth":"${wrong}"}}}' > ${config}`)
    await new Promise((r) => setTimeout(r, 1100)) // so that a rewrite of config.json shows in its mtime
    const { main } = await run({ command: 'deploy', version: 'v2' })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(
      onHost('h1', `stat -c %Y.%s ${config}`),
      storedOnH1,
      'no docker login where the stored credentials work'
    )
    assert.ok(
      !onHost('h2', `cat ${config}`).includes(wrong),
      'the pull failed with the wrong credentials, so h2 logged in again'
    )
    for (const h of ['h1', 'h2']) {
      assert.equal(state(h, 'demo-web-v2'), 'running')
      assert.equal(page(h, 'demo-web-v2'), 'demo v2')
      assert.equal(state(h, 'demo-web-v1'), 'exited', 'the old container is stopped and kept')
      assert.equal(
        onHost(h, `docker image inspect -f '{{.Id}}' ${fleet.registry.server}/deckhand/demo:latest`),
        onHost(h, `docker image inspect -f '{{.Id}}' ${fleet.registry.server}/deckhand/demo:v2`)
      )
      assert.match(onHost(h, 'cat .kamal/demo-audit.log'), /\[octocat\] \[web\] Booted app version v2/)
    }
    assert.equal(main.outputs['previous-version'], 'v1')
    assert.deepEqual(
      JSON.parse(main.outputs['hosts'] ?? '[]'),
      [ip(fleet, 'h1'), ip(fleet, 'h2')],
      'deploy works on the app hosts only'
    )
    // Round trips: pull (+ take the lock on the primary), boot (+ prune and tag :latest, one boot
    // group), and on the primary only, the release.
    const counts = /::debug::deckhand: SSH commands per host (.*)$/m.exec(main.stdout)?.[1]
    assert.deepEqual(JSON.parse(counts ?? '{}'), { [ip(fleet, 'h1')]: 3, [ip(fleet, 'h2')]: 2 })
    assert.match(main.summary, /<td>v2<\/td><td>v1<\/td><td>healthy<\/td>/)
    assert.equal(lockPresent(), false)
  })

  test('a second setup keeps the accessory container and its data; its files are written again first, as Kamal does', async () => {
    const before = onHost('h3', `docker inspect -f '{{.Id}}' demo-store`)
    onHost('h3', 'echo changed-on-the-host > demo-store/etc/store.conf')
    const { main } = await run({ command: 'setup', version: 'v2' })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(onHost('h3', `docker inspect -f '{{.Id}}' demo-store`), before)
    assert.equal(onHost('h3', 'cat demo-store/etc/store.conf'), 'max_items=10', 'the file was uploaded again')
    assert.equal(onHost('h3', 'wc -l < demo-store/data/boots.log'), '1')
    assert.match(main.summary, /<td>store<\/td><td>[\d.]+<\/td><td>left running<\/td>/)
    for (const h of ['h1', 'h2']) assert.equal(page(h, 'demo-web-v2'), 'demo v2')
  })

  test('a broken image fails the run, leaves the old version serving and the lock released', async () => {
    const { main } = await run({ command: 'deploy', version: 'broken' })
    assert.equal(main.code, 1)
    for (const h of ['h1', 'h2']) {
      assert.equal(state(h, 'demo-web-v2'), 'running', 'the old version keeps running')
      assert.equal(page(h, 'demo-web-v2'), 'demo v2')
      assert.equal(state(h, 'demo-web-broken'), 'exited', 'the unhealthy container is stopped and kept')
    }
    assert.match(main.stdout, /container demo-web-broken not ready after 15 seconds \(unhealthy\)/)
    assert.match(main.summary, /❌/)
    assert.match(main.summary, /broken \(failed\)<\/td><td>–<\/td><td>unhealthy/)
    assert.equal(lockPresent(), false)
  })

  test('two deploys started at the same moment: exactly one deploys, the other names the holder', async () => {
    const a = startStep({ repo, inputs: fleetInputs(fleet, { command: 'deploy', version: 'v1' }), env: env() })
    const b = startStep({ repo, inputs: fleetInputs(fleet, { command: 'deploy', version: 'v1' }), env: env() })
    const results = await Promise.all([a.done, b.done])
    const codes = results.map((r) => r.code).sort()
    assert.deepEqual(codes, [0, 1], results.map((r) => r.stdout).join('\n-----\n'))
    const loser = results.find((r) => r.code === 1)
    assert.match(loser?.stdout ?? '', /Deploy lock already in place/)
    assert.match(loser?.stdout ?? '', /Locked by: Deckhand acme\/demo run/)
    // The holder's details follow the first line directly (%0A: a newline in a workflow command),
    // with no output of the pull exec in between.
    assert.match(loser?.stdout ?? '', /::error::Deploy lock already in place on [\d.]+!%0ALocked by: /, loser?.stdout)
    assert.equal(lockPresent(), false)
    for (const h of ['h1', 'h2']) assert.equal(page(h, 'demo-web-v1'), 'demo v1')
  })

  test('a lock taken by hand stops a deploy and stays until released', async () => {
    const acquired = await run({ command: 'lock-acquire', 'lock-message': 'DB migration in progress', version: 'v1' })
    assert.equal(acquired.main.code, 0, acquired.main.stdout)
    assert.equal(acquired.post.code, 0)
    assert.ok(lockPresent(), 'post must not release a manual lock')
    const details = onHost('h1', 'cat .kamal/lock-demo/details | base64 -d')
    assert.match(
      details,
      /^Locked by: .* at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\nVersion: v1\nMessage: DB migration in progress$/
    )
    const { main } = await run({ command: 'deploy', version: 'v2' })
    assert.equal(main.code, 1)
    assert.match(main.stdout, /Message: DB migration in progress/)
    assert.ok(lockPresent(), 'the manual lock is left in place')
    for (const h of ['h1', 'h2']) assert.equal(state(h, 'demo-web-v1'), 'running')
    const status = await run({ command: 'lock-status' })
    assert.match(status.main.stdout, /Message: DB migration in progress/)
    const released = await run({ command: 'lock-release' })
    assert.equal(released.main.code, 0)
    assert.equal(lockPresent(), false)
  })

  test('SIGTERM in the middle of a deploy releases the lock within 5 s', async () => {
    const step = startStep({ repo, inputs: fleetInputs(fleet, { command: 'deploy', version: 'v2' }), env: env() })
    await waitFor('the deploy lock', () => lockPresent(), 60_000)
    const sent = Date.now()
    step.child.kill('SIGTERM')
    const main = await step.done
    assert.ok(Date.now() - sent < 5000, `exited ${Date.now() - sent} ms after SIGTERM`)
    assert.equal(main.code, 1)
    assert.equal(lockPresent(), false, main.stdout)
    const post = await startStep({
      repo,
      inputs: fleetInputs(fleet, { command: 'deploy', version: 'v2' }),
      env: env(),
      state: main.state
    }).done
    assert.equal(post.code, 0)
  })

  test('when main is killed outright, the post step releases only the lock this run took', async () => {
    const step = startStep({ repo, inputs: fleetInputs(fleet, { command: 'deploy', version: 'v1' }), env: env() })
    await waitFor('the deploy lock', () => lockPresent(), 60_000)
    step.child.kill('SIGKILL')
    const main = await step.done
    assert.ok(lockPresent(), 'a killed main leaves its lock behind')
    assert.ok(main.state['lock'], 'the lock was recorded in GITHUB_STATE before it was taken')
    const post = await startStep({
      repo,
      inputs: fleetInputs(fleet, { command: 'deploy', version: 'v1' }),
      env: env(),
      state: main.state
    }).done
    assert.equal(post.code, 0, post.stdout)
    assert.equal(lockPresent(), false)
    // A lock someone else took since is never released by our post step.
    onHost(
      'h1',
      `mkdir .kamal/lock-demo && echo "$(printf 'Locked by: Someone at 2026-01-01T00:00:00Z\\nVersion: x\\nMessage: mine' | base64)" > .kamal/lock-demo/details`
    )
    const again = await startStep({
      repo,
      inputs: fleetInputs(fleet, { command: 'deploy', version: 'v1' }),
      env: env(),
      state: main.state
    }).done
    assert.equal(again.code, 0)
    assert.ok(lockPresent())
    onHost('h1', 'rm -r .kamal/lock-demo')
  })

  test('roles: workers boot after the first healthy web container, in boot.limit groups; roles and hosts inputs narrow the run', async () => {
    const roles = makeRepo({
      'config/deploy.yml': `${demoConfigHead(fleet)}servers:
  web:
    hosts: [${ip(fleet, 'h1')}, ${ip(fleet, 'h2')}]
    proxy: false
  workers:
    hosts: [${ip(fleet, 'h2')}]
    cmd: httpd -f -p 8080 -h /www
    options:
      no-healthcheck: true   # the image checks port 80; workers serve 8080: readiness_delay applies
    env:
      clear: { WORKER: "yes" }
boot:
  limit: 1
readiness_delay: 1
deploy_timeout: 15
`,
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n'
    })
    const all = await run({ command: 'deploy', version: 'v1' }, roles)
    assert.equal(all.main.code, 0, all.main.stdout)
    assert.match(all.main.stdout, /Boot v1, group 1\/2: [\d.]+[\s\S]*Boot v1, group 2\/2: [\d.]+/)
    const log = all.main.stdout
    const webHealthy = log.indexOf(`${ip(fleet, 'h1')}: web v1 is healthy`)
    const workersBooted = log.indexOf(`${ip(fleet, 'h2')}: workers v1 is`)
    assert.ok(webHealthy >= 0 && workersBooted > webHealthy, 'workers boot after the first healthy web container')
    assert.equal(state('h2', 'demo-workers-v1'), 'running')
    // Two boot groups: every host tags :latest in a finish exec (h1's also releases the lock); h2
    // boots two roles, one exec each.
    const counts = /::debug::deckhand: SSH commands per host (.*)$/m.exec(all.main.stdout)?.[1]
    assert.deepEqual(JSON.parse(counts ?? '{}'), { [ip(fleet, 'h1')]: 3, [ip(fleet, 'h2')]: 4 })
    assert.equal(
      onHost('h2', `docker inspect -f '{{json .Config.Cmd}}' demo-workers-v1`),
      '["httpd","-f","-p","8080","-h","/www"]'
    )
    assert.match(onHost('h2', 'docker exec demo-workers-v1 env'), /^WORKER=yes$/m)
    assert.equal(tryOnHost('h1', 'docker inspect demo-workers-v1').code, 1, 'no workers on h1')

    const workersOnly = await run({ command: 'deploy', version: 'v2', roles: 'work*' }, roles)
    assert.equal(workersOnly.main.code, 0, workersOnly.main.stdout)
    assert.equal(state('h2', 'demo-workers-v2'), 'running')
    assert.equal(state('h2', 'demo-workers-v1'), 'exited')
    assert.equal(state('h1', 'demo-web-v1'), 'running', 'web untouched')
    assert.deepEqual(JSON.parse(workersOnly.main.outputs['hosts'] ?? '[]'), [ip(fleet, 'h2')])

    const oneHost = await run({ command: 'deploy', version: 'v2', hosts: ip(fleet, 'h1') }, roles)
    assert.equal(oneHost.main.code, 0, oneHost.main.stdout)
    assert.equal(state('h1', 'demo-web-v2'), 'running')
    assert.equal(state('h2', 'demo-web-v1'), 'running', 'h2 was not in the hosts input')
    assert.match(oneHost.main.stdout, new RegExp(`took the deploy lock .kamal/lock-demo`))
  })

  /** web (the primary role) on h1 only, ready only once /tmp/ready exists in it; workers on h2. */
  const barrierRepo = (healthCmd: string, timeout: number) =>
    makeRepo({
      'config/deploy.yml': `${demoConfigHead(fleet)}servers:
  web:
    hosts: [${ip(fleet, 'h1')}]
    proxy: false
    options:
      health-cmd: "${healthCmd}"
      health-interval: 1s
  workers:
    hosts: [${ip(fleet, 'h2')}]
    cmd: httpd -f -p 8080 -h /www
    options:
      no-healthcheck: true
readiness_delay: 0
deploy_timeout: ${timeout}
`,
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n'
    })
  const created = (host: string, container: string) =>
    Date.parse(onHost(host, `docker inspect -f '{{.Created}}' ${container}`))

  test('barrier: workers on another host are booted only after the first web container is healthy (no boot.limit)', async () => {
    const repoB = barrierRepo('test -e /tmp/ready && wget -q -O /dev/null http://127.0.0.1/up', 60)
    const step = startStep({
      repo: repoB,
      inputs: fleetInputs(fleet, { command: 'deploy', version: 'v1' }),
      env: env()
    })
    // The new web v1 has been failing its health check for two checks (≥ 2 s): without the
    // barrier, workers would have been created on h2 by now.
    let ready = 0
    try {
      await waitFor(
        'two failed health checks of the new web v1 on h1',
        () =>
          /^running ([2-9]|\d\d)/.test(
            tryOnHost('h1', `docker inspect -f '{{.State.Status}} {{len .State.Health.Log}}' demo-web-v1 2> /dev/null`)
              .out
          ),
        60_000
      )
      ready = Date.now()
      onHost('h1', 'docker exec demo-web-v1 touch /tmp/ready')
    } finally {
      if (!ready) step.child.kill('SIGTERM')
    }
    const main = await step.done
    assert.equal(main.code, 0, main.stdout)
    assert.equal(state('h2', 'demo-workers-v1'), 'running')
    const workersCreated = created('h2', 'demo-workers-v1')
    assert.ok(
      workersCreated > ready,
      `workers created ${workersCreated - ready} ms after web was allowed to get healthy (must be after)`
    )
    // One role per host and one boot group: 3 SSH commands on the lock host, 2 on the other.
    const counts = /::debug::deckhand: SSH commands per host (.*)$/m.exec(main.stdout)?.[1]
    assert.deepEqual(JSON.parse(counts ?? '{}'), { [ip(fleet, 'h1')]: 3, [ip(fleet, 'h2')]: 2 })
  })

  test('barrier: when the first web container never gets healthy, the other roles are not booted at all', async () => {
    const workers = () =>
      onHost('h2', `docker ps --all --filter label=role=workers --format '{{.ID}} {{.Names}} {{.State}}'`)
    const workersBefore = workers()
    const { main } = await run({ command: 'deploy', version: 'v2' }, barrierRepo('false', 3))
    assert.equal(main.code, 1)
    assert.match(main.stdout, /container demo-web-v2 not ready after 3 seconds/)
    assert.match(
      main.stdout,
      new RegExp(`First web container is unhealthy, not booting workers on ${ip(fleet, 'h2').replace(/\./g, '\\.')}`)
    )
    assert.match(main.summary, /<td>workers<\/td><td>v2 \(failed\)<\/td><td>–<\/td><td>not booted<\/td>/)
    assert.equal(workers(), workersBefore, 'no workers container was created, renamed or stopped on h2')
    assert.equal(state('h1', 'demo-web-v1'), 'running', 'the old web keeps running')
    assert.equal(lockPresent(), false)
  })

  test('a missing secret stops the run before any host is touched, naming the secret only', async () => {
    const r = makeRepo({
      'config/deploy.yml': deployYml(fleet),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n'
    })
    const auditBefore = onHost('h1', 'wc -l < .kamal/demo-audit.log')
    const { main } = await run({ command: 'deploy', version: 'v2' }, r)
    assert.equal(main.code, 1)
    assert.match(main.stdout, /Secret 'APP_SECRET' not found in \.kamal\/secrets or the step's environment/)
    assert.doesNotMatch(main.summary, /SSH commands per host/)
    assert.equal(onHost('h1', 'wc -l < .kamal/demo-audit.log'), auditBefore)
  })

  test('an unknown host key stops the run for that host with a clear message', async () => {
    const inputs = fleetInputs(fleet, { command: 'deploy', version: 'v2' })
    inputs['known-hosts'] = (inputs['known-hosts'] ?? '')
      .split('\n')
      .filter((l) => !l.startsWith(`${ip(fleet, 'h2')} `))
      .join('\n')
    const { main } = await runAction({ repo, inputs, env: env() })
    assert.equal(main.code, 1)
    assert.match(
      main.stdout,
      new RegExp(`host ${ip(fleet, 'h2').replace(/\./g, '\\.')}: host key SHA256:\\S+ is not in known-hosts`)
    )
  })

  test('a config error is annotated with file, line and key', async () => {
    const yml = deployYml(fleet, 'stop_wait_time: 10\n')
    const line = yml.split('\n').indexOf('stop_wait_time: 10') + 1
    const { main } = await run({ command: 'deploy', version: 'v2' }, makeRepo({ 'config/deploy.yml': yml }))
    assert.equal(main.code, 1)
    assert.ok(
      main.stdout.includes(
        `::error title=Invalid deploy configuration,file=config/deploy.yml,line=${line},col=1::stop_wait_time: unknown key: stop_wait_time`
      ),
      main.stdout
    )
  })
})
