// The remote-script fragments that hold logic (retries, loops, `case`, `if`), each run for real
// under /bin/sh with a stub `docker` first on PATH. The stub logs every call and answers from a
// `case` the test writes, so each branch of a fragment is taken on purpose and its effect checked.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { stopIfAccessoryExists } from '../../src/commands/accessory.js'
import {
  listContainers,
  lockAndList,
  parseProbe,
  probeFrom,
  markRunStart,
  overridesHealthCheck,
  afterSwitch,
  rememberCurrentVersion,
  runCreatingNetwork,
  stopOldVersion,
  waitUntilReady
} from '../../src/commands/boot.js'
import { checkLabelAndProbe, ensureDocker, inspectImage } from '../../src/commands/docker.js'
import {
  acquireOrShowHolder,
  forceRelease,
  lockDetailsText,
  releaseIfOwnerAtEnd,
  thenReleaseIfOwner
} from '../../src/commands/lock.js'
import { parseReport } from '../../src/commands/protocol.js'
import { ownPrivateKey, prepareProxyBoot, switchProxyTo, waitForProxy } from '../../src/commands/proxy.js'
import { proxyDeployRunning, proxyRemoveIfRunning, staleContainers } from '../../src/commands/manage.js'
import { RemoteScript } from '../../src/commands/script.js'
import { encode64 } from '../../src/commands/shell.js'
import { parseConfigText } from '../../src/config/load.js'
import { psAnswer } from './ps-listing.js'

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
  mkdirSync(join(dir, '.tmp'))
  const r = spawnSync('/bin/sh', ['-c', script.command], {
    cwd: dir,
    input: script.stdin ?? '',
    encoding: 'utf8',
    env: { TMPDIR: join(dir, '.tmp'), ...env, PATH: `${bin}:${env['PATH'] ?? process.env['PATH'] ?? '/usr/bin:/bin'}` }
  })
  const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean)
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls, dir }
}

/** The listing's answer as a whole `case` branch (see psAnswer). */
const listing = (...lines: string[]) => `${psAnswer(...lines)} ;;`

