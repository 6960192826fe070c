// The deploy lifecycle (issue #12) below the fleet: the exact text of the new builders (app exec,
// the rollback check, keeping a lock), those with logic run under /bin/sh with a stub `docker`,
// Kamal's hook environment, the inputs, and the plans of rollback, redeploy and exec with hooks.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { readInputs } from '../../src/action/inputs.js'
import {
  execInExistingContainer,
  execInNewContainer,
  imageOrPull,
  inRunningContainer
} from '../../src/commands/exec.js'
import { encode64 } from '../../src/commands/shell.js'
import { keepIfOwner, lockDetailsText } from '../../src/commands/lock.js'
import { parseReport } from '../../src/commands/protocol.js'
import { checkVersionAvailable, listRoleVersions, parseVersions } from '../../src/commands/rollback.js'
import { RemoteScript, type RemoteCommand } from '../../src/commands/script.js'
import { ConfigError, formatProblem } from '../../src/config/errors.js'
import { hooksOutputFor } from '../../src/config/hooks.js'
import { staysInside } from '../../src/config/paths.js'
import { parseConfigText } from '../../src/config/load.js'
import { selectTargets, type RunContext } from '../../src/flows/context.js'
import type { ExecRequest } from '../../src/flows/exec.js'
import { hookEnv, type HookName, type HookTags } from '../../src/flows/hooks.js'
import { isAutomaticLock, lockHolder } from '../../src/flows/lock.js'
import {
  planByHost,
  RecordingHooks,
  RecordingPool,
  recordPlan,
  silentReporter,
  type PlannedFlow
} from '../../src/flows/plan.js'
import { emptyReport } from '../../src/flows/report.js'

// The reference's example (its section 2.1), web without the proxy as in plan.test.ts.
const EXAMPLE = `
service: myapp
image: user/myapp
servers:
  web:
    hosts:
      - 192.168.0.1
      - 192.168.0.2
    proxy: false
  job:
    hosts:
      - 192.168.0.3
    cmd: bin/jobs
registry:
  username: user
  password: [KAMAL_REGISTRY_PASSWORD]
builder:
  arch: amd64
env:
  clear: { DB_HOST: myapp-db }
  secret: [RAILS_MASTER_KEY]
`
const config = parseConfigText(EXAMPLE, 'config/deploy.yml', undefined, {})
const web = config.roles.find((r) => r.name === 'web')!
const host1 = web.hosts[0]!

test('app exec: Kamal’s new-container line (reference 2.6) and its --reuse line, the command appended as it is', () => {
  assert.equal(
    execInNewContainer({
      config,
      role: web,
      host: host1,
      version: 'abc123',
      hex6: '0a1b2c',
      command: 'bin/rails db:migrate'
    }),
    'docker run --rm --name myapp-web-exec-abc123-0a1b2c --network kamal --env DB_HOST="myapp-db" --env-file .kamal/apps/myapp/env/roles/web.env --log-opt max-size="10m" user/myapp:abc123 bin/rails db:migrate'
  )
  // Without a version: Kamal's `latest` image and name; a role's options and the volumes follow the logging.
  const withOptions = parseConfigText(
    `${EXAMPLE.replace('    proxy: false\n', '    proxy: false\n    options: { memory: 512m }\n')}volumes: ["/data:/data"]\n`,
    'config/deploy.yml',
    'staging',
    {}
  )
  const w = withOptions.roles[0]!
  assert.equal(
    execInNewContainer({
      config: withOptions,
      role: w,
      host: w.hosts[0]!,
      version: 'latest-staging',
      hex6: 'ffffff',
      command: "sh -c 'echo $HOME'"
    }),
    'docker run --rm --name myapp-web-staging-exec-latest-staging-ffffff --network kamal --env DB_HOST="myapp-db" --env-file .kamal/apps/myapp-staging/env/roles/web.env --log-opt max-size="10m" --volume /data:/data --memory "512m" user/myapp:latest-staging sh -c \'echo $HOME\''
  )
  assert.equal(execInExistingContainer('myapp-web-abc123', 'ls -la'), 'docker exec myapp-web-abc123 ls -la')
  assert.equal(
    imageOrPull(config, 'latest'),
    'docker image inspect user/myapp:latest > /dev/null 2>&1 || docker pull user/myapp:latest > /dev/null'
  )
  assert.deepEqual(inRunningContainer(config, web, 'hostname'), [
    `DECKHAND_CURRENT=$( { sh -c 'docker ps --latest --format '\\''{{.Names}}'\\'' --filter label=service=myapp --filter label=destination= --filter label=role=web --filter status=running --filter status=restarting --filter ancestor=$(docker image ls --filter reference=user/myapp:latest --format '\\''{{.ID}}'\\'') ; docker ps --latest --format '\\''{{.Names}}'\\'' --filter label=service=myapp --filter label=destination= --filter label=role=web --filter status=running --filter status=restarting' | head -1 | while read line; do echo \${line#myapp-web-}; done ; } 2> /dev/null || true)`,
    `if [ -z "$DECKHAND_CURRENT" ]; then echo 'No running container of role web on this host to reuse: deploy first, or run the exec in a new container (reuse: false)' >&2; exit 1; fi`,
    'docker exec myapp-web-"$DECKHAND_CURRENT" hostname'
  ])
})

