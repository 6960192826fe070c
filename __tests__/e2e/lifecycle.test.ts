// End to end: Kamal's deploy lifecycle on two real hosts — hooks at Kamal's points with Kamal's
// variables (each hook records itself, in order, with what it saw on the hosts), lock-wait,
// hold-lock-on-error, rollback, redeploy and app exec. One fleet for the whole suite.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  demoConfigHead,
  fleetDown,
  fleetInputs,
  fleetUp,
  hostName,
  ip,
  makeRepo,
  onHost,
  ROOT,
  runAction,
  startStep,
  tryOnHost,
  waitFor,
  type Fleet
} from './harness.js'

const HOSTS = ['h1', 'h2']
const APP_SECRET = 'lifecycle-s3cr3t-9d1e'
const SECRETS = 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\nAPP_SECRET=$CI_APP_SECRET\n'
const HOOKS = ['pre-connect', 'docker-setup', 'pre-deploy', 'pre-app-boot', 'post-app-boot', 'post-deploy']

/**
 * Every hook is this script: it appends one tab-separated record — its name, whether the deploy
 * lock is on h1 and how many SSH logins h1 has seen (both read through `docker exec`, not SSH),
 * whether it got the secret, and every KAMAL_* variable — then prints a line, and pre-deploy
 * fails when FAIL_PRE_DEPLOY is set.
 */
const HOOK = `#!/bin/sh
name=$(basename "$0")
lock=$(docker exec "$HOOK_H1" sh -c 'test -d /root/.kamal/lock-demo && echo held || echo free')
logins=$(docker exec "$HOOK_H1" sh -c 'grep -c "Accepted publickey" /var/log/sshd.log || true')
secret=no; [ "\${APP_SECRET:-}" = "${APP_SECRET}" ] && secret=yes
vars=$(env | grep '^KAMAL_' | sort | tr '\\n' '\\t')
printf '%s\\tlock=%s\\tlogins=%s\\tsecret=%s\\t%s\\n' "$name" "$lock" "$logins" "$secret" "$vars" >> "$HOOK_LOG"
echo "hook $name says hello"
if [ "$name" = pre-deploy ] && [ -n "\${FAIL_PRE_DEPLOY:-}" ]; then
  echo "checking migrations..."
  echo "2 migrations are pending" >&2
  exit 3
fi
`

interface HookRecord {
  name: string
  vars: Record<string, string>
}

function deployYml(fleet: Fleet): string {
  return `${demoConfigHead(fleet)}servers:
  web:
    hosts:
${HOSTS.map((h) => `      - ${ip(fleet, h)}`).join('\n')}
    proxy: false
env:
  clear:
    GREETING: hello world
  secret:
    - APP_SECRET
boot:
  limit: 1
hooks_output:
  pre-deploy: verbose
deploy_timeout: 6
readiness_delay: 1
`
}

