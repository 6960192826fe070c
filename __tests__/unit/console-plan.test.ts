// The console commands' remote lines, exactly: each builder against the text Kamal's own tests
// expect (test/commands/{app,accessory,proxy,prune,auditor}_test.rb, for the reference's example
// config), then each command's whole plan — its handler run against recording hosts, as `plan`
// shows it — host by host and in order, with the lock where Kamal locks.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { handlerFor } from '../../src/action/commands.js'
import type { Core } from '../../src/action/core.js'
import { readInputs } from '../../src/action/inputs.js'
import { selectRunTargets, type PlanRun } from '../../src/action/prepare.js'
import {
  accessoryInfo,
  accessoryLogs,
  pullAccessoryImage,
  removeAccessoryContainer,
  removeAccessoryImage,
  startAccessory,
  stopAccessory
} from '../../src/commands/accessory.js'
import {
  appInfo,
  appLogs,
  listContainers,
  listImages,
  listVersions,
  proxyMaintenance,
  proxyRemove,
  proxyResume,
  removeAppContainers,
  removeAppImages,
  startApp,
  stopApp
} from '../../src/commands/app.js'
import { auditReveal } from '../../src/commands/audit.js'
import { pruneContainers } from '../../src/commands/docker.js'
import { proxyInfo, proxyLogs, removeProxyContainer, removeProxyImage, runProxy } from '../../src/commands/proxy.js'
import { parseConfigText } from '../../src/config/load.js'
import type { Role } from '../../src/config/types.js'
import type { RunContext } from '../../src/flows/context.js'
import { NotConfirmedError } from '../../src/flows/errors.js'
import type { BuildContext } from '../../src/flows/build.js'
import { noHooks, planByHost, RecordingPool, recordFlow, silentReporter } from '../../src/flows/plan.js'
import { removalPreview } from '../../src/flows/remove.js'
import { emptyReport } from '../../src/flows/report.js'

const EXAMPLE = `
service: myapp
image: user/myapp
servers:
  web:
    - 192.168.0.1
    - 192.168.0.2
  job:
    hosts:
      - 192.168.0.3
    cmd: bin/jobs
proxy:
  host: app.example.com
  app_port: 3000
  healthcheck: { path: /up, interval: 2, timeout: 3 }
registry:
  username: user
  password: [KAMAL_REGISTRY_PASSWORD]
builder:
  arch: amd64
env:
  clear: { DB_HOST: myapp-db }
  secret: [RAILS_MASTER_KEY]
accessories:
  db:
    image: postgres:16
    host: 192.168.0.4
    port: "127.0.0.1:5432:5432"
    env:
      clear: { POSTGRES_USER: myapp }
      secret: [POSTGRES_PASSWORD]
    directories:
      - data:/var/lib/postgresql/data
aliases:
  tail: app logs -n 5 -r web
`
const config = parseConfigText(EXAMPLE, 'config/deploy.yml', undefined, {})
const role = (name: string) => config.roles.find((r) => r.name === name) as Role
const db = config.accessories[0]!
const CURRENT_ID = (r: string) =>
  `sh -c 'docker ps --latest --quiet --filter label=service=myapp --filter label=destination= --filter label=role=${r} --filter status=running --filter status=restarting --filter ancestor=$(docker image ls --filter reference=user/myapp:latest --format '\\''{{.ID}}'\\'') ; docker ps --latest --quiet --filter label=service=myapp --filter label=destination= --filter label=role=${r} --filter status=running --filter status=restarting' | head -1`

