// The boot fragments that make a role converge after a fault, run for real under /bin/sh with a
// stub `docker` first on PATH (as in fragments.test.ts): the stale stop, and the cancel handling
// at each step of a boot, triggered the two ways it is triggered on a host — the run's stop
// command (TERM to the script's process group) and the SSH session going away (its parent ends).
// Each script runs in a session of its own (`setsid`), as sshd runs it.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  bootStep,
  cancelHandling,
  listContainers,
  rememberCurrentVersion,
  afterSwitch,
  stopRunScripts,
  stopRunScriptsAndWait,
  stopStaleContainers,
  waitUntilReady
} from '../../src/commands/boot.js'
import { EXIT, parseReport } from '../../src/commands/protocol.js'
import { RemoteScript } from '../../src/commands/script.js'
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
deploy_timeout: 30
`,
  'config/deploy.yml',
  undefined,
  {}
)
const web = config.roles.find((r) => r.name === 'web')!
const job = config.roles.find((r) => r.name === 'job')!
const TOKEN = 'deckhand-7-1-0abc'

/** A directory with a stub `docker` that logs each call and answers from `cases` (a `case` body). */
function sandbox(cases: string): { dir: string; env: NodeJS.ProcessEnv; calls: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-converge-'))
  const bin = join(dir, '.bin')
  mkdirSync(bin)
  const log = join(dir, '.docker-calls')
  writeFileSync(log, '')
  writeFileSync(
    join(bin, 'docker'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\ncase "$*" in\n${cases}\nesac\nexit 0\n`
  )
  chmodSync(join(bin, 'docker'), 0o755)
  return {
    dir,
    env: { PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}` },
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean)
  }
}

/** Runs `script` in a session of its own, as sshd does; `cases` may run the stop command. */
function runInSession(script: RemoteScript, cases: string) {
  const box = sandbox(cases)
  const r = spawnSync('setsid', ['/bin/sh', '-c', script.command], {
    cwd: box.dir,
    input: script.stdin ?? '',
    encoding: 'utf8',
    env: box.env
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls: box.calls(), dir: box.dir }
}

/** A boot script with the pieces that matter here, for `role` (web: behind kamal-proxy). */
function boot(role: typeof web, proxied: boolean): RemoteScript {
  const container = `myapp-${role.name}-v2`
  const script = new RemoteScript()
    .add(
      cancelHandling(config, role, {
        token: TOKEN,
        container,
        version: 'v2',
        proxyService: proxied ? `myapp-${role.name}` : undefined
      })
    )
    .add(listContainers(config, role, 'v2'))
    .add(rememberCurrentVersion(config, role, 'v2', 'v2_replaced_00ff'), stopStaleContainers(config, role))
    .add(bootStep('run'), `docker run --name ${container} img > /dev/null`)
  if (proxied)
    script.add(
      `DECKHAND_ID=$(docker container ls --all --filter 'name=^${container}$' --quiet)`,
      `docker exec kamal-proxy kamal-proxy deploy myapp-${role.name} --target="$DECKHAND_ID:3000" > /dev/null`
    )
  else script.add(waitUntilReady(config, container))
  // The end of a host's last boot: the old version's stop runs while Kamal's tag and prune do.
  return script.add(
    bootStep('switched'),
    ...afterSwitch(config, role, { prune: true, tag: true, performer: 'octocat', version: 'v2' }),
    bootStep('done')
  )
}

/** Docker's answer to a `docker exec` without a command (an image without a health command). */
const NO_PROBE = `"exec myapp-job-v2") echo '"docker exec" requires at least 2 arguments.' >&2; exit 1 ;;`

/** The run's stop command, as a stub case body runs it (what the action sends on a cancel). */
const STOP = stopRunScripts(TOKEN)
const LISTING = `${psAnswer('old1=myapp-job-v1|running|myapp||job')} ;;`

test('stale stop: every running container of the role but the current one, in one docker stop', () => {
  const r = runInSession(
    new RemoteScript().add(
      listContainers(config, job, 'v3'),
      rememberCurrentVersion(config, job, 'v3', 'v3_replaced_00ff'),
      stopStaleContainers(config, job),
      'echo "old id=$DECKHAND_OLD_ID"'
    ),
    // A cancelled deploy left v2 running beside v1, and an earlier redeploy a `_replaced_` one.
    `"ps --latest"*) echo 'b1=myapp-job-v1' ;;\n${psAnswer('c2=myapp-job-v2|running|myapp||job', 'r9=myapp-job-v1_replaced_ff|running|myapp||job', 'b1=myapp-job-v1|running|myapp||job')} ;;`
  )
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { old: 'v1', stale: 'v2 v1_replaced_ff' })
  assert.match(r.stdout, /^old id=b1$/m)
  assert.ok(r.calls.includes('stop -t 30 c2 r9'), r.calls.join('\n'))
  assert.ok(!r.calls.some((c) => c.startsWith('stop') && c.includes('b1')), 'the current version keeps running')

  // The normal case: one running container, nothing stale, no stop.
  const one = runInSession(
    new RemoteScript().add(
      listContainers(config, job, 'v3'),
      rememberCurrentVersion(config, job, 'v3', 'x'),
      stopStaleContainers(config, job)
    ),
    LISTING
  )
  assert.deepEqual(parseReport(one.stdout), { old: 'v1' })
  assert.ok(!one.calls.some((c) => c.startsWith('stop')))
})

test('a boot that runs to the end stops the old version by ID, and leaves no pid file behind', () => {
  const r = runInSession(boot(job, false), `${LISTING}\n"inspect --format "*State*) echo healthy ;;`)
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { old: 'v1', status: 'healthy', stopped: 'v1' })
  assert.ok(r.calls.includes('stop -t 30 old1'))
  assert.deepEqual(
    readdirSync(join(r.dir, '.kamal')).filter((f) => f.endsWith('.pid')),
    []
  )
})

test('cancel before the new container runs: nothing to undo, the role is unchanged', () => {
  const r = runInSession(boot(job, false), `${psAnswer('old1=myapp-job-v1|running|myapp||job')}; ${STOP} ;;`)
  assert.equal(r.code, EXIT.cancelled, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { settled: 'start' })
  assert.ok(!r.calls.some((c) => c.startsWith('run') || c.startsWith('stop')), r.calls.join('\n'))
})

test('cancel while the new container is not ready yet: it is stopped and kept, the old one keeps running', () => {
  const r = runInSession(boot(job, false), `${LISTING}\n"inspect --format "*State*) ${STOP}; echo starting ;;`)
  assert.equal(r.code, EXIT.cancelled, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { old: 'v1', settled: 'run', runs: 'v1' })
  assert.ok(r.calls.includes('stop -t 3 myapp-job-v2'), r.calls.join('\n'))
  assert.ok(!r.calls.some((c) => c.includes('old1')), 'the old container is not touched')
  assert.ok(!r.calls.some((c) => c.startsWith('tag')), 'the script ended in its cancel handling')
  assert.deepEqual(
    readdirSync(join(r.dir, '.kamal')).filter((f) => f.endsWith('.pid')),
    []
  )
})

test('cancel once the new container is ready: the old one is stopped (within the cancel grace), the new version runs', () => {
  // The stop of the old version is what gets interrupted.
  const r = runInSession(
    boot(job, false),
    `${LISTING}\n"inspect --format "*State*) echo healthy ;;\n"stop -t 30 old1") ${STOP} ;;`
  )
  assert.equal(r.code, EXIT.cancelled, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { old: 'v1', status: 'healthy', settled: 'switched', runs: 'v2' })
  assert.ok(r.calls.includes('stop -t 3 old1'), r.calls.join('\n'))
  assert.ok(!r.calls.includes('stop -t 3 myapp-job-v2'), 'the new container keeps running')
})

test('cancel during Kamal’s tag and prune, while the old version stops in the background: it is stopped, the new version runs', () => {
  const r = runInSession(
    boot(job, false),
    `${LISTING}\n"inspect --format "*State*) echo healthy ;;\n"stop -t 30 old1") sleep 1 ;;\n"tag img"*|tag*) ${STOP} ;;`
  )
  assert.equal(r.code, EXIT.cancelled, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { old: 'v1', status: 'healthy', settled: 'switched', runs: 'v2' })
  assert.ok(r.calls.includes('stop -t 3 old1'), r.calls.join('\n'))
  assert.ok(!r.calls.includes('stop -t 3 myapp-job-v2'), 'the new container keeps running')
  assert.deepEqual(
    readdirSync(join(r.dir, '.kamal')).filter((f) => f.startsWith(`deckhand-${TOKEN}-`)),
    [],
    'no pid file left'
  )
})

test('behind kamal-proxy, a cancel during the switch asks the proxy: not switched, the new container stays stopped', () => {
  const r = runInSession(
    boot(web, true),
    [
      `${psAnswer('old1=myapp-web-v1|running|myapp||web')} ;;`,
      `"container ls"*) echo new2 ;;`,
      `"exec kamal-proxy kamal-proxy deploy"*) ${STOP} ;;`,
      `"exec kamal-proxy kamal-proxy list") printf 'Service\\tHost\\tTarget\\nmyapp-web\\tapp.example.com\\told1:3000\\n' ;;`
    ].join('\n')
  )
  assert.equal(r.code, EXIT.cancelled, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { old: 'v1', settled: 'run', runs: 'v1' })
  assert.ok(r.calls.includes('stop -t 3 myapp-web-v2'))
  assert.ok(!r.calls.some((c) => c.startsWith('start')))
})

test('behind kamal-proxy, a switch that happened just before the cancel: the new container is started again, the old one stopped', () => {
  const r = runInSession(
    boot(web, true),
    [
      `${psAnswer('old1=myapp-web-v1|running|myapp||web')} ;;`,
      `"container ls"*) echo new2 ;;`,
      `"exec kamal-proxy kamal-proxy deploy"*) ${STOP} ;;`,
      `"exec kamal-proxy kamal-proxy list") printf 'Service\\tHost\\tTarget\\nmyapp-web\\tapp.example.com\\tnew2:3000\\n' ;;`
    ].join('\n')
  )
  assert.equal(r.code, EXIT.cancelled, r.stderr)
  assert.deepEqual(parseReport(r.stdout), { old: 'v1', settled: 'switched', runs: 'v2' })
  const calls = r.calls
  assert.ok(calls.indexOf('stop -t 3 myapp-web-v2') < calls.indexOf('start myapp-web-v2'), calls.join('\n'))
  assert.ok(calls.includes('stop -t 3 old1'))
})

test('the SSH session gone, found by a report line (SIGPIPE): the same handling, not a silent death', () => {
  // The reader of the script's output (sshd, here `cat`) goes away once the new container runs.
  // (`cat` reads fd 3: a background command's stdin would be /dev/null.)
  const box = sandbox(
    `${LISTING}\nrun*) kill $(cat .reader); while kill -0 $(cat .reader) 2> /dev/null; do :; done ;;\n"inspect --format "*State*) echo healthy ;;`
  )
  const r = spawnSync(
    '/bin/sh',
    [
      '-c',
      'setsid /bin/sh -c "$1" | { exec 3<&0; cat <&3 > /dev/null & echo $! > .reader; wait; }; sleep 0.5',
      'session',
      boot(job, false).command
    ],
    { cwd: box.dir, env: box.env, encoding: 'utf8' }
  )
  assert.equal(r.status, 0, r.stderr)
  const calls = box.calls()
  assert.ok(calls.includes('stop -t 3 myapp-job-v2'), calls.join('\n') + r.stderr)
  assert.ok(!calls.includes('stop -t 30 old1'), 'the old version keeps running')
  assert.deepEqual(
    readdirSync(join(box.dir, '.kamal')).filter((f) => f.endsWith('.pid')),
    []
  )
})

test('a boot that fails anywhere else settles the role too (no two containers left running)', () => {
  // `docker run` fails after creating the container: it is stopped, the old version runs.
  const failedRun = runInSession(
    boot(job, false),
    `${LISTING}\nrun*) echo 'port is already allocated' >&2; exit 125 ;;`
  )
  assert.equal(failedRun.code, 125, failedRun.stderr)
  assert.deepEqual(parseReport(failedRun.stdout), { old: 'v1', settled: 'run', runs: 'v1' })
  assert.ok(failedRun.calls.includes('stop -t 3 myapp-job-v2'))
  // The stop of the old version fails once the new one is ready: like Kamal's, that does not fail
  // the boot (the new version serves); the next deploy's stale stop ends the old one.
  const failedStop = runInSession(
    boot(job, false),
    `${LISTING}\n"inspect --format "*State*) echo healthy ;;\n"stop -t 30 old1") exit 1 ;;`
  )
  assert.equal(failedStop.code, 0, failedStop.stderr)
  assert.deepEqual(parseReport(failedStop.stdout), { old: 'v1', status: 'healthy' })
  // A failed health check has its own handling (exit 70): nothing more is done.
  const unhealthy = runInSession(
    new RemoteScript()
      .add(cancelHandling(config, job, { token: TOKEN, container: 'myapp-job-v2', version: 'v2' }))
      .add(
        listContainers(config, job, 'v2'),
        rememberCurrentVersion(config, job, 'v2', 'x'),
        bootStep('run'),
        waitUntilReady({ ...config, deployTimeout: 0 }, 'myapp-job-v2')
      ),
    `${LISTING}\n"inspect --format "*State*) echo unhealthy ;;`
  )
  assert.equal(unhealthy.code, EXIT.bootFailed)
  assert.equal(unhealthy.calls.filter((c) => c.startsWith('stop')).length, 1)
})

test('a stop sent again while the script settles does not cut its docker commands short', () => {
  // The action resends the stop every second and the post step sends one: the settling script's
  // `docker stop` must finish, and the proxy check after it run. The docker CLI (Go) dies on a TERM
  // even when its parent ignores TERM, which a shell stub cannot: perl stands in for it here.
  const cli = `perl -e '$SIG{TERM} = "DEFAULT"; select(undef, undef, undef, 0.5)'`
  const r = runInSession(
    boot(web, true),
    [
      `${psAnswer('old1=myapp-web-v1|running|myapp||web')} ;;`,
      `"container ls"*) echo new2 ;;`,
      `"exec kamal-proxy kamal-proxy deploy"*) ${STOP} ;;`,
      `"stop -t 3 myapp-web-v2") (sleep 0.1; ${STOP}) & ${cli} && touch .stop-finished ;;`,
      `"exec kamal-proxy kamal-proxy list") (sleep 0.1; ${STOP}) & ${cli} && printf 'myapp-web\tapp.example.com\tnew2:3000\n' ;;`
    ].join('\n')
  )
  assert.equal(r.code, EXIT.cancelled, r.stderr)
  assert.ok(existsSync(join(r.dir, '.stop-finished')), 'the docker stop was not killed')
  assert.deepEqual(parseReport(r.stdout), { old: 'v1', settled: 'switched', runs: 'v2' })
  assert.ok(r.calls.includes('start myapp-web-v2'), r.calls.join('\n'))
})

test('the stop command reaches only this run’s scripts, and twice is harmless', () => {
  const other = runInSession(
    boot(job, false),
    `${LISTING}\n"inspect --format "*State*) ${stopRunScripts('deckhand-7-1-ffff')}; echo healthy ;;`
  )
  assert.equal(other.code, 0, 'another run’s token stops nothing')
  const twice = runInSession(
    boot(job, false),
    `${LISTING}\n"inspect --format "*State*) ${STOP}; ${STOP}; echo starting ;;`
  )
  assert.equal(twice.code, EXIT.cancelled)
  assert.equal(twice.calls.filter((c) => c === 'stop -t 3 myapp-job-v2').length, 1)
})

test('the SSH session going away (the script’s parent ends) runs the same cancel handling', async () => {
  // The stub's readiness check never says ready; `docker run` marks that the new container exists.
  const box = sandbox(`${LISTING}\nrun*) touch .ran ;;\n"inspect --format "*State*) echo starting ;;\n${NO_PROBE}`)
  const out = join(box.dir, '.out')
  // `sh` stands for sshd's session process: the boot script is its child, in a session of its own.
  const parent = spawn(
    '/bin/sh',
    ['-c', 'setsid /bin/sh -c "$1" > "$2" 2>&1 & wait', 'session', boot(job, false).command, out],
    { cwd: box.dir, env: box.env, stdio: 'ignore' }
  )
  const until = async (what: string, check: () => boolean) => {
    for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 50))
    assert.ok(check(), `timed out waiting for ${what}`)
  }
  await until('docker run', () => existsSync(join(box.dir, '.ran')))
  parent.kill('SIGKILL')
  await until('the cancel handling', () => existsSync(out) && readFileSync(out, 'utf8').includes('DECKHAND_SETTLED'))
  await until('the script to end', () => readdirSync(join(box.dir, '.kamal')).every((f) => !f.endsWith('.pid')))
  assert.deepEqual(parseReport(readFileSync(out, 'utf8')), { old: 'v1', settled: 'run', runs: 'v1' })
  assert.ok(box.calls().includes('stop -t 3 myapp-job-v2'))
  assert.ok(!box.calls().includes('stop -t 30 old1'))
})

test('the post step’s stop waits until the run’s scripts have ended, and says when one did not', async () => {
  const box = sandbox(`${LISTING}\nrun*) touch .ran ;;\n"inspect --format "*State*) echo starting ;;\n${NO_PROBE}`)
  const script = spawn('setsid', ['/bin/sh', '-c', boot(job, false).command], {
    cwd: box.dir,
    env: box.env,
    stdio: 'ignore'
  })
  const ended = new Promise((r) => script.on('close', r))
  for (let i = 0; i < 300 && !existsSync(join(box.dir, '.ran')); i++) await new Promise((r) => setTimeout(r, 50))
  const post = spawnSync('/bin/sh', ['-c', stopRunScriptsAndWait(TOKEN, 5)], {
    cwd: box.dir,
    encoding: 'utf8',
    env: box.env
  })
  assert.equal(post.status, 0, post.stdout + post.stderr)
  assert.deepEqual(
    readdirSync(join(box.dir, '.kamal')).filter((f) => f.endsWith('.pid')),
    []
  )
  await ended
  assert.ok(box.calls().includes('stop -t 3 myapp-job-v2'))
  // A script that does not end (here: a pid file of a process that ignores the stop) is named.
  writeFileSync(join(box.dir, `.kamal/deckhand-${TOKEN}-1.pid`), '999999999\n')
  const stuck = spawnSync('/bin/sh', ['-c', stopRunScriptsAndWait(TOKEN, 1)], {
    cwd: box.dir,
    encoding: 'utf8',
    env: box.env
  })
  assert.equal(stuck.status, 1)
  assert.match(stuck.stdout, /deckhand-7-1-0abc-1\.pid/)
})