test('rollback check and lock keeping: exact text', () => {
  assert.equal(
    listRoleVersions(config, web),
    "docker container ls --all --filter label=service=myapp --filter label=destination= --filter label=role=web --format '{{.Names}}' | while read line; do echo ${line#myapp-web-}; done"
  )
  assert.deepEqual(checkVersionAvailable(config, [web], 'v1').lines, [
    'DECKHAND_MISSING=; DECKHAND_VERSIONS=',
    `if [ -z "$(docker container ls --all --filter 'name=^myapp-web-v1$' --quiet)" ]; then DECKHAND_MISSING="$DECKHAND_MISSING web"; fi`,
    `DECKHAND_VERSIONS="\${DECKHAND_VERSIONS}web=$(docker container ls --all --filter label=service=myapp --filter label=destination= --filter label=role=web --format '{{.Names}}' | while read line; do echo \${line#myapp-web-}; done | grep -v _replaced_ | tr '\\n' ' ');"`,
    'echo "DECKHAND_MISSING=$DECKHAND_MISSING"',
    'echo "DECKHAND_VERSIONS=$DECKHAND_VERSIONS"'
  ])
  assert.deepEqual(
    parseVersions('web=v3 v2 ;job=;'),
    new Map([
      ['web', ['v3', 'v2']],
      ['job', []]
    ])
  )
  const details = { lockedBy: 'Deckhand run 1', at: new Date('2026-06-18T10:00:00Z'), version: 'v2', message: 'Kept' }
  const keep = keepIfOwner(config, 'tok-1', details)
  assert.equal(
    keep.command,
    `if [ ! -d .kamal/lock-myapp ]; then echo "DECKHAND_LOCK=absent"; elif base64 -d < .kamal/lock-myapp/details | grep -qF 'tok-1'; then echo "${encode64(lockDetailsText(details))}" > .kamal/lock-myapp/details && echo "DECKHAND_LOCK=kept"; else echo "DECKHAND_LOCK=not ours"; fi`
  )
  assert.deepEqual(keep.assumed, { lock: 'kept' })
})

/** Runs `script` under /bin/sh in a fresh directory with a stub `docker` answering from a `case`. */
function sh(script: RemoteCommand, dockerCases: string, dir = mkdtempSync(join(tmpdir(), 'deckhand-lifecycle-'))) {
  const bin = join(dir, '.bin')
  mkdirSync(bin, { recursive: true })
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
    env: { PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}` }
  })
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    calls: readFileSync(log, 'utf8').split('\n').filter(Boolean),
    dir
  }
}

test('the rollback check finds the version per role and lists what exists (stub docker)', () => {
  const job = config.roles.find((r) => r.name === 'job')!
  const script = new RemoteScript().add(checkVersionAvailable(config, [web, job], 'v1'))
  const cases = `*"name=^myapp-web-v1\\$"*) echo 0123abcd ;;