test('builders: Kamal’s app lines (test/commands/app_test.rb)', () => {
  const web = role('web')
  assert.equal(
    appInfo(config, web),
    'docker ps --filter label=service=myapp --filter label=destination= --filter label=role=web'
  )
  assert.equal(
    listContainers(config),
    'docker container ls --all --filter label=service=myapp --filter label=destination='
  )
  assert.equal(listImages(config), 'docker image ls user/myapp')
  assert.equal(
    listVersions(config, web),
    'docker ps --filter label=service=myapp --filter label=destination= --filter label=role=web --format "{{.Names}}" | while read line; do echo ${line#myapp-web-}; done'
  )
  const logs = { timestamps: true }
  assert.equal(appLogs(config, web, logs), `${CURRENT_ID('web')} | xargs docker logs --timestamps 2>&1`)
  assert.equal(
    appLogs(config, web, { ...logs, containerId: 'C137' }),
    "sh -c 'echo C137' | xargs docker logs --timestamps 2>&1"
  )
  assert.equal(
    appLogs(config, web, { ...logs, since: '5m', lines: 100 }),
    `${CURRENT_ID('web')} | xargs docker logs --timestamps --since 5m --tail 100 2>&1`
  )
  assert.equal(
    appLogs(config, web, { ...logs, since: '5m', grep: 'my-id', grepOptions: ['-C', '2'] }),
    `${CURRENT_ID('web')} | xargs docker logs --timestamps --since 5m 2>&1 | grep 'my-id' -C 2`
  )
  // A pattern with a quote stays one word (Kamal would break the line there).
  assert.equal(
    appLogs(config, web, { timestamps: false, grep: "it's" }),
    `${CURRENT_ID('web')} | xargs docker logs 2>&1 | grep 'it'\\''s'`
  )
  assert.equal(startApp(config, web, '999'), 'docker start myapp-web-999')
  assert.equal(stopApp(config, web), `${CURRENT_ID('web')} | xargs docker stop`)
  assert.equal(stopApp(config, role('job')), `${CURRENT_ID('job')} | xargs docker stop -t 30`)
  assert.equal(
    stopApp(config, web, '123'),
    "docker container ls --all --filter 'name=^myapp-web-123$' --quiet | xargs docker stop"
  )
  assert.equal(proxyRemove('myapp-web'), 'docker exec kamal-proxy kamal-proxy remove myapp-web')
  assert.equal(
    proxyMaintenance('myapp-web', 30, 'Back soon'),
    'docker exec kamal-proxy kamal-proxy stop myapp-web --drain-timeout="30s" --message="Back soon"'
  )
  assert.equal(
    proxyMaintenance('myapp-web', 10),
    'docker exec kamal-proxy kamal-proxy stop myapp-web --drain-timeout="10s"'
  )
  assert.equal(proxyResume('myapp-web'), 'docker exec kamal-proxy kamal-proxy resume myapp-web')
  assert.equal(
    removeAppContainers(config, web),
    'docker container prune --force --filter label=service=myapp --filter label=destination= --filter label=role=web'
  )
  assert.equal(removeAppImages(config), 'docker image prune --all --force --filter label=service=myapp')
})

test('builders: Kamal’s accessory, proxy, prune and audit lines', () => {
  assert.equal(accessoryInfo(db), 'docker ps --filter label=service=myapp-db')
  assert.equal(accessoryLogs(db, { timestamps: true }), 'docker logs myapp-db --timestamps 2>&1')
  // Kamal's own double spaces (its optional parts carry a leading space).
  assert.equal(
    accessoryLogs(db, { timestamps: true, since: '5m', lines: 100, grep: 'thing', grepOptions: ['-C', '2'] }),
    "docker logs myapp-db  --since 5m  --tail 100 --timestamps 2>&1 | grep 'thing' -C 2"
  )
  assert.equal(startAccessory(db), 'docker container start myapp-db')
  assert.equal(stopAccessory(db), 'docker container stop myapp-db')
  assert.equal(pullAccessoryImage(db), 'docker image pull postgres:16')
  assert.equal(removeAccessoryContainer(db), 'docker container prune --force --filter label=service=myapp-db')
  assert.equal(removeAccessoryImage(db), 'docker image rm --force postgres:16')
  assert.equal(proxyInfo, "docker ps --filter 'name=^kamal-proxy$'")
  assert.equal(proxyLogs({ timestamps: true }), 'docker logs kamal-proxy --timestamps 2>&1')
  assert.equal(proxyLogs({ timestamps: true, since: '2h' }), 'docker logs kamal-proxy --since 2h --timestamps 2>&1')
  assert.equal(proxyLogs({ timestamps: true, lines: 10 }), 'docker logs kamal-proxy --tail 10 --timestamps 2>&1')
  assert.equal(proxyLogs({ timestamps: false }), 'docker logs kamal-proxy 2>&1')
  assert.equal(
    proxyLogs({ timestamps: true, grep: 'hello!' }),
    "docker logs kamal-proxy --timestamps 2>&1 | grep 'hello!'"
  )
  assert.equal(
    removeProxyContainer,
    'docker container prune --force --filter label=org.opencontainers.image.title=kamal-proxy'
  )
  assert.equal(
    removeProxyImage,
    'docker image prune --all --force --filter label=org.opencontainers.image.title=kamal-proxy'
  )
  assert.equal(
    runProxy(undefined),
    'echo $(cat .kamal/proxy/options 2> /dev/null || echo "--publish 80:80 --publish 443:443 --log-opt max-size=10m") $(cat .kamal/proxy/image 2> /dev/null || echo "basecamp/kamal-proxy"):$(cat .kamal/proxy/image_version 2> /dev/null || echo "v0.9.2") $(cat .kamal/proxy/run_command 2> /dev/null || echo "") | xargs docker run --name kamal-proxy --network kamal --detach --restart unless-stopped --volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy --volume $PWD/.kamal/proxy/apps-config:/home/kamal-proxy/.apps-config'
  )
  assert.equal(
    pruneContainers(config, 3),
    'docker ps -q -a --filter label=service=myapp --filter status=created --filter status=exited --filter status=dead | tail -n +4 | while read container_id; do docker rm $container_id; done'
  )
  assert.equal(auditReveal(config), 'tail -n 50 .kamal/myapp-audit.log')
})

