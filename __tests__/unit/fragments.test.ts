// The remote-script fragments that hold logic (retries, loops, `case`, `if`), each run for real
// under /bin/sh with a stub `docker` first on PATH. The stub logs every call and answers from a
// `case` the test writes, so each branch of a fragment is taken on purpose and its effect checked.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { stopIfAccessoryExists } from '../../src/commands/accessory.js'
import {
  pruneAll,
  rememberCurrentVersion,
  runCreatingNetwork,
  stopOldVersion,
  waitUntilReady
} from '../../src/commands/boot.js'
import { ensureDocker } from '../../src/commands/docker.js'
import { acquireOrShowHolder, forceRelease, lockDetailsText, thenReleaseIfOwner } from '../../src/commands/lock.js'
import { parseReport } from '../../src/commands/protocol.js'
import { prepareProxyBoot, switchProxyTo } from '../../src/commands/proxy.js'
import { RemoteScript } from '../../src/commands/script.js'
import { encode64 } from '../../src/commands/shell.js'
import { parseConfigText } from '../../src/config/load.js'

const config = parseConfigText(
  `service: myapp
image: user/myapp
servers:
  web:
    hosts: [192.168.0.1]
  job:
    hosts: [192.168.0.3]
    proxy: false
proxy:
  host: app.example.com
  app_port: 3000
registry: { username: user, password: [PW] }
builder: { arch: amd64 }
deploy_timeout: 1
readiness_delay: 0
accessories:
  db:
    image: postgres:16
    host: 192.168.0.4
`,
  'config/deploy.yml',
  undefined,
  {}
)
const web = config.roles.find((r) => r.name === 'web')!
const job = config.roles.find((r) => r.name === 'job')!

interface Ran {
  code: number | null
  stdout: string
  stderr: string
  /** Every docker call, one argv (joined by spaces) per line. */
  calls: string[]
  dir: string
}

/**
 * Runs `script` under /bin/sh in a fresh directory, with a stub `docker` whose behaviour is the
 * body of a `case "$*" in … esac` (unmatched calls succeed silently).
 */