describe('the deploy lifecycle: hooks, lock-wait, rollback, redeploy, exec', { timeout: 20 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  let hookLog: string
  const env = (extra: Record<string, string> = {}) => ({
    FLEET_REGISTRY_PASSWORD: fleet.registry.password,
    // The secrets file maps it to APP_SECRET: only the hooks Kamal gives the secrets to see that.
    CI_APP_SECRET: APP_SECRET,
    HOOK_LOG: hookLog,
    HOOK_H1: `deckhand-fleet-${hostName('h1')}`,
    ...extra
  })
  const run = (inputs: Record<string, string>, extraEnv: Record<string, string> = {}, r = repo) =>
    runAction({ repo: r, inputs: fleetInputs(fleet, inputs), env: env(extraEnv) })
  /** The hooks' records since the last call (the log is emptied). */
  const hooksRan = (): HookRecord[] => {
    const text = readFileSync(hookLog, 'utf8')
    writeFileSync(hookLog, '')
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, ...fields] = line.split('\t').filter(Boolean)
        const vars = Object.fromEntries(fields.map((f) => [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)]))
        return { name: name ?? '', vars }
      })
  }
  const state = (h: string, container: string) =>
    tryOnHost(h, `docker inspect -f '{{.State.Status}}' ${container}`).out || 'missing'
  const version = (h: string) => onHost(h, "docker ps --filter label=service=demo --format '{{.Names}}'")
  const lockPresent = () => tryOnHost('h1', 'test -d .kamal/lock-demo').code === 0
  const logins = () => onHost('h1', 'grep -c "Accepted publickey" /var/log/sshd.log || true')
  /** A lock on h1 as another deploy (or a person) takes it. */
  const lockByHand = (message: string) =>
    onHost(
      'h1',
      `mkdir -p .kamal && mkdir .kamal/lock-demo && echo "$(printf 'Locked by: Other Deployer at 2026-01-01T00:00:00Z\\nVersion: v9\\nMessage: ${message}' | base64)" > .kamal/lock-demo/details`
    )

  before(() => {
    fleet = fleetUp(HOSTS)
    const files: Record<string, string> = {
      'config/deploy.yml': deployYml(fleet),
      '.kamal/secrets': SECRETS
    }
    for (const h of HOOKS) files[`.kamal/hooks/${h}`] = HOOK
    files['.kamal/hooks/pre-build.sample'] = '#!/bin/sh\nexit 1\n'
    repo = makeRepo(files)
    for (const h of HOOKS) chmodSync(join(repo, '.kamal/hooks', h), 0o755)
    hookLog = join(repo, 'hooks.log')
    writeFileSync(hookLog, '')
  })
  after(() => {
    if (!process.env['DECKHAND_KEEP_FLEET']) fleetDown(HOSTS)
  })

  test('setup runs every hook at its point, with Kamal’s variables, secrets only where Kamal gives them', async () => {
    const loginsBefore = logins()
    const { main } = await run({ command: 'setup', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
    const [a, b] = [ip(fleet, 'h1'), ip(fleet, 'h2')]
    const ran = hooksRan()
    assert.deepEqual(
      ran.map((r) => `${r.name} ${r.vars['KAMAL_HOSTS']} lock=${r.vars['KAMAL_LOCK']} held=${r.vars['lock']}`),
      [
        `pre-connect ${a},${b} lock=false held=free`,
        `docker-setup ${a},${b} lock=true held=held`,
        `pre-deploy ${a},${b} lock=true held=held`,
        `pre-app-boot ${a} lock=true held=held`,
        `post-app-boot ${a} lock=true held=held`,
        `pre-app-boot ${b} lock=true held=held`,
        `post-app-boot ${b} lock=true held=held`,
        // Kamal's setup runs post-deploy inside its lock.
        `post-deploy ${a},${b} lock=true held=held`
      ]
    )
    const [preConnect] = ran
    assert.equal(preConnect?.vars['logins'], loginsBefore, 'pre-connect ran before the first SSH connection')
    for (const r of ran) {
      assert.equal(r.vars['KAMAL_COMMAND'], 'setup')
      assert.equal(r.vars['KAMAL_SUBCOMMAND'], undefined)
      assert.equal(r.vars['KAMAL_SERVICE'], 'demo')
      assert.equal(r.vars['KAMAL_VERSION'], 'v1')
      assert.equal(r.vars['KAMAL_SERVICE_VERSION'], 'demo@v1')
      assert.equal(r.vars['KAMAL_PERFORMER'], 'octocat')
      assert.match(r.vars['KAMAL_RECORDED_AT'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      assert.equal(r.vars['KAMAL_DESTINATION'], undefined)
      assert.equal(r.vars['KAMAL_ROLES'], undefined)
      assert.equal(r.vars['secret'], ['pre-connect', 'pre-deploy', 'post-deploy'].includes(r.name) ? 'yes' : 'no')
      if (r.name === 'post-deploy') assert.match(r.vars['KAMAL_RUNTIME'] ?? '', /^\d+$/)
      else assert.equal(r.vars['KAMAL_RUNTIME'], undefined, r.name)
    }
    // hooks_output: pre-deploy is verbose (its output shown, unable to issue workflow commands);
    // the others show only Kamal's start and end lines.
    assert.match(
      main.stdout,
      /::group::Run the pre-deploy hook\n.*Running .kamal\/hooks\/pre-deploy on the runner\n::stop-commands::[0-9a-f]+\nhook pre-deploy says hello\n::[0-9a-f]+::\nFinished in [\d.]+ seconds with exit status 0 \(successful\)/
    )
    assert.match(
      main.stdout,
      /::group::Run the post-deploy hook\nRunning .kamal\/hooks\/post-deploy on the runner\nFinished in/
    )
    assert.doesNotMatch(main.stdout, /hook post-deploy says hello/)
    assert.match(main.summary, /<tr><td>pre-connect<\/td><td>ok<\/td><td>[\d.]+<\/td><\/tr>/)
    assert.equal((main.summary.match(/<td>pre-app-boot<\/td><td>ok<\/td>/g) ?? []).length, 2)
    for (const h of HOSTS) assert.equal(state(h, 'demo-web-v1'), 'running')
    assert.ok(!lockPresent())
  })

  test('deploy: pre-deploy with the lock, app-boot hooks per group, post-deploy after the release; KAMAL_ROLES from roles', async () => {
    const { main } = await run({ command: 'deploy', version: 'v2', roles: 'web' })
    assert.equal(main.code, 0, main.stdout)
    const [a, b] = [ip(fleet, 'h1'), ip(fleet, 'h2')]
    assert.deepEqual(
      hooksRan().map((r) => `${r.name} ${r.vars['KAMAL_HOSTS']} ${r.vars['KAMAL_LOCK']} ${r.vars['KAMAL_ROLES']}`),
      [
        `pre-connect ${a},${b} false web`,
        `pre-deploy ${a},${b} true web`,
        `pre-app-boot ${a} true web`,
        `post-app-boot ${a} true web`,
        `pre-app-boot ${b} true web`,
        `post-app-boot ${b} true web`,
        `post-deploy ${a},${b} false web`
      ]
    )
    for (const h of HOSTS) assert.equal(version(h), 'demo-web-v2')
  })

  test('a failing pre-deploy stops the run with its last lines: lock released, nothing booted after it', async () => {
    const { main, post } = await run({ command: 'deploy', version: 'nohealth' }, { FAIL_PRE_DEPLOY: '1' })
    assert.equal(main.code, 1)
    assert.match(main.stdout, /::error::Hook `pre-deploy` failed \(exit status 3\):%0A.*2 migrations are pending/)
    assert.deepEqual(
      hooksRan().map((r) => r.name),
      ['pre-connect', 'pre-deploy']
    )
    assert.ok(!lockPresent(), 'the lock is released')
    assert.equal(post.code, 0)
    for (const h of HOSTS) {
      assert.equal(state(h, 'demo-web-nohealth'), 'missing', 'nothing was booted')
      assert.equal(version(h), 'demo-web-v2')
    }
    assert.match(main.summary, /<td>pre-deploy<\/td><td>failed \(exit status 3\)<\/td>/)
  })

  test('skip-hooks runs none; a failing pre-connect stops the run before any SSH connection', async () => {
    const skipped = await run({ command: 'deploy', version: 'v2', 'skip-hooks': 'true' })
    assert.equal(skipped.main.code, 0, skipped.main.stdout)
    assert.deepEqual(hooksRan(), [])
    const failing = makeRepo({
      'config/deploy.yml': deployYml(fleet),
      '.kamal/secrets': SECRETS,
      '.kamal/hooks/pre-connect': '#!/bin/sh\necho "VPN is down"\nexit 1\n'
    })
    chmodSync(join(failing, '.kamal/hooks/pre-connect'), 0o755)
    const before = logins()
    const { main } = await run({ command: 'deploy', version: 'v1' }, {}, failing)
    assert.equal(main.code, 1)
    assert.match(main.stdout, /Hook `pre-connect` failed \(exit status 1\):%0AVPN is down/)
    assert.equal(logins(), before, 'no SSH connection was made')
    // A hook that is there but not executable is an error naming it, before anything starts.
    rmSync(join(failing, '.kamal/hooks/pre-connect'))
    writeFileSync(join(failing, '.kamal/hooks/pre-deploy'), '#!/bin/sh\necho should not run\n')
    const notExecutable = await run({ command: 'deploy', version: 'v1' }, {}, failing)
    assert.equal(notExecutable.main.code, 1)
    assert.match(notExecutable.main.stdout, /Hook \.kamal\/hooks\/pre-deploy is not executable/)
    assert.equal(logins(), before)
    for (const h of HOSTS) assert.equal(version(h), 'demo-web-v2')
  })

  test('lock-wait: a deploy waits for an automatic lock and proceeds once it is released; times out naming the holder; never waits for a manual lock', async () => {
    lockByHand('Automatic deploy lock')
    const step = startStep({
      repo,
      inputs: fleetInputs(fleet, {
        command: 'deploy',
        version: 'v1',
        'lock-wait': 'true',
        'lock-wait-timeout': '120',
        'lock-wait-interval': '1',
        'skip-hooks': 'true'
      }),
      env: env()
    })
    let out = ''
    step.child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
    await waitFor(
      'a second poll',
      () => (out.match(/Deploy lock is held by Other Deployer/g) ?? []).length >= 2,
      60_000
    )
    assert.ok(lockPresent())
    onHost('h1', 'rm -r .kamal/lock-demo')
    const main = await step.done
    assert.equal(main.code, 0, main.stdout)
    assert.match(
      main.stdout,
      /Deploy lock is held by Other Deployer at 2026-01-01T00:00:00Z; retrying in 1s \(\d+s remaining\)/
    )
    assert.match(main.summary, /waited [\d.]+ s for it \(lock-wait\)/)
    for (const h of HOSTS) assert.equal(version(h), 'demo-web-v1')
    assert.ok(!lockPresent())

    lockByHand('Automatic deploy lock')
    const timedOut = await run({
      command: 'deploy',
      version: 'v2',
      'lock-wait': 'true',
      'lock-wait-timeout': '2',
      'lock-wait-interval': '1',
      'skip-hooks': 'true'
    })
    assert.equal(timedOut.main.code, 1)
    assert.match(
      timedOut.main.stdout,
      /Timed out after 2s waiting for the deploy lock on [\d.]+, held by Other Deployer at 2026-01-01T00:00:00Z/
    )
    assert.ok(lockPresent(), 'the other deploy’s lock is left alone')
    onHost('h1', 'rm -r .kamal/lock-demo')

    lockByHand('DB maintenance')
    const manual = await run({ command: 'deploy', version: 'v2', 'lock-wait': 'true', 'skip-hooks': 'true' })
    assert.equal(manual.main.code, 1)
    assert.match(manual.main.stdout, /held manually, not waiting/)
    assert.doesNotMatch(manual.main.stdout, /retrying in/)
    onHost('h1', 'rm -r .kamal/lock-demo')
    for (const h of HOSTS) assert.equal(version(h), 'demo-web-v1')
  })

  test('rollback to the previous version serves it on every host, with hooks; a version never deployed changes nothing', async () => {
    const { main } = await run({ command: 'rollback', version: 'v2' })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(main.outputs['version'], 'v2')
    assert.equal(main.outputs['previous-version'], 'v1')
    for (const h of HOSTS) {
      assert.equal(version(h), 'demo-web-v2')
      assert.equal(onHost(h, 'docker exec demo-web-v2 wget -qO- http://127.0.0.1/version'), 'v2')
      assert.equal(state(h, 'demo-web-v1'), 'exited', 'the old version is stopped once the new one is ready')
      assert.match(onHost(h, 'docker ps -a --format "{{.Names}}"'), /demo-web-v2_replaced_[0-9a-f]{16}/)
    }
    assert.deepEqual(
      hooksRan().map((r) => `${r.name} ${r.vars['KAMAL_COMMAND']} ${r.vars['KAMAL_VERSION']}`),
      [
        'pre-connect rollback v2',
        'pre-deploy rollback v2',
        'pre-app-boot rollback v2',
        'post-app-boot rollback v2',
        'pre-app-boot rollback v2',
        'post-app-boot rollback v2',
        'post-deploy rollback v2'
      ]
    )
    assert.ok(!lockPresent())

    const containers = () => HOSTS.map((h) => onHost(h, `docker ps -a --format '{{.ID}} {{.Names}} {{.State}}' | sort`))
    const before = containers()
    const missing = await run({ command: 'rollback', version: 'nohealth' })
    assert.equal(missing.main.code, 1)
    assert.match(
      missing.main.stdout,
      /The app version 'nohealth' is not available as a container on [\d.]+ \(web\), [\d.]+ \(web\); nothing was changed/
    )
    // The versions that are there, per host and role (Kamal points to `kamal app containers`).
    assert.match(missing.main.stdout, /The versions that are:%0A {2}[\d.]+ web: [\w, ]*\bv1\b/)
    assert.deepEqual(
      hooksRan().map((r) => r.name),
      ['pre-connect']
    )
    assert.deepEqual(containers(), before, 'the same containers, in the same states')
    assert.ok(!lockPresent())
  })

  test('exec: a new container of the latest image (env and env file), a given version, reuse, primary; a non-zero exit fails naming host and code', async () => {
    const fresh = await run({
      command: 'exec',
      exec: `sh -c 'echo "$GREETING $(cat /www/version)"; echo "$APP_SECRET" | md5sum | cut -c1-32'`
    })
    assert.equal(fresh.main.code, 0, fresh.main.stdout)
    const md5 = createHash('md5').update(`${APP_SECRET}\n`).digest('hex')
    assert.equal(
      fresh.main.outputs['exec-output'],
      `hello world v2\n${md5}`,
      'the env and the env file reach the container'
    )
    assert.match(
      fresh.main.stdout,
      new RegExp(`::group::Exec on ${ip(fleet, 'h2').replace(/\./g, '\\.')} \\(web\\): ok`)
    )
    assert.deepEqual(
      hooksRan().map((r) => `${r.name} ${r.vars['KAMAL_COMMAND']} ${r.vars['KAMAL_SUBCOMMAND']}`),
      ['pre-connect app exec']
    )
    for (const h of HOSTS) {
      assert.doesNotMatch(onHost(h, 'docker ps -a --format "{{.Names}}"'), /exec/, 'the exec container is removed')
      assert.match(onHost(h, 'tail -1 .kamal/demo-audit.log'), /Executed cmd 'sh -c .*' on app version latest/)
    }
    const v1 = await run({ command: 'exec', exec: 'cat /www/version', version: 'v1', primary: 'true' })
    assert.equal(v1.main.code, 0, v1.main.stdout)
    assert.equal(v1.main.outputs['exec-output'], 'v1')
    assert.deepEqual(JSON.parse(v1.main.outputs['hosts'] ?? '[]'), [ip(fleet, 'h1')])
    const reuse = await run({ command: 'exec', exec: 'hostname', reuse: 'true', 'skip-hooks': 'true' })
    assert.equal(reuse.main.code, 0, reuse.main.stdout)
    assert.equal(
      reuse.main.outputs['exec-output'],
      onHost('h1', "docker inspect -f '{{.Config.Hostname}}' demo-web-v2")
    )
    const failing = await run({ command: 'exec', exec: `sh -c 'echo boom; exit 3'`, 'skip-hooks': 'true' })
    assert.equal(failing.main.code, 1)
    assert.match(
      failing.main.stdout,
      /::error::Failures on 2 hosts:%0A- host [\d.]+: exec `sh -c 'echo boom; exit 3'` \(web\) failed \(exit 3\): boom/
    )
    assert.match(failing.main.summary, /<td>web<\/td><td>3<\/td>/)
    hooksRan()
  })

  test('a pre-deploy hook that runs the action itself while the lock is held does not deadlock (KAMAL_LOCK=true)', async () => {
    const nestedLog = join(repo, 'nested.log')
    const nesting = makeRepo({
      'config/deploy.yml': deployYml(fleet),
      '.kamal/secrets': SECRETS,
      // A redeploy of the same version on h2 from inside the hook, as a wrapper script would run
      // it (in node: /bin/sh would drop the INPUT_* variables whose names have a hyphen).
      '.kamal/hooks/pre-deploy': `#!${process.execPath}
const { spawnSync } = require('node:child_process')
const { writeFileSync } = require('node:fs')
const env = { ...process.env, INPUT_COMMAND: 'redeploy', 'INPUT_SKIP-HOOKS': 'true', INPUT_VERSION: process.env.KAMAL_VERSION, INPUT_HOSTS: '${ip(fleet, 'h2')}' }
const r = spawnSync(process.execPath, [${JSON.stringify(join(ROOT, 'dist/index.js'))}], { env, encoding: 'utf8' })
writeFileSync(${JSON.stringify(nestedLog)}, r.stdout + r.stderr)
process.exit(r.status ?? 1)
`
    })
    chmodSync(join(nesting, '.kamal/hooks/pre-deploy'), 0o755)
    const { main } = await run({ command: 'deploy', version: 'v2' }, {}, nesting)
    assert.equal(main.code, 0, `${main.stdout}\n--- nested:\n${readFileSync(nestedLog, 'utf8')}`)
    const nested = readFileSync(nestedLog, 'utf8')
    assert.match(nested, /KAMAL_LOCK=true: the deploy lock is held by the calling process; not taking it again/)
    assert.match(nested, new RegExp(`${ip(fleet, 'h2').replace(/\./g, '\\.')}: web v2 is healthy`))
    for (const h of HOSTS) assert.equal(version(h), 'demo-web-v2')
    assert.ok(!lockPresent())
  })

  test('redeploy boots without proxy boot or prune; hold-lock-on-error keeps the lock of a failed deploy, naming the failure', async () => {
    const pruned = () => HOSTS.map((h) => onHost(h, 'grep -c "Pruned containers" .kamal/demo-audit.log || true'))
    const prunedBefore = pruned()
    const redeploy = await run({ command: 'redeploy', version: 'v1', 'skip-hooks': 'true' })
    assert.equal(redeploy.main.code, 0, redeploy.main.stdout)
    for (const h of HOSTS) assert.equal(version(h), 'demo-web-v1')
    assert.deepEqual(pruned(), prunedBefore, 'a redeploy does not prune')
    assert.equal(redeploy.main.outputs['previous-version'], 'v2')

    const failed = await run({
      command: 'deploy',
      version: 'broken',
      'hold-lock-on-error': 'true',
      'skip-hooks': 'true'
    })
    assert.equal(failed.main.code, 1)
    assert.equal(failed.main.outputs['previous-version'], 'v1', 'known even though the boot failed, for a rollback')
    assert.equal(failed.post.code, 0)
    assert.ok(lockPresent(), 'the lock is kept, also by the post step')
    const details = onHost('h1', 'base64 -d < .kamal/lock-demo/details')
    assert.match(
      details,
      /^Locked by: Deckhand acme\/demo run \S+ by octocat at \S+\nVersion: broken\nMessage: Kept after a failed deploy of broken \(hold-lock-on-error\): host [\d.]+: boot web broken failed \(exit 70\)/
    )
    assert.match(failed.main.stdout, /Deploy lock was not released \(hold-lock-on-error\).*command: lock-release/)
    assert.match(failed.main.summary, /taken and kept after the failure/)
    for (const h of HOSTS) assert.equal(version(h), 'demo-web-v1', 'the old version keeps running')
    const released = await run({ command: 'lock-release', 'skip-hooks': 'true' })
    assert.equal(released.main.code, 0)
    assert.ok(!lockPresent())
  })
})