/** The command's plan: its handler against recording hosts, per host its execs (label + script). */
async function planOf(command: string, extra: Record<string, string> = {}) {
  const inputs = readInputs({ INPUT_COMMAND: command, GITHUB_SHA: 'abc123', ...extra }, () => config.aliases)
  const pool = new RecordingPool()
  const ctx: RunContext & { pool: RecordingPool } = {
    config,
    targets: selectRunTargets(config, inputs),
    version: inputs.version,
    performer: 'octocat',
    secrets: new Map([
      ['KAMAL_REGISTRY_PASSWORD', '<KAMAL_REGISTRY_PASSWORD>'],
      ['RAILS_MASTER_KEY', '<RAILS_MASTER_KEY>'],
      ['POSTGRES_PASSWORD', '<POSTGRES_PASSWORD>']
    ]),
    pool,
    reporter: silentReporter,
    lock: { name: 'Deckhand plan', token: 'tok' },
    report: emptyReport(inputs.command, inputs.version),
    signal: new AbortController().signal
  }
  const handler = handlerFor(inputs.command)
  const log = await recordFlow(ctx, (c) =>
    handler({
      core: {} as Core,
      inputs,
      prepared: {} as PlanRun,
      ctx: c,
      hooks: noHooks,
      readLocal: () => Buffer.from(''),
      report: ctx.report,
      // These commands build nothing: a build would fail on this empty context.
      build: {} as BuildContext,
      reachHosts: () => Promise.resolve()
    })
  )
  const byHost = planByHost(log)
  const steps = (host: string) =>
    (byHost.get(host) ?? []).map((s) => s.replace(/\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\]/g, '[<time>]'))
  return {
    byHost,
    steps,
    labels: (host: string) => steps(host).map((s) => s.split('\n')[0]),
    text: (host: string) => steps(host).join('\n')
  }
}

const AUDIT = (message: string, tags = '') =>
  `mkdir -p .kamal && echo "[<time>] [octocat]${tags} ${message}" >> .kamal/myapp-audit.log`