*"role=web --format"*) printf 'myapp-web-v2\\nmyapp-web-v1\\nmyapp-web-v1_replaced_00ff\\n' ;;
*"role=job --format"*) echo myapp-job-v2 ;;`
  const r = sh(script, cases)
  assert.equal(r.code, 0, r.stderr)
  const report = parseReport(r.stdout)
  assert.equal(report.missing?.trim(), 'job')
  assert.deepEqual(
    parseVersions(report.versions),
    new Map([
      ['web', ['v2', 'v1']],
      ['job', ['v2']]
    ])
  )
  // Everything there: nothing missing is reported.
  const all = sh(script, `*"name=^"*) echo 0123abcd ;;`)
  assert.equal(parseReport(all.stdout).missing, undefined)
})

test('exec scripts: the image is pulled only when missing; reuse finds the running version or fails saying so; the exit code is the command’s', () => {
  const present = sh(new RemoteScript().add(imageOrPull(config, 'latest')), '')
  assert.deepEqual(present.calls, ['image inspect user/myapp:latest'])
  const absent = sh(new RemoteScript().add(imageOrPull(config, 'latest')), `"image inspect"*) exit 1 ;;`)
  assert.deepEqual(absent.calls, ['image inspect user/myapp:latest', 'pull user/myapp:latest'])

  const reuse = new RemoteScript().add(...inRunningContainer(config, web, 'sh -c "exit 4"'))
  const running = sh(reuse, `ps*) echo myapp-web-v7 ;;\nexec*) echo "ran in $2"; exit 4 ;;`)
  assert.equal(running.code, 4)
  assert.equal(running.stdout, 'ran in myapp-web-v7\n')
  const none = sh(reuse, '')
  assert.equal(none.code, 1)
  assert.match(none.stderr, /No running container of role web on this host to reuse/)
  assert.ok(!none.calls.some((c) => c.startsWith('exec')))
})

test('keeping the lock: only ours gets the new details; someone else’s and a missing one are left alone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-lifecycle-'))
  mkdirSync(join(dir, '.kamal/lock-myapp'), { recursive: true })
  const ours = 'Locked by: Deckhand run 1 [tok-1] at 2026-06-18T10:00:00Z\nVersion: v2\nMessage: Automatic deploy lock'
  writeFileSync(join(dir, '.kamal/lock-myapp/details'), encode64(ours))
  const details = {
    lockedBy: 'Deckhand run 1',
    at: new Date('2026-06-18T10:01:00Z'),
    version: 'v2',
    message: 'Kept: boom'
  }
  assert.deepEqual(parseReport(sh(keepIfOwner(config, 'tok-2', details), '', dir).stdout), { lock: 'not ours' })
  const kept = sh(keepIfOwner(config, 'tok-1', details), '', dir)
  assert.deepEqual(parseReport(kept.stdout), { lock: 'kept' })
  const now = Buffer.from(readFileSync(join(dir, '.kamal/lock-myapp/details'), 'utf8'), 'base64').toString()
  assert.equal(now, lockDetailsText(details))
  assert.ok(!isAutomaticLock(now), 'lock-wait does not wait for a kept lock')
  assert.ok(isAutomaticLock(ours))
  assert.equal(lockHolder(ours), 'Deckhand run 1 [tok-1] at 2026-06-18T10:00:00Z')
  const empty = mkdtempSync(join(tmpdir(), 'deckhand-lifecycle-'))
  assert.deepEqual(parseReport(sh(keepIfOwner(config, 'tok-1', details), '', empty).stdout), { lock: 'absent' })
})

const TAGS: HookTags = { performer: 'octocat', service: 'myapp', version: '0123456789abcdef', command: 'deploy' }

test('hook environment: Kamal’s KAMAL_* names and values, unset ones left out, secrets only for pre-connect, pre/post-deploy', () => {
  const at = new Date('2026-06-18T10:00:00.123Z')
  const secrets = new Map([['RAILS_MASTER_KEY', 'k']])
  assert.deepEqual(
    hookEnv('pre-deploy', TAGS, { hosts: ['1.1.1.1', '2.2.2.2'], lock: true, recordedAt: at }, secrets),
    {
      RAILS_MASTER_KEY: 'k',
      KAMAL_RECORDED_AT: '2026-06-18T10:00:00Z',
      KAMAL_PERFORMER: 'octocat',
      KAMAL_VERSION: '0123456789abcdef',
      KAMAL_SERVICE_VERSION: 'myapp@0123456',
      KAMAL_SERVICE: 'myapp',
      KAMAL_HOSTS: '1.1.1.1,2.2.2.2',
      KAMAL_LOCK: 'true',
      KAMAL_COMMAND: 'deploy'
    }
  )
  const exec = hookEnv(
    'pre-connect',
    { ...TAGS, version: 'v1_rc', destination: 'staging', roles: ['web', 'job'], command: 'exec' },
    { hosts: ['1.1.1.1'], lock: false, recordedAt: at },
    secrets
  )
  assert.equal(exec['KAMAL_SERVICE_VERSION'], 'myapp@v1_rc', 'a version with _ is not abbreviated')
  assert.equal(exec['KAMAL_DESTINATION'], 'staging')
  assert.equal(exec['KAMAL_ROLES'], 'web,job')
  assert.deepEqual([exec['KAMAL_COMMAND'], exec['KAMAL_SUBCOMMAND'], exec['KAMAL_LOCK']], ['app', 'exec', 'false'])
  const boot = hookEnv('pre-app-boot', TAGS, { hosts: ['2.2.2.2'], lock: true }, secrets)
  assert.equal(boot['RAILS_MASTER_KEY'], undefined, 'no secrets for the app-boot hooks')
  assert.equal(boot['KAMAL_HOSTS'], '2.2.2.2')
  const post = hookEnv('post-deploy', TAGS, { hosts: ['1.1.1.1'], lock: false, runtime: 12.6 }, secrets)
  assert.deepEqual([post['KAMAL_RUNTIME'], post['RAILS_MASTER_KEY']], ['13', 'k'])
})

test('hooks settings: hooks_path stays inside the working directory; hooks_output per hook or for all', () => {
  assert.ok(staysInside('.kamal/hooks') && staysInside('ci/../hooks'))
  assert.ok(!staysInside('../hooks') && !staysInside('/etc/hooks') && !staysInside('a/../../b'))
  try {
    parseConfigText(`${EXAMPLE}hooks_path: ../shared/hooks\n`, 'config/deploy.yml', undefined, {})
    assert.fail('expected a problem')
  } catch (e) {
    assert.ok(e instanceof ConfigError)
    assert.deepEqual(e.problems.map(formatProblem), [
      "config/deploy.yml:22:13: hooks_path: '../shared/hooks' is outside the working directory: give a path relative to it (default .kamal/hooks)"
    ])
  }
  const perHook = parseConfigText(
    `${EXAMPLE}hooks_output: { pre-deploy: ":verbose", post-deploy: quiet }\n`,
    'config/deploy.yml',
    undefined,
    {}
  )
  assert.deepEqual(
    ['pre-deploy', 'post-deploy', 'pre-connect'].map((h) => hooksOutputFor(perHook, h)),
    ['verbose', 'quiet', undefined]
  )
  assert.equal(
    hooksOutputFor(parseConfigText(`${EXAMPLE}hooks_output: quiet\n`, 'config/deploy.yml', undefined, {}), 'x'),
    'quiet'
  )
  assert.equal(config.hooksPath, '.kamal/hooks')
})

test('inputs: the new commands, a given version told from a defaulted one, exec and lock-wait settings checked', () => {
  const base = { GITHUB_SHA: 'abc123', GITHUB_REF: 'refs/heads/main' }
  const defaulted = readInputs({ ...base, INPUT_COMMAND: 'exec', INPUT_EXEC: 'bin/rails db:migrate' })
  assert.deepEqual([defaulted.version, defaulted.versionGiven], ['abc123', false])
  assert.deepEqual(defaulted.exec, { command: 'bin/rails db:migrate', primary: false, reuse: false })
  const given = readInputs({
    ...base,
    INPUT_COMMAND: 'exec',
    INPUT_EXEC: 'ls',
    INPUT_VERSION: 'v1',
    INPUT_PRIMARY: 'true',
    INPUT_REUSE: 'true'
  })
  assert.deepEqual([given.version, given.versionGiven, given.exec.primary, given.exec.reuse], ['v1', true, true, true])
  assert.throws(
    () => readInputs({ ...base, INPUT_COMMAND: 'rollback' }),
    /Input version: command rollback needs the version to go back to/
  )
  assert.throws(
    () => readInputs({ ...base, INPUT_COMMAND: 'plan', 'INPUT_PLAN-FOR': 'rollback' }),
    /the planned rollback needs the version/
  )
  assert.throws(() => readInputs({ ...base, INPUT_COMMAND: 'exec' }), /Input exec: empty, but command is exec/)
  assert.throws(() => readInputs({ ...base, INPUT_COMMAND: 'exec', INPUT_EXEC: 'a\nb' }), /Input exec: one line only/)
  assert.throws(
    () => readInputs({ ...base, INPUT_COMMAND: 'plan', 'INPUT_PLAN-FOR': 'upgrade' }),
    /`kamal upgrade` is not supported by this action/
  )
  const plain = readInputs({ ...base })
  assert.deepEqual([plain.skipHooks, plain.lockWait, plain.holdLockOnError], [false, undefined, false])
  const waiting = readInputs({
    ...base,
    'INPUT_LOCK-WAIT': 'true',
    'INPUT_SKIP-HOOKS': 'true',
    'INPUT_HOLD-LOCK-ON-ERROR': 'true'
  })
  assert.deepEqual(
    [waiting.skipHooks, waiting.lockWait, waiting.holdLockOnError],
    [true, { timeoutSeconds: 900, intervalSeconds: 15 }, true]
  )
  assert.deepEqual(
    readInputs({ ...base, 'INPUT_LOCK-WAIT': 'true', 'INPUT_LOCK-WAIT-TIMEOUT': '60', 'INPUT_LOCK-WAIT-INTERVAL': '2' })
      .lockWait,
    { timeoutSeconds: 60, intervalSeconds: 2 }
  )
  assert.throws(
    () => readInputs({ ...base, 'INPUT_LOCK-WAIT': 'true', 'INPUT_LOCK-WAIT-INTERVAL': '0' }),
    /Input lock-wait-interval: '0' is not a whole number of seconds of at least 1/
  )
})

/** The plan of a flow for the example config, hooks recorded for the names in `hooks`. */
async function plan(flow: PlannedFlow, hooks: HookName[] = [], exec?: ExecRequest, version = 'abc123') {
  const pool = new RecordingPool()
  const targets = selectTargets(config, [], [])
  const ctx: RunContext & { pool: RecordingPool } = {
    config,
    targets,
    version,
    performer: 'octocat',
    secrets: new Map([
      ['RAILS_MASTER_KEY', '<RAILS_MASTER_KEY>'],
      ['KAMAL_REGISTRY_PASSWORD', '<KAMAL_REGISTRY_PASSWORD>']
    ]),
    pool,
    reporter: silentReporter,
    lock: { name: 'Deckhand plan', token: 'tok' },
    report: emptyReport('plan', version),
    signal: new AbortController().signal,
    kamalHooks:
      hooks.length > 0
        ? {
            runner: new RecordingHooks(pool, targets.primaryHost, (n) =>
              hooks.includes(n) ? `.kamal/hooks/${n}` : undefined
            ),
            tags: { ...TAGS, version, command: flow },
            secrets: new Map(),
            lockInherited: false
          }
        : undefined
  }
  const log = await recordPlan(ctx, flow, () => Buffer.from(''), exec)
  return { log, byHost: planByHost(log) }
}

const headings = (steps: string[] | undefined) => (steps ?? []).map((s) => s.split('\n')[0])

test('rollback plan: lock, the check on every app host, then the boot without pull or prune, release; hooks as local steps', async () => {
  const { byHost } = await plan(
    'rollback',
    ['pre-connect', 'pre-deploy', 'pre-app-boot', 'post-app-boot', 'post-deploy'],
    undefined,
    'v1'
  )
  assert.deepEqual(headings(byHost.get('192.168.0.1')), [
    '# 1. pre-connect hook, run on the runner with the KAMAL_* variables and the secrets (not run by plan)',
    '# 2. take the deploy lock',
    '# 3. look for v1 containers',
    '# 4. pre-deploy hook, run on the runner with the KAMAL_* variables and the secrets (not run by plan)',
    '# 5. pre-app-boot hook, run on the runner with the KAMAL_* variables (not run by plan)',
    '# 6. boot web v1 (stdin: 1 file (.kamal/apps/myapp/env/roles/web.env))',
    '# 7. post-app-boot hook, run on the runner with the KAMAL_* variables (not run by plan)',
    '# 8. release the deploy lock',
    '# 9. post-deploy hook, run on the runner with the KAMAL_* variables and the secrets (not run by plan)'
  ])
  const steps = byHost.get('192.168.0.1') ?? []
  assert.equal(
    steps[0]?.split('\n')[1],
    'KAMAL_COMMAND=rollback KAMAL_HOSTS=192.168.0.1,192.168.0.2,192.168.0.3 KAMAL_LOCK=false .kamal/hooks/pre-connect'
  )
  assert.equal(
    steps[3]?.split('\n')[1],
    'KAMAL_COMMAND=rollback KAMAL_HOSTS=192.168.0.1,192.168.0.2,192.168.0.3 KAMAL_LOCK=true .kamal/hooks/pre-deploy'
  )
  assert.equal(
    steps[4]?.split('\n')[1],
    'KAMAL_COMMAND=rollback KAMAL_HOSTS=192.168.0.1,192.168.0.2,192.168.0.3 KAMAL_LOCK=true .kamal/hooks/pre-app-boot'
  )
  assert.equal(
    steps[8]?.split('\n')[1],
    "KAMAL_COMMAND=rollback KAMAL_HOSTS=192.168.0.1,192.168.0.2,192.168.0.3 KAMAL_LOCK=false KAMAL_RUNTIME='<seconds>' .kamal/hooks/post-deploy"
  )
  assert.deepEqual(headings(byHost.get('192.168.0.3')), [
    '# 1. look for v1 containers',
    '# 2. boot job v1 (stdin: 1 file (.kamal/apps/myapp/env/roles/job.env))'
  ])
  const all = [...byHost.values()].flat().join('\n')
  assert.ok(all.includes(`if [ -z "$(docker container ls --all --filter 'name=^myapp-web-v1$' --quiet)" ]`))
  assert.ok(all.includes('docker run --detach --restart unless-stopped --name myapp-web-v1 '))
  assert.ok(
    !all.includes('docker pull') && !all.includes('Pruned') && !all.includes('docker image prune'),
    'no pull, no prune'
  )
  assert.ok(all.includes('docker tag user/myapp:v1 user/myapp:latest'), 'latest moves to the version rolled back to')
})

test('redeploy plan: the deploy without proxy boot and prune', async () => {
  const proxied = parseConfigText(EXAMPLE.replace('    proxy: false\n', ''), 'config/deploy.yml', undefined, {})
  const texts = async (flow: PlannedFlow) => {
    const pool = new RecordingPool()
    const ctx: RunContext & { pool: RecordingPool } = {
      config: proxied,
      targets: selectTargets(proxied, [], []),
      version: 'abc123',
      performer: 'octocat',
      secrets: new Map(),
      pool,
      reporter: silentReporter,
      lock: { name: 'plan', token: 'tok' },
      report: emptyReport('plan', 'abc123'),
      signal: new AbortController().signal
    }
    const log = await recordPlan(ctx, flow, () => Buffer.from(''))
    return { labels: log.map((e) => `${e.host} ${e.label}`), all: log.map((e) => e.command).join('\n') }
  }
  const deploy = await texts('deploy')
  const redeploy = await texts('redeploy')
  assert.ok(deploy.labels.includes('192.168.0.1 boot kamal-proxy') && deploy.all.includes('docker image prune'))
  assert.deepEqual(
    redeploy.labels,
    deploy.labels.filter((l) => !l.endsWith('boot kamal-proxy'))
  )
  assert.ok(!redeploy.all.includes('docker image prune') && !redeploy.all.includes('Pruned containers'))
  assert.ok(redeploy.all.includes('docker exec kamal-proxy kamal-proxy deploy myapp-web --target="${DECKHAND_ID}:80"'))
})

test('exec plans: a new container on every app host (env file first, pull only when missing), reuse, primary', async () => {
  const request = (over: Partial<ExecRequest> = {}): ExecRequest => ({
    command: 'bin/rails db:migrate',
    primary: false,
    reuse: false,
    versionGiven: false,
    ...over
  })
  const fresh = await plan('exec', ['pre-connect'], request(), 'latest')
  assert.deepEqual([...fresh.byHost.keys()], ['192.168.0.1', '192.168.0.2', '192.168.0.3'])
  assert.deepEqual(headings(fresh.byHost.get('192.168.0.1')), [
    '# 1. pre-connect hook, run on the runner with the KAMAL_* variables and the secrets (not run by plan)',
    '# 2. exec on web (stdin: 1 file (.kamal/apps/myapp/env/roles/web.env), registry login)'
  ])
  const lines = (fresh.byHost.get('192.168.0.3') ?? []).join('\n').split('\n')
  const run = lines.at(-1)?.replace(/exec-latest-[0-9a-f]{6}/, 'exec-latest-<hex6>')
  assert.equal(
    run,
    'docker run --rm --name myapp-job-exec-latest-<hex6> --network kamal --env DB_HOST="myapp-db" --env-file .kamal/apps/myapp/env/roles/job.env --log-opt max-size="10m" user/myapp:latest bin/rails db:migrate'
  )
  assert.ok(
    lines.includes(
      'docker image inspect user/myapp:latest > /dev/null 2>&1 || docker pull user/myapp:latest > /dev/null'
    )
  )
  assert.ok(lines.some((l) => l.includes("Executed cmd 'bin/rails db:migrate' on app version latest")))
  assert.ok(!lines.some((l) => l.includes('lock-myapp')), 'no lock, as in Kamal')

  const primary = await plan('exec', [], request({ primary: true, reuse: true, versionGiven: true }), 'v3')
  assert.deepEqual([...primary.byHost.keys()], ['192.168.0.1'])
  assert.equal(
    primary.byHost.get('192.168.0.1')?.[0]?.split('\n').at(-1),
    'docker exec myapp-web-v3 bin/rails db:migrate'
  )
})

test('the hooks a repository has: executable files only, a present one that is not executable is an error naming it', async () => {
  const { findHooks } = await import('../../src/action/hooks.js')
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-hooks-'))
  mkdirSync(join(dir, '.kamal/hooks'), { recursive: true })
  writeFileSync(join(dir, '.kamal/hooks/pre-deploy'), '#!/bin/sh\n')
  chmodSync(join(dir, '.kamal/hooks/pre-deploy'), 0o755)
  writeFileSync(join(dir, '.kamal/hooks/pre-connect.sample'), '#!/bin/sh\n')
  assert.deepEqual(
    [...findHooks(dir, '.kamal/hooks', ['pre-connect', 'pre-deploy'])],
    [['pre-deploy', '.kamal/hooks/pre-deploy']]
  )
  writeFileSync(join(dir, '.kamal/hooks/post-deploy'), '#!/bin/sh\n')
  assert.throws(
    () => findHooks(dir, '.kamal/hooks', ['pre-deploy', 'post-deploy']),
    /Hook \.kamal\/hooks\/post-deploy is not executable: make it executable \(chmod \+x \.kamal\/hooks\/post-deploy/
  )
  assert.deepEqual(
    [...findHooks(dir, '.kamal/hooks', ['pre-deploy'])].length,
    1,
    'only the command’s hooks are looked at'
  )
  // A link out of the repository is refused.
  const outside = mkdtempSync(join(tmpdir(), 'deckhand-outside-'))
  writeFileSync(join(outside, 'x'), '#!/bin/sh\n')
  chmodSync(join(outside, 'x'), 0o755)
  symlinkSync(join(outside, 'x'), join(dir, '.kamal/hooks/pre-connect'))
  assert.throws(() => findHooks(dir, '.kamal/hooks', ['pre-connect']), /leads outside the working directory/)
})

test('the hook runner: the step env plus the KAMAL_* ones; output as hooks_output says, never able to issue workflow commands; a failure names the hook and its last lines', async () => {
  const { ActionHooks } = await import('../../src/action/hooks.js')
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-hooks-'))
  mkdirSync(join(dir, '.kamal/hooks'), { recursive: true })
  const hook = (name: string, body: string) => {
    writeFileSync(join(dir, '.kamal/hooks', name), `#!/bin/sh\n${body}\n`)
    chmodSync(join(dir, '.kamal/hooks', name), 0o755)
  }
  hook('pre-deploy', 'echo "in $(basename "$PWD") as $KAMAL_COMMAND for $STEP_VAR"\necho "::add-mask::x" >&2')
  hook('post-deploy', 'echo quiet one')
  hook('pre-connect', 'echo default one')
  hook('pre-app-boot', 'for i in $(seq 1 20); do echo "line $i"; done\nexit 3')
  const cfg = parseConfigText(
    `${EXAMPLE}hooks_output: { pre-deploy: verbose, post-deploy: quiet }\n`,
    'config/deploy.yml',
    undefined,
    {}
  )
  const printed: string[] = []
  const core = {
    info: (m: string) => printed.push(m),
    debug: () => undefined,
    group: async <T>(title: string, fn: () => Promise<T>) => {
      printed.push(`::group::${title}`)
      try {
        return await fn()
      } finally {
        printed.push('::endgroup::')
      }
    }
  } as unknown as import('../../src/action/core.js').Core
  const report = emptyReport('deploy', 'v1')
  const files = new Map<HookName, string>(
    (['pre-deploy', 'post-deploy', 'pre-connect', 'pre-app-boot'] as const).map((n) => [n, `.kamal/hooks/${n}`])
  )
  const runner = new ActionHooks(core, {
    config: cfg,
    workingDirectory: dir,
    files,
    env: { PATH: process.env['PATH'], STEP_VAR: 'the step' },
    report,
    signal: new AbortController().signal
  })
  assert.equal(runner.exists('docker-setup'), false)
  await runner.run('pre-deploy', { KAMAL_COMMAND: 'deploy' })
  const text = printed
    .join('\n')
    .replace(/::stop-commands::[0-9a-f]{32}/, '::stop-commands::<token>')
    .replace(/::[0-9a-f]{32}::/, '::<token>::')
  assert.match(
    text,
    new RegExp(
      `^::group::Run the pre-deploy hook\nRunning .kamal/hooks/pre-deploy on the runner\n::stop-commands::<token>\n(in ${dir.split('/').pop()} as deploy for the step\n::add-mask::x|::add-mask::x\nin ${dir.split('/').pop()} as deploy for the step)\n::<token>::\nFinished in [\\d.]+ seconds with exit status 0 \\(successful\\)\n::endgroup::$`
    )
  )
  printed.length = 0
  await runner.run('post-deploy', {})
  assert.equal(printed.length, 0, 'quiet: nothing at all')
  await runner.run('pre-connect', {})
  assert.deepEqual(printed.slice(0, 2), [
    '::group::Run the pre-connect hook',
    'Running .kamal/hooks/pre-connect on the runner'
  ])
  assert.ok(!printed.includes('default one'), 'Kamal’s default shows the start and end only')
  await assert.rejects(runner.run('pre-app-boot', {}), (e: Error) => {
    assert.equal(e.name, 'HookFailedError')
    assert.equal(
      e.message,
      `Hook \`pre-app-boot\` failed (exit status 3):\n${Array.from({ length: 15 }, (_, i) => `line ${i + 6}`).join('\n')}`
    )
    return true
  })
  assert.deepEqual(
    report.hooks.map((h) => [h.name, h.ok, h.exit]),
    [
      ['pre-deploy', true, undefined],
      ['post-deploy', true, undefined],
      ['pre-connect', true, undefined],
      ['pre-app-boot', false, 'exit status 3']
    ]
  )
})