test('listContainers + rememberCurrentVersion: one listing gives the running version and its ID, the same-name container and the service’s containers', () => {
  const boot = () =>
    new RemoteScript().add(
      listContainers(config, web, 'v2'),
      rememberCurrentVersion(config, web, 'v2', 'v2_replaced_00ff'),
      'echo "RUNNING=$DECKHAND_RUNNING SERVICE=$DECKHAND_SERVICE ID=$DECKHAND_OLD_ID"'
    )
  // The role's only running container is the current version; other roles, destinations and
  // services are not, and only the service's created/exited/dead containers are counted.
  const first = run(
    boot(),
    listing(
      'a1=myapp-web-v1|running|myapp||web',
      'a2=myapp-job-v1|running|myapp||job',
      'a3=myapp-web-staging-v9|running|myapp|staging|web',
      'a4=other-web-v1|running|other||web',
      'a5=myapp-web-v0|exited|myapp||web',
      'a6=myapp-job-v0|dead|myapp||job',
      'a7=myapp-web-v00|created|myapp||web',
      'a8=other-web-v0|exited|other||web',
      'a9=myapp-web-v01|paused|myapp||web'
    )
  )
  assert.equal(first.code, 0, first.stderr)
  assert.deepEqual(parseReport(first.stdout), { old: 'v1' })
  assert.match(
    first.stdout,
    /^RUNNING= a1=myapp-web-v1 SERVICE= a1,running,user\/myapp:v1 a2,running,user\/myapp:v1 a3,running,user\/myapp:v9 a5,exited,user\/myapp:v0 a6,dead,user\/myapp:v0 a7,created,user\/myapp:v00 a9,paused,user\/myapp:v01 ID=a1$/m
  )
  assert.deepEqual(first.calls, [first.calls[0]], 'one docker call: the listing (no rename, no version query)')
  assert.match(first.calls[0] ?? '', /^ps --all --format /)

  // A redeploy of the running version: it moves aside and $OLD follows it (its ID stays). A
  // same-name container without our labels is moved aside too (Kamal looks it up by name only).
  const again = run(boot(), listing('b1=myapp-web-v2|running|myapp||web'))
  assert.deepEqual(parseReport(again.stdout), { old: 'v2_replaced_00ff' })
  assert.match(again.stdout, /ID=b1$/m)
  assert.ok(again.calls.includes('rename myapp-web-v2 myapp-web-v2_replaced_00ff'))
  const foreign = run(boot(), listing('c1=myapp-web-v1|running|myapp||web', 'c2=myapp-web-v2|exited||'))
  assert.deepEqual(parseReport(foreign.stdout), { old: 'v1' })
  assert.ok(foreign.calls.includes('rename myapp-web-v2 myapp-web-v2_replaced_00ff'))

  // Several running (after a fault): Kamal's rule, the newest one of the image tagged latest...
  const two = run(
    boot(),
    `${listing('d3=myapp-web-v3|running|myapp||web', 'd1=myapp-web-v1|restarting|myapp||web')}\n"ps --latest"*) echo 'd1=myapp-web-v1' ;;`
  )
  assert.deepEqual(parseReport(two.stdout), { old: 'v1' })
  assert.match(
    two.stdout,
    /^RUNNING= d3=myapp-web-v3 d1=myapp-web-v1 SERVICE= d3,running,user\/myapp:v3 d1,restarting,user\/myapp:v1 ID=d1$/m
  )
  assert.ok(two.calls.some((c) => c.startsWith('ps --latest') && c.includes('--filter ancestor=user/myapp:latest')))
  // ...else the newest running one.
  const noLatest = run(
    boot(),
    `${listing('e3=myapp-web-v3|running|myapp||web', 'e1=myapp-web-v1|running|myapp||web')}\n"ps --latest"*) ;;`
  )
  assert.deepEqual(parseReport(noLatest.stdout), { old: 'v3' })
  assert.match(noLatest.stdout, /ID=e3$/m)

  // Nothing runs: no old version.
  const none = run(boot(), listing('f1=myapp-web-v1|exited|myapp||web'))
  assert.equal(none.code, 0)
  assert.deepEqual(parseReport(none.stdout), {})
  assert.match(none.stdout, /^RUNNING= SERVICE= f1,exited,user\/myapp:v1 ID=$/m)
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

/** `docker inspect` as waitUntilReady asks it: the status, a newline, the health command (NUL-separated). */
const inspectAnswers = (status: string) =>
  `"inspect --format"*) printf '%s\\nwget\\0-q\\0http://localhost/up\\0\\n' "${status}" ;;`

test('waitUntilReady: while Docker says starting, a passing probe of the image’s health command ends the wait at once', () => {
  const r = run(
    new RemoteScript().add(waitUntilReady(config, 'myapp-job-v2')),
    `"exec myapp-job-v2 wget -q http://localhost/up") exit 0 ;;\n${inspectAnswers('starting')}`
  )
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { status: 'healthy' })
  assert.deepEqual(
    r.calls.map((c) => c.split(' ')[0]),
    ['inspect', 'exec'],
    'one inspect gives the status and the command'
  )
  assert.ok(r.calls.includes('exec myapp-job-v2 wget -q http://localhost/up'))
})

test('waitUntilReady: Docker’s unhealthy wins over a passing probe — not ready until Docker says healthy', () => {
  // The probe would pass, but Docker has seen the health check fail: the probe is not even run,
  // and the container is not ready within deploy_timeout (1 s here).
  const unhealthy = run(
    new RemoteScript().add(waitUntilReady(config, 'myapp-job-v2')),
    `"exec myapp-job-v2"*) exit 0 ;;\n"logs --tail 15 myapp-job-v2") echo 'flapping' ;;\n${inspectAnswers('unhealthy')}`
  )
  assert.equal(unhealthy.code, 70)
  assert.deepEqual(parseReport(unhealthy.stdout), { status: 'unhealthy' })
  assert.ok(!unhealthy.calls.some((c) => c.startsWith('exec')), 'no probe of an unhealthy container')
  assert.ok(unhealthy.calls.includes('stop myapp-job-v2'))
  // Unhealthy first, then healthy in Docker's own eyes: ready.
  const recovers = run(
    new RemoteScript().add(waitUntilReady(config, 'myapp-job-v2')),
    `"inspect --format"*) if [ -e .seen ]; then printf 'healthy\\n'; else touch .seen; printf 'unhealthy\\nwget\\0-q\\0http://localhost/up\\0\\n'; fi ;;\n"exec myapp-job-v2"*) exit 0 ;;`
  )
  assert.equal(recovers.code, 0, recovers.stderr)
  assert.deepEqual(parseReport(recovers.stdout), { status: 'healthy' })
  assert.ok(!recovers.calls.some((c) => c.startsWith('exec')))
  // Starting, and the probe fails: the wait goes on until Docker says healthy.
  const later = run(
    new RemoteScript().add(waitUntilReady(config, 'myapp-job-v2')),
    `"inspect --format"*) if [ -e .seen ]; then printf 'healthy\\n'; else touch .seen; printf 'starting\\nwget\\0-q\\0http://localhost/up\\0\\n'; fi ;;\n"exec myapp-job-v2"*) exit 1 ;;`
  )
  assert.equal(later.code, 0, later.stderr)
  assert.deepEqual(
    later.calls.map((c) => c.split(' ')[0]),
    ['inspect', 'exec', 'inspect']
  )
})

/** The stub's answer to `inspectImage`: the label, the health check's numbers, the NUL-separated command. */
const imageAnswer = (label: string, numbers: string, ...args: string[]) =>
  `"inspect -f"*) printf '%s\\n%s\\n' '${label}' '${numbers}'; printf '%s\\0' ${args.map((a) => `'${a}'`).join(' ')}${args.length ? '' : ' | head -c 0'}; echo ;;`

test('checkLabelAndProbe: Kamal’s label check from one inspect that also reports the early probe of the image’s health command', () => {
  const command = 'curl -f http://localhost/up && echo "ok\\n" \'quoted\''
  const labelled = run(
    new RemoteScript().add(checkLabelAndProbe(config, 'v2')),
    imageAnswer('myapp', '2000000000 0 3', '/bin/sh', '-c', command.replace(/'/g, `'"'"'`))
  )
  assert.equal(labelled.code, 0, labelled.stderr)
  // Only the report reaches stdout (a lock holder is read there); the check itself prints nothing.
  const { probe } = parseReport(labelled.stdout)
  assert.deepEqual(Object.keys(parseReport(labelled.stdout)), ['probe'])
  assert.deepEqual(parseProbe(probe), { args: ['/bin/sh', '-c', command], withinNs: 6e9 })
  assert.equal(labelled.stderr, '')
  assert.equal(labelled.calls.length, 1)
  assert.ok(labelled.calls[0]?.startsWith('inspect -f {{ .Config.Labels.service }}'), labelled.calls[0])
  assert.deepEqual(readdirSync(join(labelled.dir, '.tmp')), [], 'the temp files are removed')
  const unlabelled = run(new RemoteScript().add(checkLabelAndProbe(config, 'v2')), imageAnswer('', ''))
  assert.equal(unlabelled.code, 1)
  assert.equal(unlabelled.stderr, "Image user/myapp:v2 is missing the 'service' label\n")
  // Another service's label, or the service's name as a prefix, is not the service.
  for (const label of ['other', 'myapp2', 'myap'])
    assert.equal(run(new RemoteScript().add(checkLabelAndProbe(config, 'v2')), imageAnswer(label, '')).code, 1, label)
  assert.equal(unlabelled.stdout, '')
  assert.match(unlabelled.stderr, /^Image user\/myapp:v2 is missing the 'service' label$/m)
  // No image at all: Docker's error and Kamal's message, as with Kamal's pipeline.
  const missing = run(
    new RemoteScript().add(checkLabelAndProbe(config, 'v2')),
    `"inspect -f"*) echo 'Error: No such object: user/myapp:v2' >&2; exit 1 ;;`
  )
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /No such object[\s\S]*missing the 'service' label/)
  // No usable health check (none, NONE, CMD-SHELL without its command): labelled, no probe.
  for (const [numbers, args] of [
    ['', []],
    ['30000000000 0 3', []]
  ] as const) {
    const none = run(new RemoteScript().add(checkLabelAndProbe(config, 'v2')), imageAnswer('myapp', numbers, ...args))
    assert.equal(none.code, 0, none.stderr)
    assert.deepEqual(parseReport(none.stdout), {})
  }
})

test('labelAndProbe: the early window lasts until Docker can first have said unhealthy (Retries × Interval; StartPeriod + (Retries − 1) × Interval)', () => {
  // Interval, StartPeriod and Retries as the inspect prints them (ns, ns, count).
  const within = (numbers: string) =>
    parseProbe(
      parseReport(
        run(new RemoteScript().add(checkLabelAndProbe(config, 'v2')), imageAnswer('myapp', numbers, '/bin/check'))
          .stdout
      ).probe
    )?.withinNs
  // No start period: Retries (3) checks, Interval (1 s) apart, the first Interval after the start.
  assert.equal(within('1000000000 0 3'), 3e9)
  // Interval and Retries 0 (not set): Docker's 30 s and 3.
  assert.equal(within('0 0 0'), 90e9)
  assert.equal(within('2000000000 0 0'), 6e9)
  // One retry: the first check can make it unhealthy.
  assert.equal(within('2000000000 0 1'), 2e9)
  assert.equal(within('2000000000 0 5'), 10e9)
  // With a start period S: failures count once they end after S, then Interval apart.
  assert.equal(within('10000000000 2000000000 0'), 22e9) // 2 s + 2 × 10 s
  assert.equal(within('1000000000 5000000000 4'), 8e9) // 5 s + 3 × 1 s
  assert.equal(within('1000000000 5000000000 1'), 5e9)
  // Interval not set with a start period: 30 s between the counted failures.
  assert.equal(within('0 5000000000 2'), 35e9) // 5 s + 1 × 30 s
  // Kept an exact integer for the shell's arithmetic.
  assert.equal(within('9007199254740991 0 3'), Number.MAX_SAFE_INTEGER)
  assert.equal(within('garbage'), undefined)
  for (const bad of [undefined, '', '0 AAAA', '12 not base64!', '-5 L2Jpbi9jaGVjawA=', '5'])
    assert.equal(parseProbe(bad), undefined, String(bad))
  assert.equal(overridesHealthCheck(job), false)
  assert.equal(overridesHealthCheck({ ...job, options: { 'health-cmd': 'true' } }), true)
  assert.equal(overridesHealthCheck({ ...job, options: { 'no-healthcheck': null } }), true)
  assert.equal(overridesHealthCheck({ ...job, options: { 'health-interval': '5s' } }), true)
})

test('lockAndList: a deploy in one exec lists the containers under its lock while the image is inspected; a held lock or a missing label changes nothing', () => {
  const ours = { lockedBy: 'Deckhand [tok-1]', at: new Date('2026-06-18T10:00:00Z'), version: 'v2', message: 'x' }
  const theirs = { ...ours, lockedBy: 'someone' }
  const head = (...before: string[]) =>
    new RemoteScript().add(
      // A boot exec makes `.kamal` in its first line (cancelHandling); lockAndList relies on it.
      'mkdir -p .kamal',
      ...before,
      inspectImage(config, 'v2', { background: true }),
      lockAndList(config, 'v2', ours, 'tok-1'),
      'echo "PS=$DECKHAND_PS NS=$DECKHAND_PROBE_NS"'
    )
  const answers = (label: string) =>
    `${imageAnswer(label, '1000000000 0 3', '/bin/check')}\n${listing('a1=myapp-web-v1|running|myapp||web')}`
  // The lock is free: taken, the containers listed, the label checked, the probe kept for the boot.
  const free = run(head(), answers('myapp'))
  assert.equal(free.code, 0, free.stderr)
  assert.deepEqual(parseReport(free.stdout), { boot: 'started' })
  assert.match(free.stdout, /^PS=a1=myapp-web-v1\|running\|user\/myapp:v1\|myapp\|\|web NS=3000000000$/m)
  assert.deepEqual(free.calls.map((c) => c.split(' ')[0]).sort(), ['inspect', 'ps'])
  assert.equal(
    readFileSync(join(free.dir, '.kamal/lock-myapp/details'), 'utf8'),
    `${encode64(lockDetailsText(ours))}\n`
  )
  // Someone holds it: no listing; the label checked and the probe reported all the same (for a
  // boot after lock-wait), the holder shown, exit 75, their lock left as it is.
  const held = run(head(acquireOrShowHolder(config, theirs)), answers('myapp'))
  assert.equal(held.code, 75)
  assert.deepEqual(Object.keys(parseReport(held.stdout)), ['probe'])
  assert.ok(held.stdout.endsWith(`${lockDetailsText(theirs)}\n`), held.stdout)
  assert.deepEqual(
    held.calls.map((c) => c.split(' ')[0]),
    ['inspect']
  )
  assert.match(
    readFileSync(join(held.dir, '.kamal/lock-myapp/details'), 'utf8'),
    new RegExp(encode64(lockDetailsText(theirs)).slice(0, 20))
  )
  // The label is missing: Kamal's message, the lock released again (Kamal checks before it takes it), exit 1.
  const unlabelled = run(head(), answers(''))
  assert.equal(unlabelled.code, 1)
  assert.deepEqual(parseReport(unlabelled.stdout), { lock: 'released' })
  assert.match(unlabelled.stderr, /missing the 'service' label/)
  assert.ok(!existsSync(join(unlabelled.dir, '.kamal/lock-myapp')))
  // Held and unlabelled: the label's failure, someone's lock untouched.
  const both = run(head(acquireOrShowHolder(config, theirs)), answers(''))
  assert.equal(both.code, 1)
  assert.ok(existsSync(join(both.dir, '.kamal/lock-myapp/details')))
})

test('waitUntilReady with an early probe: a pass before Docker’s first check is ready without any inspect; otherwise Docker’s verdict comes first', () => {
  const early = { args: ['wget', '-q', 'http://localhost/up'], withinNs: 30e9 }
  const script = (e = early) =>
    new RemoteScript().add(probeFrom(e), markRunStart, waitUntilReady(config, 'myapp-job-v2', true))
  const passes = run(script(), `"exec myapp-job-v2 wget -q http://localhost/up") exit 0 ;;`)
  assert.equal(passes.code, 0, passes.stderr)
  assert.deepEqual(parseReport(passes.stdout), { status: 'healthy' })
  assert.deepEqual(passes.calls, ['exec myapp-job-v2 wget -q http://localhost/up'], 'no inspect')
  // The app never answers while the container is young (window 0.3 s): then Docker is asked, and
  // its unhealthy wins — the container is not ready, and not probed again.
  const late = run(
    script({ ...early, withinNs: 3e8 }),
    `"exec myapp-job-v2"*) exit 1 ;;\n"logs --tail 15 myapp-job-v2") echo 'flapping' ;;\n${inspectAnswers('unhealthy')}`
  )
  assert.equal(late.code, 70)
  assert.deepEqual(parseReport(late.stdout), { status: 'unhealthy' })
  const firstInspect = late.calls.findIndex((c) => c.startsWith('inspect'))
  assert.ok(firstInspect >= 1, 'early probes first')
  assert.ok(
    late.calls.slice(firstInspect).every((c) => !c.startsWith('exec')),
    'no probe once Docker said unhealthy'
  )
  // A probe that started within the window and passes after it (0.5 s against 0.3 s): ready, as
  // a pass whose probe started while Docker said `starting`.
  const slow = run(script({ ...early, withinNs: 3e8 }), `"exec myapp-job-v2"*) sleep 0.5; exit 0 ;;`)
  assert.equal(slow.code, 0, slow.stderr)
  assert.deepEqual(
    slow.calls.map((c) => c.split(' ')[0]),
    ['exec']
  )
  // The app is not up at the first probe: probed again 0.1 s later, still without asking Docker.
  const second = run(script(), `"exec myapp-job-v2"*) if [ -e .up ]; then exit 0; else touch .up; exit 1; fi ;;`)
  assert.equal(second.code, 0, second.stderr)
  assert.deepEqual(parseReport(second.stdout), { status: 'healthy' })
  assert.deepEqual(
    second.calls.map((c) => c.split(' ')[0]),
    ['exec', 'exec']
  )
  // Past the window (here at once), no early probe: the passes ask Docker first.
  const past = run(script({ ...early, withinNs: 1 }), `"exec myapp-job-v2"*) exit 0 ;;\n${inspectAnswers('starting')}`)
  assert.equal(past.code, 0, past.stderr)
  assert.deepEqual(
    past.calls.map((c) => c.split(' ')[0]),
    ['inspect', 'exec']
  )
  // Without a usable clock (`date` without %N), no early probe: Docker is asked first.
  const noClock = run(
    new RemoteScript().add(probeFrom(early), 'DECKHAND_RUN_AT=', waitUntilReady(config, 'myapp-job-v2', true)),
    `"exec myapp-job-v2 wget -q http://localhost/up") exit 0 ;;\n${inspectAnswers('starting')}`
  )
  assert.equal(noClock.code, 0, noClock.stderr)
  assert.deepEqual(
    noClock.calls.map((c) => c.split(' ')[0]),
    ['inspect', 'exec']
  )
})

test('waitUntilReady: without a health check, `running` for readiness_delay (0 here) is ready', () => {
  const r = run(new RemoteScript().add(waitUntilReady(config, 'myapp-job-v2')), `"inspect --format"*) echo running ;;`)
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { status: 'running' })
  assert.ok(!r.calls.some((c) => c.startsWith('exec')), 'no probe without a health check')
})

test('waitUntilReady: never ready within deploy_timeout: stopped, kept, its logs shown, exit 70', () => {
  const r = run(
    new RemoteScript().add(waitUntilReady(config, 'myapp-job-v2')),
    `"exec myapp-job-v2"*) exit 1 ;;\n"logs --tail 15 myapp-job-v2") echo 'nginx: bad config' ;;\n${inspectAnswers('starting')}`
  )
  assert.equal(r.code, 70)
  assert.deepEqual(parseReport(r.stdout), { status: 'starting' })
  assert.ok(r.calls.includes('stop myapp-job-v2'))
  assert.match(r.stderr, /container myapp-job-v2 not ready after 1 seconds \(starting\); it was stopped and kept/)
  assert.match(r.stderr, /^ {2}nginx: bad config$/m)
})

test('stopOldVersion: stops the old version by its ID with the role’s timeout; nothing without one', () => {
  const script = (id: string) =>
    new RemoteScript().add(`OLD=v1; DECKHAND_OLD_ID=${id}`, stopOldVersion(config, job), 'echo after')
  const r = run(script('abc123'), '')
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(r.calls, ['stop -t 30 abc123'])
  assert.deepEqual(parseReport(r.stdout), { stopped: 'v1' })
  const none = run(script(''), '')
  assert.deepEqual(none.calls, [])
  assert.equal(none.stdout, 'after\n')
  // A stop that fails (the container went away) does not fail the boot, as Kamal's may fail.
  const gone = run(script('abc123'), `stop*) echo 'No such container' >&2; exit 1 ;;`)
  assert.equal(gone.code, 0)
  assert.equal(gone.stdout, 'after\n')
})

/**
 * afterSwitch with a tag and a prune, after listContainers and stopStaleContainers: `service` are
 * the listing's lines; the old version is `o1` (running, v1) unless a line says otherwise. The
 * stub's `stop` takes 0.3 s and logs `stopped <id>` when done, so the order of the calls shows
 * what waited for it. The image listing shows v0, v1, v2, latest and v9, and the `untagged` lines
 * until a `docker image prune` ran (which removes them).
 */
function afterSwitchRun(service: string[], cases = '', stale = '', untagged: string[] = []) {
  const script = new RemoteScript().add(
    // A boot exec makes `.kamal` in its first line (cancelHandling); afterSwitch's audit lines rely on it.
    'mkdir -p .kamal',
    listContainers(config, job, 'v2'),
    `OLD=v1; DECKHAND_OLD_ID=o1; DECKHAND_STALE_STOPPED='${stale}'`,
    ...afterSwitch(config, job, { prune: true, tag: true, performer: 'octocat', version: 'v2' }),
    'echo after'
  )
  const untaggedLines = untagged.length
    ? `[ -e .pruned ] || printf '%s\\n' ${untagged.map((l) => `'${l}'`).join(' ')}`
    : ':'
  const r = run(
    script,
    `${listing(...service)}
${cases}
"stop -t 30 "*) sleep 0.3; printf 'stopped %s\\n' "$4" >> .docker-calls ;;
"image prune"*) : > .pruned ;;
"image ls"*) printf '%s\\n' 'i0 user/myapp:v0' 'i1 user/myapp:v1' 'i2 user/myapp:v2' 'i3 user/myapp:latest' 'i9 user/myapp:v9'; ${untaggedLines} ;;`
  )
  // The old version's stop starts in the background just before Kamal's tag: on a busy machine the
  // tag's call can reach the log first, so the calls show the stop first, as the script sends it.
  const stop = r.calls.indexOf('stop -t 30 o1')
  const tag = r.calls.indexOf('tag user/myapp:v2 user/myapp:latest')
  if (stop > tag && tag >= 0) r.calls.splice(tag, 0, ...r.calls.splice(stop, 1))
  return r
}
/** Five stopped containers (v9 newest … v5 oldest) behind the running old version. */
const stopped5 = ['s9=myapp-job-v9', 's8=myapp-job-v8', 's7=myapp-job-v7', 's6=myapp-job-v6', 's5=myapp-job-v5'].map(
  (n) => `${n}|exited|myapp||job`
)
const OLD_RUNNING = 'o1=myapp-job-v1|running|myapp||job'
/** Seven stopped: the two oldest (v4, v3) are beyond retain_containers whatever the old one's stop does. */
const sevenStopped = [OLD_RUNNING, ...stopped5, 's4=myapp-job-v4|dead|myapp||job', 's3=myapp-job-v3|created|myapp||job']
const LIST_IMAGES = 'image ls --filter label=service=myapp --format {{.ID}} {{.Repository}}:{{.Tag}}'
const PRUNE_IMAGES = 'image prune --force --filter label=service=myapp'

test('afterSwitch: Kamal’s tag while the old version stops; no prune while retain_containers (5) are not exceeded', () => {
  const r = afterSwitchRun([OLD_RUNNING, ...stopped5.slice(0, 4)])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(r.calls.slice(1), ['stop -t 30 o1', 'tag user/myapp:v2 user/myapp:latest', 'stopped o1'])
  assert.deepEqual(parseReport(r.stdout), { stopped: 'v1' })
  assert.doesNotMatch(readFileSync(join(r.dir, '.kamal/myapp-audit.log'), 'utf8'), /Pruned/)
})

test('afterSwitch: the container pushed beyond retain_containers by the old one is removed once the old one stopped; images no container uses are removed', () => {
  // Steady state: the old version and five stopped ones — Kamal's prune (after the stop) removes
  // v5. The image listing (after the tag) shows no untagged image: no dangling-image prune.
  const r = afterSwitchRun([OLD_RUNNING, ...stopped5])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(r.calls.slice(1), [
    'stop -t 30 o1',
    'tag user/myapp:v2 user/myapp:latest',
    'image ls --filter label=service=myapp --format {{.ID}} {{.Repository}}:{{.Tag}}',
    'stopped o1',
    'rm s5',
    // v5's image is not listed; v0 is no container's: Kamal's rmi of tags nothing uses.
    'rmi user/myapp:v0'
  ])
  assert.equal(r.stdout.split('\n').filter((l) => l === 'after').length, 1)
  assert.match(
    readFileSync(join(r.dir, '.kamal/myapp-audit.log'), 'utf8'),
    /Tagging user\/myapp:v2 as the latest image\n.*Pruned containers\n.*Pruned images\n$/
  )

  // Seven stopped: the two oldest go at once (beyond retain_containers whatever the stop does),
  // the fifth once the old one stopped.
  const seven = afterSwitchRun(sevenStopped)
  assert.deepEqual(seven.calls.slice(1, 6), [
    'stop -t 30 o1',
    'tag user/myapp:v2 user/myapp:latest',
    'rm s4',
    'rm s3',
    'image ls --filter label=service=myapp --format {{.ID}} {{.Repository}}:{{.Tag}}'
  ])
  assert.deepEqual(seven.calls.slice(6), ['stopped o1', 'rm s5', 'rmi user/myapp:v0'])
  assert.ok(!seven.calls.some((c) => c.startsWith('image prune')), seven.calls.join('\n'))

  // The old one's stop fails: Kamal's prune would find five stopped, and remove none; v5 is then
  // still a container's, so its image would stay too.
  const failed = afterSwitchRun([OLD_RUNNING, ...stopped5], `"stop -t 30 "*) exit 1 ;;`)
  assert.equal(failed.code, 0, failed.stderr)
  assert.ok(!failed.calls.some((c) => c.startsWith('rm ')), failed.calls.join('\n'))
  assert.deepEqual(parseReport(failed.stdout), {})
})

test('afterSwitch: counts what the boot stopped, every role and destination of the service, and what the new container uses', () => {
  // A stale container the boot stopped (r1) counts as stopped; another role's running container
  // (w1) and another service's stopped one (x1) do not; images of containers that stay are kept.
  const r = afterSwitchRun(
    [
      'n1=myapp-web-v9|running|myapp||web',
      'r1=myapp-job-v0|running|myapp||job',
      OLD_RUNNING,
      ...stopped5.slice(0, 4),
      'x1=other-job-v1|exited|other||job',
      's5=myapp-job-staging-v5|exited|myapp|staging|job'
    ],
    '',
    ' r1'
  )
  assert.equal(r.code, 0, r.stderr)
  // Stopped, newest first: r1, (o1), v9, v8, v7, v6, staging v5 → the last goes once o1 stopped.
  assert.ok(r.calls.includes('rm s5'), r.calls.join('\n'))
  assert.ok(!r.calls.some((c) => /^rm (x1|r1|n1)/.test(c)))
  // v0 is r1's (kept), v9 the web role's, v2 the new container's: nothing to remove.
  assert.ok(!r.calls.some((c) => c.startsWith('rmi')), r.calls.join('\n'))
})

test('afterSwitch: an untagged image in the listing — Kamal’s dangling-image prune after every docker rm, then the listing again', () => {
  // `<none>:<none>` (its tag moved): the prune waits for the removal that waited for the old
  // container's stop, and the rmi works from the listing taken after it (the stub's prune
  // removed the untagged image: no `rmi <none>:<none>`).
  const none = afterSwitchRun(sevenStopped, '', '', ['i8 <none>:<none>'])
  assert.equal(none.code, 0, none.stderr)
  assert.deepEqual(none.calls.slice(1), [
    'stop -t 30 o1',
    'tag user/myapp:v2 user/myapp:latest',
    'rm s4',
    'rm s3',
    LIST_IMAGES,
    'stopped o1',
    'rm s5',
    PRUNE_IMAGES,
    LIST_IMAGES,
    'rmi user/myapp:v0'
  ])
  assert.match(
    readFileSync(join(none.dir, '.kamal/myapp-audit.log'), 'utf8'),
    /Tagging user\/myapp:v2 as the latest image\n.*Pruned containers\n.*Pruned images\n$/
  )
  // `IMG:<none>` (an image known by its digest only) is untagged too.
  const digest = afterSwitchRun(sevenStopped, '', '', ['i7 user/myapp:<none>'])
  assert.equal(digest.code, 0, digest.stderr)
  assert.deepEqual(digest.calls.slice(6), ['stopped o1', 'rm s5', PRUNE_IMAGES, LIST_IMAGES, 'rmi user/myapp:v0'])
  // The old one's stop fails: v5 stays, the prune still runs after the removals that were due.
  const failed = afterSwitchRun(sevenStopped, `"stop -t 30 "*) exit 1 ;;`, '', ['i8 <none>:<none>'])
  assert.equal(failed.code, 0, failed.stderr)
  assert.deepEqual(failed.calls.slice(1), [
    'stop -t 30 o1',
    'tag user/myapp:v2 user/myapp:latest',
    'rm s4',
    'rm s3',
    LIST_IMAGES,
    PRUNE_IMAGES,
    LIST_IMAGES,
    'rmi user/myapp:v0'
  ])
})

test('afterSwitch: a removed container shown with its image ID (its tag moved, its image untagged) is removed before the dangling-image prune', () => {
  const r = afterSwitchRun(
    [OLD_RUNNING, ...stopped5.slice(0, 4), 's5=myapp-job-v5|exited|0123456789ab|myapp||job'],
    '',
    '',
    ['0123456789ab <none>:<none>']
  )
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(r.calls.slice(1), [
    'stop -t 30 o1',
    'tag user/myapp:v2 user/myapp:latest',
    LIST_IMAGES,
    'stopped o1',
    'rm s5',
    PRUNE_IMAGES,
    LIST_IMAGES,
    'rmi user/myapp:v0'
  ])
  // Its image still tagged (another tag of it, as `docker rmi` of one of two tags leaves it): the
  // listing shows no `<none>`, and no prune runs.
  const tagged = afterSwitchRun([
    OLD_RUNNING,
    ...stopped5.slice(0, 4),
    's5=myapp-job-v5|exited|0123456789ab|myapp||job'
  ])
  assert.equal(tagged.code, 0, tagged.stderr)
  assert.deepEqual(tagged.calls.slice(1), [
    'stop -t 30 o1',
    'tag user/myapp:v2 user/myapp:latest',
    LIST_IMAGES,
    'stopped o1',
    'rm s5',
    'rmi user/myapp:v0'
  ])
})

test('afterSwitch: a failing prune does not fail the boot; each prune command runs whatever the one before did', () => {
  const middle = afterSwitchRun([OLD_RUNNING, ...stopped5], `"image prune"*) exit 1 ;;`, '', ['i8 <none>:<none>'])
  assert.equal(middle.code, 0, middle.stderr)
  // The untagged image the failed prune left is listed again, and Kamal's rmi line tries it too.
  assert.deepEqual(
    middle.calls.slice(-5),
    ['rm s5', PRUNE_IMAGES, LIST_IMAGES, 'rmi user/myapp:v0', 'rmi <none>:<none>'],
    middle.calls.join('\n')
  )
  const last = afterSwitchRun([OLD_RUNNING, ...stopped5], `rmi*) exit 1 ;;`)
  assert.equal(last.code, 0)
  assert.match(last.stderr, /pruning failed/)
  assert.equal(last.stdout.split('\n').filter((l) => l === 'after').length, 1)
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

test('releaseIfOwnerAtEnd: the end of a boot releases only this run’s lock, and a failed release does not fail the boot', () => {
  const details = { lockedBy: 'Deckhand [tok-1]', at: new Date('2026-06-18T10:00:00Z'), version: 'v2', message: 'x' }
  const taken = run(new RemoteScript().add(acquireOrShowHolder(config, details)), '')
  assert.equal(taken.code, 0, taken.stderr)
  const dir = taken.dir
  const sh = (script: { command: string }, env: Record<string, string> = {}) =>
    spawnSync('/bin/sh', ['-c', script.command], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } })
  const boot = (token: string) => new RemoteScript().add('echo booted', releaseIfOwnerAtEnd(config, token))
  // Someone else's token: the lock stays, the boot still succeeds.
  const foreign = sh(boot('tok-2'))
  assert.equal(foreign.status, 0)
  assert.deepEqual(parseReport(foreign.stdout), { lock: 'not ours' })
  assert.ok(existsSync(join(dir, '.kamal/lock-myapp/details')))
  // The release itself fails (here `rm`): the boot succeeds, no `lock` report, the lock is still there.
  const bin = join(dir, '.failing-rm')
  mkdirSync(bin)
  writeFileSync(join(bin, 'rm'), '#!/bin/sh\nexit 1\n')
  chmodSync(join(bin, 'rm'), 0o755)
  const failed = sh(boot('tok-1'), { PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}` })
  assert.equal(failed.status, 0, failed.stderr)
  assert.deepEqual(parseReport(failed.stdout), {})
  assert.match(failed.stderr, /could not release the deploy lock here/)
  assert.ok(existsSync(join(dir, '.kamal/lock-myapp/details')))
  // Ours: released.
  const own = sh(boot('tok-1'))
  assert.equal(own.status, 0)
  assert.match(own.stdout, /^booted\n/)
  assert.deepEqual(parseReport(own.stdout), { lock: 'released' })
  assert.ok(!existsSync(join(dir, '.kamal/lock-myapp')))
})

test('staleContainers: every running version but the current one is reported, and stopped with --stop', () => {
  // docker ps --latest ... {{.Names}} answers the current container; the listing answers three.
  const cases = `"ps --latest --format"*) echo myapp-web-v3 ;;\n"ps --filter label=service=myapp"*) printf 'myapp-web-v3\\nmyapp-web-v2\\nmyapp-web-v1\\n' ;;\n"container ls --all --filter name=^myapp-web-v2$ --quiet") echo id2 ;;\n"container ls --all --filter name=^myapp-web-v1$ --quiet") echo id1 ;;`
  const report = run(new RemoteScript().add(...staleContainers(config, web, false)), cases)
  assert.equal(report.code, 0, report.stderr)
  assert.equal(
    report.stdout,
    'Detected stale container for role web with version v2 (use `kamal app stale_containers --stop` to stop)\nDetected stale container for role web with version v1 (use `kamal app stale_containers --stop` to stop)\n'
  )
  assert.ok(!report.calls.some((c) => c.startsWith('stop')))
  const stop = run(new RemoteScript().add(...staleContainers(config, job, true)), cases.replace(/web/g, 'job'))
  assert.equal(stop.code, 0, stop.stderr)
  assert.deepEqual(
    stop.calls.filter((c) => c.startsWith('stop')),
    ['stop -t 30 id2', 'stop -t 30 id1']
  )
  // Nothing running: nothing reported, nothing stopped.
  const none = run(new RemoteScript().add(...staleContainers(config, web, true)), '')
  assert.equal(none.code, 0)
  assert.equal(none.stdout, '')
})

test('proxyRemoveIfRunning: kamal-proxy forgets the role only while a container of it runs; its failure is fine', () => {
  const running = run(
    new RemoteScript().add(proxyRemoveIfRunning(config, web)),
    `"ps --latest --quiet"*) echo abc123 ;;\n"exec kamal-proxy kamal-proxy remove myapp-web") echo 'Error: service not found' >&2; exit 1 ;;`
  )
  assert.equal(running.code, 0, running.stderr)
  assert.ok(running.calls.includes('exec kamal-proxy kamal-proxy remove myapp-web'))
  const stopped = run(new RemoteScript().add(proxyRemoveIfRunning(config, web)), '')
  assert.ok(!stopped.calls.some((c) => c.includes('kamal-proxy remove')))
})

test('proxyDeployRunning: the running version’s container goes to kamal-proxy; none running is Kamal’s endpoint error', () => {
  const lines = proxyDeployRunning(config, web, web.proxyConfig!, '192.168.0.1')
  const ok = run(
    new RemoteScript().add(...lines),
    `"ps --latest --format"*) echo myapp-web-v3 ;;\n"container ls --all --filter name=^myapp-web-v3$ --quiet") echo 0123abcd ;;`
  )
  assert.equal(ok.code, 0, ok.stderr)
  assert.ok(
    ok.calls.some((c) =>
      c.startsWith('exec kamal-proxy kamal-proxy deploy myapp-web --target=0123abcd:3000 --host=app.example.com')
    ),
    ok.calls.join('\n')
  )
  const none = run(new RemoteScript().add(...lines), '')
  assert.equal(none.code, 70)
  assert.match(none.stderr, /Failed to get endpoint for web on 192\.168\.0\.1, did the container boot\?/)
  assert.ok(!none.calls.some((c) => c.includes('kamal-proxy deploy')))
})

test('waitForProxy: polls kamal-proxy until it answers', () => {
  const r = run(
    new RemoteScript().add(waitForProxy),
    `"exec kamal-proxy kamal-proxy list") if [ -e .up ]; then exit 0; else touch .up; exit 1; fi ;;`
  )
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(r.calls, ['exec kamal-proxy kamal-proxy list', 'exec kamal-proxy kamal-proxy list'])
})

test('ownPrivateKey: the key (written 0600) goes to kamal-proxy’s user 1001:1001; without chown rights, root in the proxy container does it', () => {
  const script = () =>
    new RemoteScript()
      .writeFile('.kamal/proxy/apps-config/myapp/tls/web/key.pem', 'KEY', '600')
      .add(ownPrivateKey(config, 'web'))
  const r = run(script(), '')
  assert.equal(r.code, 0, r.stderr)
  const key = statSync(join(r.dir, '.kamal/proxy/apps-config/myapp/tls/web/key.pem'))
  assert.equal(key.mode & 0o777, 0o600)
  if (process.getuid?.() === 0) assert.deepEqual([key.uid, key.gid], [1001, 1001])
  assert.deepEqual(r.calls, [])
  // A `chown` that is not allowed (an SSH user who is not root): docker exec as root in the proxy.
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-nochown-'))
  writeFileSync(join(dir, 'chown'), '#!/bin/sh\necho "chown: Operation not permitted" >&2\nexit 1\n')
  chmodSync(join(dir, 'chown'), 0o755)
  const denied = run(script(), '', { PATH: `${dir}:${process.env['PATH'] ?? '/usr/bin:/bin'}` })
  assert.equal(denied.code, 0, denied.stderr)
  assert.deepEqual(denied.calls, [
    'exec --user 0 kamal-proxy chown 1001:1001 /home/kamal-proxy/.apps-config/myapp/tls/web/key.pem'
  ])
})