function run(script: RemoteScript, dockerCases: string, env: Record<string, string> = {}): Ran {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-fragment-'))
  const bin = join(dir, '.bin')
  mkdirSync(bin)
  const log = join(dir, '.docker-calls')
  writeFileSync(log, '')
  writeFileSync(
    join(bin, 'docker'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\ncase "$*" in\n${dockerCases}\nesac\nexit 0\n`
  )
  chmodSync(join(bin, 'docker'), 0o755)
  const r = spawnSync('/bin/sh', ['-c', script.command], {
    cwd: dir,
    input: script.stdin ?? '',
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, ...env }
  })
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls, dir }
}

test('rememberCurrentVersion: $OLD is the running version; a same-version container moves aside and $OLD follows it', () => {
  const fragment = rememberCurrentVersion(config, web, 'v2', 'v2_replaced_00ff')
  const first = run(
    new RemoteScript().add(fragment, 'echo "id=$DECKHAND_OLD_ID"'),
    `"ps --filter"*) echo 'aaa=myapp-web-v1' ;;\nrename*) echo 'No such container' >&2; exit 1 ;;`
  )
  assert.equal(first.code, 0, first.stderr)
  assert.deepEqual(parseReport(first.stdout), { old: 'v1' })
  assert.match(first.stdout, /^id=aaa$/m)
  // One running container: one listing, no `ancestor` query (both rules give that container).
  assert.deepEqual(first.calls, [
    'rename myapp-web-v2 myapp-web-v2_replaced_00ff',
    'ps --filter label=service=myapp --filter label=destination= --filter label=role=web --filter status=running --filter status=restarting --format {{.ID}}={{.Names}}'
  ])

  // A redeploy of the running version: it was renamed before the listing, which names it so.
  const again = run(new RemoteScript().add(fragment), `"ps --filter"*) echo 'bbb=myapp-web-v2_replaced_00ff' ;;`)
  assert.deepEqual(parseReport(again.stdout), { old: 'v2_replaced_00ff' })

  // Several running (after a fault): Kamal's rule, the newest one of the image tagged latest...
  const several = run(
    new RemoteScript().add(fragment, 'echo "id=$DECKHAND_OLD_ID"'),
    `"ps --latest"*) echo 'bbb=myapp-web-v1' ;;\n"ps --filter"*) printf 'ccc=myapp-web-v3\\nbbb=myapp-web-v1\\n' ;;`
  )
  assert.deepEqual(parseReport(several.stdout), { old: 'v1' })
  assert.match(several.stdout, /^id=bbb$/m)
  assert.ok(several.calls.some((c) => c.includes('--latest') && c.includes('--filter ancestor=user/myapp:latest')))
  // ...else the newest running one.
  const noLatest = run(
    new RemoteScript().add(fragment),
    `"ps --latest"*) ;;\n"ps --filter"*) printf 'ccc=myapp-web-v3\\nbbb=myapp-web-v1\\n' ;;`
  )
  assert.deepEqual(parseReport(noLatest.stdout), { old: 'v3' })

  // Nothing runs: no old version.
  const none = run(new RemoteScript().add(fragment), `rename*) exit 1 ;;`)
  assert.equal(none.code, 0)
  assert.deepEqual(parseReport(none.stdout), {})
})

test('runCreatingNetwork: the network is created and the run repeated only when docker run says it is missing', () => {
  const lines = runCreatingNetwork('docker run --name myapp-web-v2 img', 'myapp-web-v2')
  // The first run fails for want of the network, the second works.
  const missing = run(
    new RemoteScript().add(...lines),
    `"run --name myapp-web-v2 img") if [ -e .ran ]; then echo id; else touch .ran; echo 'Error response from daemon: network kamal not found' >&2; exit 125; fi ;;\n"network inspect kamal") exit 1 ;;`
  )
  assert.equal(missing.code, 0, missing.stderr)
  assert.deepEqual(missing.calls, [
    'run --name myapp-web-v2 img',
    'rm myapp-web-v2',
    'network inspect kamal',
    'network create kamal',
    'run --name myapp-web-v2 img'
  ])
  assert.equal(missing.stdout, '', 'the new container ID is not printed')

  // Any other failure stops the script with docker's message, and no retry.
  const other = run(new RemoteScript().add(...lines), `run*) echo 'invalid reference format' >&2; exit 125 ;;`)
  assert.equal(other.code, 1)
  assert.match(other.stderr, /invalid reference format/)
  assert.deepEqual(other.calls, ['run --name myapp-web-v2 img'])

  // A run that worked but warned passes the warning on.
  const warned = run(new RemoteScript().add(...lines), `run*) echo 'WARNING: platform mismatch' >&2; echo id ;;`)
  assert.equal(warned.code, 0)
  assert.match(warned.stderr, /WARNING: platform mismatch/)
})

test('waitUntilReady: a passing probe of the image’s health command ends the wait at once', () => {
  const r = run(
    new RemoteScript().add(waitUntilReady(config, 'myapp-job-v2')),
    `"inspect --format {{if .Config.Healthcheck}}"*) printf 'wget\\0-q\\0http://localhost/up\\0' ;;\n"exec myapp-job-v2 wget -q http://localhost/up") exit 0 ;;\n"inspect --format"*) echo starting ;;`
  )
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { status: 'healthy' })
  assert.ok(r.calls.includes('exec myapp-job-v2 wget -q http://localhost/up'))
  assert.ok(!r.calls.some((c) => c.startsWith('stop')))
})

test('waitUntilReady: without a health check, `running` for readiness_delay (0 here) is ready', () => {
  const r = run(
    new RemoteScript().add(waitUntilReady(config, 'myapp-job-v2')),
    `"inspect --format "*State*) echo running ;;`
  )
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { status: 'running' })
})

test('waitUntilReady: never ready within deploy_timeout: stopped, kept, its logs shown, exit 70', () => {
  const r = run(
    new RemoteScript().add(waitUntilReady(config, 'myapp-job-v2')),
    `"inspect --format "*State*) echo unhealthy ;;\n"logs --tail 15 myapp-job-v2") echo 'nginx: bad config' ;;`
  )
  assert.equal(r.code, 70)
  assert.deepEqual(parseReport(r.stdout), { status: 'unhealthy' })
  assert.ok(r.calls.includes('stop myapp-job-v2'))
  assert.match(r.stderr, /container myapp-job-v2 not ready after 1 seconds \(unhealthy\); it was stopped and kept/)
  assert.match(r.stderr, /^ {2}nginx: bad config$/m)
})

test('stopOldVersion: stops the old version by its ID with the role’s timeout, and nothing without one', () => {
  const script = (id: string) => new RemoteScript().add(`OLD=v1; DECKHAND_OLD_ID=${id}`, stopOldVersion(config, job))
  const r = run(script('abc123'), '')
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(r.calls, ['stop -t 30 abc123'])
  assert.deepEqual(parseReport(r.stdout), { stopped: 'v1' })
  const none = run(script(''), '')
  assert.deepEqual(none.calls, [])
  assert.equal(none.stdout, '')
})

test('pruneAll: a failing prune does not fail the boot', () => {
  // The group is the left side of `||`, where `set -e` does not apply: a failure in the middle goes
  // on to the next prune, and only the last one (an image that cannot be removed) is reported.
  const middle = run(new RemoteScript().add(...pruneAll(config, 'octocat'), 'echo after'), `"image prune"*) exit 1 ;;`)
  assert.equal(middle.code, 0)
  assert.equal(middle.stdout.trim(), 'after')
  assert.ok(
    middle.calls.some((c) => c.startsWith('image ls')),
    'the next prune still ran'
  )
  assert.match(readFileSync(join(middle.dir, '.kamal/myapp-audit.log'), 'utf8'), /Pruned containers\n.*Pruned images/)
  const last = run(
    new RemoteScript().add(...pruneAll(config, 'octocat'), 'echo after'),
    `"image ls"*) echo 'f00 user/myapp:v0' ;;\nrmi*) exit 1 ;;`
  )
  assert.equal(last.code, 0)
  assert.match(last.stderr, /pruning failed/)
  assert.equal(last.stdout.trim(), 'after')
})

test('switchProxyTo: switched when kamal-proxy deploys; otherwise the new container stopped, exit 70, the proxy’s words last', () => {
  const fragment = switchProxyTo({
    config,
    proxy: web.proxyConfig!,
    service: 'myapp-web',
    container: 'myapp-web-v2',
    tlsName: 'web',
    what: 'web',
    host: '192.168.0.1'
  })
  const ok = run(
    new RemoteScript().add(fragment),
    `"container ls --all --filter name=^myapp-web-v2$ --quiet") echo 0a1b2c ;;`
  )
  assert.equal(ok.code, 0, ok.stderr)
  assert.deepEqual(parseReport(ok.stdout), { proxy: 'switched' })
  assert.ok(ok.calls.some((c) => c.startsWith('exec kamal-proxy kamal-proxy deploy myapp-web --target=0a1b2c:3000 ')))

  const refused = run(
    new RemoteScript().add(fragment),
    `"container ls --all --filter name=^myapp-web-v2$ --quiet") echo 0a1b2c ;;\n"exec kamal-proxy"*) echo 'Error: target failed to become healthy' >&2; exit 1 ;;`
  )
  assert.equal(refused.code, 70)
  assert.deepEqual(parseReport(refused.stdout), { proxy: 'failed' })
  assert.ok(refused.calls.includes('stop myapp-web-v2'))
  assert.match(refused.stderr, /Error: target failed to become healthy\n$/)

  const gone = run(new RemoteScript().add(fragment), '')
  assert.equal(gone.code, 70)
  assert.match(gone.stderr, /Failed to get endpoint for web on 192\.168\.0\.1, did the container boot\?/)
})

test('prepareProxyBoot: a proxy older than v0.9.2 stops the script (exit 71); a current or missing one goes on', () => {
  const script = () => new RemoteScript().add(prepareProxyBoot(), 'echo next')
  const old = run(script(), `"inspect kamal-proxy --format {{.Config.Image}}") echo basecamp/kamal-proxy:v0.8.4 ;;`)
  assert.equal(old.code, 71)
  assert.match(old.stderr, /kamal-proxy version v0\.8\.4 is too old/)
  const current = run(
    script(),
    `"inspect kamal-proxy --format {{.Config.Image}}") echo basecamp/kamal-proxy:v0.9.10 ;;\n"inspect --format {{.State.Status}} kamal-proxy") echo running ;;`
  )
  assert.equal(current.code, 0, current.stderr)
  assert.deepEqual(parseReport(current.stdout), { proxyWas: 'running' })
  const missing = run(script(), `inspect*) exit 1 ;;`)
  assert.equal(missing.code, 0, missing.stderr)
  assert.deepEqual(parseReport(missing.stdout), { proxyWas: 'missing' })
  assert.ok(existsSync(join(missing.dir, '.kamal/proxy/apps-config')))
})

test('stopIfAccessoryExists: an existing container ends the script successfully, before anything else', () => {
  const db = config.accessories[0]!
  const there = run(
    new RemoteScript().add(stopIfAccessoryExists(db), 'echo booting'),
    `"ps -a -q --filter label=service=myapp-db") echo f00 ;;`
  )
  assert.equal(there.code, 0)
  assert.deepEqual(parseReport(there.stdout), { accessory: 'exists' })
  assert.ok(!there.stdout.includes('booting'))
  const absent = run(new RemoteScript().add(stopIfAccessoryExists(db), 'echo booting'), '')
  assert.equal(absent.stdout.trim(), 'booting')
})

test('ensureDocker: a host without Docker where we cannot install it reports `missing` and changes nothing', () => {
  // No docker and no apt-get on PATH, and not root (dash takes EUID from the environment).
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-nodocker-'))
  const r = spawnSync('/bin/sh', ['-c', new RemoteScript().add(ensureDocker).command], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: '/nonexistent', EUID: '1000' }
  })
  assert.equal(r.status, 0, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { docker: 'missing' })
  assert.ok(!existsSync(join(dir, '.kamal')))
  // Docker there and running: nothing to do but `.kamal`.
  const present = run(new RemoteScript().add(ensureDocker), '')
  assert.equal(present.code, 0, present.stderr)
  assert.deepEqual(parseReport(present.stdout), {})
  assert.deepEqual(present.calls, ['info'])
  assert.ok(existsSync(join(present.dir, '.kamal')))
})

test('the lock: taken once, the holder shown to the second taker (exit 75), released only by its owner', () => {
  const details = {
    lockedBy: 'Deckhand [tok-1]',
    at: new Date('2026-06-18T10:00:00Z'),
    version: 'v1',
    message: 'Automatic deploy lock'
  }
  const take = () => new RemoteScript().add(acquireOrShowHolder(config, details))
  const first = run(take(), '')
  assert.equal(first.code, 0, first.stderr)
  const dir = first.dir
  const sh = (script: { command: string }) =>
    spawnSync('/bin/sh', ['-c', script.command], { cwd: dir, encoding: 'utf8' })
  const second = sh(take())
  assert.equal(second.status, 75)
  assert.equal(second.stdout, lockDetailsText(details))

  // Someone else's release: the commands run, the lock stays, their exit code is kept.
  const foreign = sh(new RemoteScript().add(thenReleaseIfOwner(config, 'tok-2', ['false'])))
  assert.equal(foreign.status, 1)
  assert.deepEqual(parseReport(foreign.stdout), { lock: 'not ours' })
  assert.ok(existsSync(join(dir, '.kamal/lock-myapp/details')))
  // The owner's: released even though its commands failed.
  const own = sh(new RemoteScript().add(thenReleaseIfOwner(config, 'tok-1', ['echo tagged', 'false', 'echo never'])))
  assert.equal(own.status, 1)
  assert.match(own.stdout, /^tagged\n/)
  assert.ok(!own.stdout.includes('never'))
  assert.deepEqual(parseReport(own.stdout), { lock: 'released' })
  assert.ok(!existsSync(join(dir, '.kamal/lock-myapp')))
  assert.deepEqual(parseReport(sh(new RemoteScript().add(thenReleaseIfOwner(config, 'tok-1', []))).stdout), {
    lock: 'absent'
  })

  // The manual release removes whatever lock is there.
  mkdirSync(join(dir, '.kamal/lock-myapp'))
  writeFileSync(join(dir, '.kamal/lock-myapp/details'), encode64('Locked by: someone'))
  assert.deepEqual(parseReport(sh(forceRelease(config)).stdout), { lock: 'released' })
  assert.deepEqual(parseReport(sh(forceRelease(config)).stdout), { lock: 'absent' })
})