test('the summary: hooks with their time, how long the lock was waited for, a kept lock, an exec’s exit codes', async () => {
  const { renderSummary } = await import('../../src/action/summary.js')
  const report = emptyReport('deploy', 'v2')
  report.hooks.push(
    { name: 'pre-deploy', ok: true, seconds: 0.42 },
    { name: 'post-deploy', ok: false, seconds: 1, exit: 'exit status 2' }
  )
  report.lock = { host: '10.0.0.1', path: '.kamal/lock-app', taken: true, released: true, waitedSeconds: 31.2 }
  const html = renderSummary(report, 'Deploy')
  assert.ok(
    html.includes(
      '<tr><td>pre-deploy</td><td>ok</td><td>0.4</td></tr><tr><td>post-deploy</td><td>failed (exit status 2)</td><td>1.0</td></tr>'
    ),
    html
  )
  assert.ok(
    html.includes(
      '<p><b>Lock</b> <code>.kamal/lock-app</code> on 10.0.0.1: taken and released · waited 31.2 s for it (lock-wait)</p>'
    ),
    html
  )
  report.lock = {
    host: '10.0.0.1',
    path: '.kamal/lock-app',
    taken: true,
    released: false,
    kept: 'Locked by: x\nMessage: Kept <after>'
  }
  assert.ok(
    renderSummary(report, 'Deploy').includes(
      '<b>taken and kept after the failure</b> (hold-lock-on-error: release it with <code>command: lock-release</code>)</p>\n<pre>Locked by: x\nMessage: Kept &lt;after&gt;</pre>'
    )
  )
  const exec = emptyReport('exec', 'latest')
  exec.exec = {
    command: 'bin/rails db:migrate',
    runs: [{ host: '10.0.0.1', role: 'web', code: 0, seconds: 3.21 }],
    output: 'done'
  }
  assert.ok(
    renderSummary(exec, 'Exec').includes(
      '<p><b>Exec</b> <code>bin/rails db:migrate</code></p>\n<table><tr><th>Host</th><th>Role</th><th>Exit code</th><th>Seconds</th></tr><tr><td>10.0.0.1</td><td>web</td><td>0</td><td>3.2</td></tr></table>'
    )
  )
})