test('plan: read-only commands send Kamal’s lines, one exec each, and take no lock', async () => {
  const d = await planOf('details')
  assert.deepEqual([...d.byHost.keys()], ['192.168.0.1', '192.168.0.2', '192.168.0.3', '192.168.0.4'])
  assert.deepEqual(d.labels('192.168.0.1'), ['# 1. app version (web)', '# 2. proxy details', '# 3. app details (web)'])
  assert.deepEqual(d.steps('192.168.0.1').slice(1), [
    "# 2. proxy details\ndocker ps --filter 'name=^kamal-proxy$'",
    '# 3. app details (web)\ndocker ps --filter label=service=myapp --filter label=destination= --filter label=role=web'
  ])
  assert.deepEqual(d.steps('192.168.0.4'), ['# 1. accessory details (db)\ndocker ps --filter label=service=myapp-db'])
  assert.match(d.steps('192.168.0.3')[0] ?? '', /^# 1\. app version \(job\)\nsh -c 'docker ps --latest --format/)
  assert.ok(!d.text('192.168.0.1').includes('lock'))
  const logs = await planOf('tail -g "GET /up"')
  assert.deepEqual([...logs.byHost.keys()], ['192.168.0.1', '192.168.0.2'])
  assert.deepEqual(logs.steps('192.168.0.2'), [
    `# 1. app logs (web)\n${CURRENT_ID('web')} | xargs docker logs --timestamps --tail 5 2>&1 | grep 'GET /up'`
  ])
  // Kamal's default: 100 lines unless --since or --grep narrow it.
  assert.match(
    (await planOf('accessory logs db')).text('192.168.0.4'),
    /^# 1\. accessory logs \(db\)\ndocker logs myapp-db {2}--tail 100 --timestamps 2>&1$/
  )
  assert.deepEqual((await planOf('audit -r job')).steps('192.168.0.3'), [
    '# 1. audit\ntail -n 50 .kamal/myapp-audit.log'
  ])
  assert.deepEqual((await planOf('app images -p')).byHost.size, 1, '-p: the primary host only')
})

test('plan: commands that change things lock like Kamal, on the primary host, around Kamal’s lines', async () => {
  const stop = await planOf('app stop')
  assert.deepEqual(stop.labels('192.168.0.1'), [
    '# 1. take the deploy lock',
    '# 2. stop app',
    '# 3. release the deploy lock'
  ])
  assert.deepEqual(stop.labels('192.168.0.3'), ['# 1. stop app'])
  assert.ok(
    stop
      .text('192.168.0.1')
      .includes(
        `${AUDIT('Stopped app', ' [web]')}\nif [ -n "$(${CURRENT_ID('web')})" ]; then docker exec kamal-proxy kamal-proxy remove myapp-web || true; fi\n${CURRENT_ID('web')} | xargs docker stop || true`
      ),
    stop.text('192.168.0.1')
  )
  assert.ok(
    stop
      .text('192.168.0.3')
      .endsWith(`${AUDIT('Stopped app', ' [job]')}\n${CURRENT_ID('job')} | xargs docker stop -t 30 || true`)
  )

  const maintenance = await planOf('app maintenance --message "Back at 5" --drain-timeout 7')
  assert.deepEqual([...maintenance.byHost.keys()], ['192.168.0.1', '192.168.0.2'], 'the proxied role’s hosts only')
  assert.ok(
    maintenance
      .text('192.168.0.2')
      .endsWith('docker exec kamal-proxy kamal-proxy stop myapp-web --drain-timeout="7s" --message="Back at 5"')
  )
  assert.ok(
    (await planOf('app live')).text('192.168.0.2').endsWith('docker exec kamal-proxy kamal-proxy resume myapp-web')
  )

  const reboot = await planOf('accessory reboot db')
  assert.deepEqual(reboot.labels('192.168.0.4'), [
    '# 1. boot accessory db (stdin: 1 file (.kamal/apps/myapp/env/accessories/db.env), registry login)'
  ])
  const lines = reboot.text('192.168.0.4').split('\n')
  const at = (l: string) => lines.indexOf(l)
  for (const l of [
    'docker image pull postgres:16 > /dev/null',
    'docker container stop myapp-db > /dev/null 2>&1 || true',
    'docker container prune --force --filter label=service=myapp-db > /dev/null',
    'mkdir -p $PWD/myapp-db/data'
  ])
    assert.ok(at(l) > 0, l)
  assert.ok(
    at('docker image pull postgres:16 > /dev/null') <
      at('docker container prune --force --filter label=service=myapp-db > /dev/null')
  )
  assert.ok(
    lines.some((l) => l.startsWith('docker run --name myapp-db --detach --restart unless-stopped --network kamal'))
  )
  assert.deepEqual(reboot.labels('192.168.0.1'), ['# 1. take the deploy lock', '# 2. release the deploy lock'])

  const proxy = await planOf('proxy reboot --rolling -y')
  const p1 = proxy.text('192.168.0.1')
  for (const l of [
    AUDIT('Rebooted proxy'),
    'docker container stop kamal-proxy > /dev/null 2>&1 || true',
    'docker container prune --force --filter label=org.opencontainers.image.title=kamal-proxy > /dev/null',
    'mkdir -p .kamal/proxy/apps-config'
  ])
    assert.ok(p1.includes(`\n${l}\n`), l)
  assert.ok(p1.includes(`${runProxy(undefined)} > /dev/null`))
  assert.deepEqual(proxy.labels('192.168.0.2'), ['# 1. reboot kamal-proxy (stdin: registry login)'])

  const prune = await planOf('prune all')
  assert.deepEqual([...prune.byHost.keys()], ['192.168.0.1', '192.168.0.2', '192.168.0.3', '192.168.0.4'])
  assert.ok(
    prune
      .text('192.168.0.4')
      .includes(`${AUDIT('Pruned containers')}\n${pruneContainers(config)} > /dev/null\n${AUDIT('Pruned images')}`)
  )
  assert.deepEqual((await planOf('prune containers --retain 2')).steps('192.168.0.3')[0]?.split('\n').slice(-1), [
    `${pruneContainers(config, 2)} > /dev/null`
  ])
})

test('plan: app remove, accessory remove, proxy remove and remove send Kamal’s removal lines', async () => {
  const app = await planOf('app remove -y')
  const t = app.text('192.168.0.2')
  for (const l of [
    `${AUDIT('Removed all app containers', ' [web]')}`,
    'docker container prune --force --filter label=service=myapp --filter label=destination= --filter label=role=web > /dev/null',
    AUDIT('Removed all app images'),
    'docker image prune --all --force --filter label=service=myapp > /dev/null',
    'rm -r .kamal/apps/myapp || true',
    AUDIT('Removed .kamal/apps/myapp'),
    'rm -r .kamal/proxy/apps-config/myapp 2> /dev/null || true'
  ])
    assert.ok(t.includes(l), l)
  // With -r job only job's host is worked on; every role of that host goes, so its images and directories too.
  const job = await planOf('app remove -y -r job')
  // The lock moves with the filter, as Kamal's: the first host of the roles worked on.
  assert.deepEqual(job.labels('192.168.0.3'), [
    '# 1. take the deploy lock',
    '# 2. remove app',
    '# 3. release the deploy lock'
  ])
  assert.deepEqual([...job.byHost.keys()], ['192.168.0.3'])
  assert.ok(job.text('192.168.0.3').includes('rm -r .kamal/apps/myapp || true'))
  const acc = await planOf('accessory remove all -y')
  assert.ok(acc.text('192.168.0.4').endsWith('docker image rm --force postgres:16 > /dev/null\nrm -rf myapp-db'))
  const proxy = await planOf('proxy remove -y')
  assert.deepEqual(proxy.labels('192.168.0.2'), ['# 1. count the apps on the host', '# 2. remove kamal-proxy'])
  assert.deepEqual(proxy.steps('192.168.0.2')[0], '# 1. count the apps on the host\nls .kamal/apps | wc -l')
  assert.ok(proxy.text('192.168.0.2').endsWith('rm -r .kamal/proxy 2> /dev/null || true'))
  const all = await planOf('remove', { INPUT_CONFIRM: 'true' })
  assert.deepEqual(all.labels('192.168.0.1'), [
    '# 1. take the deploy lock',
    '# 2. remove app',
    '# 3. count the apps on the host',
    '# 4. remove kamal-proxy',
    '# 5. registry logout',
    '# 6. release the deploy lock'
  ])
  assert.deepEqual(all.labels('192.168.0.4'), ['# 1. remove accessory db', '# 2. registry logout'])
  assert.ok(all.text('192.168.0.4').endsWith('docker logout > /dev/null 2>&1 || true'))
})

test('without confirm a destructive command says what it would remove, host by host (from the config alone)', () => {
  const targets = selectRunTargets(config, readInputs({ INPUT_COMMAND: 'details', GITHUB_SHA: 'x' }))
  const preview = removalPreview(config, targets, 'remove')
  assert.deepEqual(
    preview.map((p) => p.host),
    ['192.168.0.1', '192.168.0.2', '192.168.0.3', '192.168.0.4']
  )
  assert.deepEqual(preview.find((p) => p.host === '192.168.0.4')?.items, [
    'stop and remove the container myapp-db of accessory db, its image postgres:16, and the directory ~/myapp-db with its data (data)',
    'log out of the registry'
  ])
  assert.deepEqual(
    removalPreview(config, targets, 'proxy reboot').map((p) => [p.host, p.items.length]),
    [
      ['192.168.0.1', 1],
      ['192.168.0.2', 1]
    ]
  )
  const error = new NotConfirmedError('accessory remove db', removalPreview(config, targets, 'accessory remove', 'db'))
  assert.match(
    error.message,
    /runs only with the input confirm: true \(or -y in the command line\)\. Nothing was touched\. It would:\n192\.168\.0\.4:\n {2}- stop and remove the container myapp-db/
  )
})