test('lock-wait polls: an automatic lock is waited for (a lock caught being released too), a manual one fails at once, the timeout names the holder', async () => {
  const { waitForLock } = await import('../../src/flows/lock.js')
  const { LockHeldError } = await import('../../src/flows/errors.js')
  const automatic = 'Locked by: Other at 2026-01-01T00:00:00Z\nVersion: v9\nMessage: Automatic deploy lock'
  /** A lock host that answers each take with the next scripted result (exit 75 + details: held). */
  const waiting = (answers: { code: number; stdout: string }[], timeoutSeconds = 60) => {
    const lines: string[] = []
    const slept: number[] = []
    const sent: string[] = []
    const ctx: RunContext = {
      config,
      targets: selectTargets(config, [], []),
      version: 'v2',
      performer: 'octocat',
      secrets: new Map(),
      pool: {
        limit: 1,
        get: (host) => ({
          host,
          exec: (cmd) => {
            sent.push(cmd.command)
            return Promise.resolve({ ...(answers.shift() ?? { code: 0, stdout: '' }), stderr: '' })
          }
        })
      },
      reporter: { ...silentReporter, info: (m) => lines.push(m) },
      lock: { name: 'Deckhand run 2', token: 'tok-2' },
      report: emptyReport('deploy', 'v2'),
      signal: new AbortController().signal,
      sleep: (s) => {
        slept.push(s)
        return Promise.resolve()
      },
      lockWait: { timeoutSeconds, intervalSeconds: 5 }
    }
    return { ctx, lines, slept, sent }
  }
  const w = waiting([
    { code: 75, stdout: '' },
    { code: 75, stdout: automatic },
    { code: 0, stdout: '' }
  ])
  await waitForLock(w.ctx, new LockHeldError('192.168.0.1', automatic))
  assert.equal(w.sent.length, 3)
  assert.ok(w.sent.every((c) => c.startsWith('mkdir -p .kamal && { mkdir .kamal/lock-myapp && echo ')))
  assert.deepEqual(w.slept, [5, 5, 5])
  assert.deepEqual(w.lines.slice(0, 3), [
    'Acquiring the deploy lock on 192.168.0.1 (waiting up to 60s)...',
    'Deploy lock is held by Other at 2026-01-01T00:00:00Z; retrying in 5s (60s remaining)...',
    'Deploy lock is held by someone (the lock has no details yet, or is being released); retrying in 5s (60s remaining)...'
  ])
  assert.equal(typeof w.ctx.report.lock.waitedSeconds, 'number')

  const manual = waiting([{ code: 75, stdout: automatic.replace('Automatic deploy lock', 'DB maintenance') }])
  await assert.rejects(
    waitForLock(manual.ctx, new LockHeldError('192.168.0.1', automatic)),
    /held manually, not waiting/
  )
  assert.equal(manual.sent.length, 1, 'a manual lock is not waited for')

  const late = waiting([], 0)
  await assert.rejects(
    waitForLock(late.ctx, new LockHeldError('192.168.0.1', automatic)),
    /^LockHeldError: Timed out after 0s waiting for the deploy lock on 192\.168\.0\.1, held by Other at 2026-01-01T00:00:00Z/
  )
  assert.equal(late.sent.length, 0)
})
