// The build flow run for real on this machine's /bin/sh, with a stub `docker` first on PATH: the
// stub logs each call (argv, and what its environment and stdin carried) and answers from a `case`
// the test writes, so each way through the flow — buildx, the fallback, each error — is taken on
// purpose. The real builds (through the fallback, against a real registry) are in the e2e tests.
import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseConfigText } from '../../src/config/load.js'
import { buildAndPush, FALLBACK_WARNING, type BuildContext } from '../../src/flows/build.js'
import type { Reporter } from '../../src/flows/context.js'
import { BuildError } from '../../src/flows/errors.js'
import { describeFailure } from '../../src/flows/hosts.js'
import { emptyReport } from '../../src/flows/report.js'
import { describeRunnerSteps, localRunner, RecordingRunner } from '../../src/flows/runner.js'

const PASSWORD = 'registry-pw-9c1e'
const TOKEN = 'build-token-5b7d'
const DIGEST = `sha256:${'ab'.repeat(32)}`
const CHILD = `sha256:${'cd'.repeat(32)}`

const CONFIG = `service: app
image: dhh/app
registry: { username: dhh, password: [REGISTRY_PASSWORD] }
servers: [1.1.1.1]
`

interface Stubbed {
  ctx: BuildContext
  /** Every docker call, one argv (joined by spaces) per line. */
  calls: () => string[]
  dir: string
  warnings: string[]
  infos: string[]
  streamed: () => string
}

/**
 * A build context whose runner runs for real in a fresh working directory (with a Dockerfile),
 * with a stub docker answering from `cases` (a `case "$*" in … esac` body; unmatched calls succeed).
 */
function stubbed(
  builder: string,
  cases: string,
  opts: { env?: Record<string, string>; files?: Record<string, string>; noDocker?: boolean } = {}
): Stubbed {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-build-'))
  const bin = join(dir, '.bin')
  mkdirSync(bin)
  for (const [path, content] of Object.entries(opts.files ?? { Dockerfile: 'FROM scratch\n' })) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  const log = join(bin, 'calls')
  writeFileSync(log, '')
  if (!opts.noDocker) {
    writeFileSync(
      join(bin, 'docker'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\ncase "$*" in\n${cases}\nesac\nexit 0\n`
    )
    chmodSync(join(bin, 'docker'), 0o755)
  }
  const config = parseConfigText(`${CONFIG}builder: ${builder}\n`, 'config/deploy.yml', undefined, {})
  const warnings: string[] = []
  const infos: string[] = []
  let streamed = ''
  const reporter: Reporter = {
    group: (_t, fn) => fn(),
    info: (m) => infos.push(m),
    warning: (m) => warnings.push(m),
    remote: () => undefined
  }
  const env = { PATH: opts.noDocker ? bin : `${bin}:/usr/bin:/bin`, STUB: bin, ...opts.env }
  const ctx: BuildContext = {
    config,
    version: '123',
    secrets: new Map([
      ['REGISTRY_PASSWORD', PASSWORD],
      ['TOKEN', TOKEN]
    ]),
    reporter,
    runner: localRunner({
      cwd: dir,
      env,
      signal: new AbortController().signal,
      output: () => ({ write: (c) => (streamed += c), end: () => undefined })
    }),
    workingDirectory: dir,
    env,
    report: emptyReport('build', '123')
  }
  return {
    ctx,
    calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    dir,
    warnings,
    infos,
    streamed: () => streamed
  }
}

/** The stub's answers of a runner with Docker 28 and buildx, whose builder does not exist yet. */
const BUILDX = `--version) echo 'Docker version 28.0.4, build b8034c0' ;;
"buildx version") echo 'github.com/docker/buildx v0.23.0 28c90ea' ;;
"info --format {{.Architecture}}") echo x86_64 ;;
"login -u dhh --password-stdin") cat > "$STUB/login-stdin"; echo 'Login Succeeded' ;;
"buildx inspect kamal-local-docker-container") echo 'ERROR: no builder "kamal-local-docker-container" found' >&2; exit 1 ;;
"buildx rm kamal-local-docker-container") echo 'ERROR: no builder "kamal-local-docker-container" found' >&2; exit 1 ;;
"buildx build"*) printf '%s' "$TOKEN" > "$STUB/secret-seen"; env > "$STUB/build-env"
  echo '#9 exporting to image'; echo '#9 pushing manifest for dhh/app:123@${DIGEST} 0.1s done'; echo '#9 pushing manifest for dhh/app:latest@${DIGEST} 0.1s done' ;;
"buildx imagetools inspect --raw dhh/app@${DIGEST}") echo '{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"digest":"${CHILD}","platform":{"os":"linux","architecture":"amd64"}},{"digest":"sha256:${'ef'.repeat(32)}","platform":{"os":"unknown","architecture":"unknown"}}]}' ;;
"buildx imagetools inspect --raw dhh/app@${CHILD}") echo '{"config":{"size":1000},"layers":[{"size":2000000},{"size":500000}]}' ;;`

/** A runner with Debian's docker.io 20.10: no buildx, BuildKit in the daemon. */
const NO_BUILDX = `--version) echo 'Docker version 20.10.24+dfsg1, build 297e128' ;;
"buildx version") echo "docker: 'buildx' is not a docker command." >&2; exit 1 ;;
"info --format {{.Architecture}}") echo x86_64 ;;
"login -u dhh --password-stdin") cat > "$STUB/login-stdin"; echo 'Login Succeeded' ;;
"build --progress=plain"*) printf '%s' "$TOKEN" > "$STUB/secret-seen"; echo "$DOCKER_BUILDKIT" > "$STUB/buildkit"; echo '#5 naming to docker.io/dhh/app:123 done' ;;
"push dhh/app:123") echo 'The push refers to repository [docker.io/dhh/app]'; echo '123: digest: ${DIGEST} size: 527' ;;
"push dhh/app:latest") echo 'latest: digest: ${DIGEST} size: 527' ;;
"image inspect --format {{.Size}} dhh/app:123") echo 2345678 ;;`

test('a buildx on PATH is preferred: Kamal’s builder is created, one buildx build pushes both tags', async () => {
  const s = stubbed('{ arch: amd64, secrets: [TOKEN], cache: { type: gha } }', BUILDX, {
    env: {
      ACTIONS_CACHE_URL: 'https://cache.example/',
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_RUNTIME_TOKEN: 'rt-token'
    }
  })
  const report = await buildAndPush(s.ctx)
  assert.deepEqual(s.calls(), [
    '--version',
    'buildx version',
    'info --format {{.Architecture}}',
    'login -u dhh --password-stdin',
    'buildx inspect kamal-local-docker-container',
    'buildx rm kamal-local-docker-container',
    'buildx create --name kamal-local-docker-container --driver=docker-container',
    'buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container -t dhh/app:123 -t dhh/app:latest --cache-to type=gha --cache-from type=gha --label service=app --secret id=TOKEN --file Dockerfile .',
    `buildx imagetools inspect --raw dhh/app@${DIGEST}`,
    `buildx imagetools inspect --raw dhh/app@${CHILD}`,
    'logout'
  ])
  assert.deepEqual(s.infos.filter((i) => i.startsWith('$ ')).length, 10, 'each command’s line is shown before it runs')
  assert.ok(s.infos.includes('$ docker login -u "dhh" --password-stdin'))
  assert.deepEqual(
    s.infos.filter((i) => !i.startsWith('$ ')),
    [
      'Missing compatible builder, so creating a new one first',
      `Pushed dhh/app:123 (${DIGEST}) with buildx builder kamal-local-docker-container in ${report.seconds.toFixed(1)} s`
    ]
  )
  assert.deepEqual(s.warnings, [])
  // The password went through stdin, the build secret through the environment: neither on a line.
  assert.equal(readFileSync(join(s.dir, '.bin/login-stdin'), 'utf8'), PASSWORD)
  assert.equal(readFileSync(join(s.dir, '.bin/secret-seen'), 'utf8'), TOKEN)
  assert.ok(!s.calls().join('\n').includes(PASSWORD) && !s.calls().join('\n').includes(TOKEN))
  // The GitHub cache service's variables reach buildx as the runner gave them to the action.
  const env = readFileSync(join(s.dir, '.bin/build-env'), 'utf8')
  for (const line of [
    'ACTIONS_CACHE_URL=https://cache.example/',
    'ACTIONS_RESULTS_URL=https://results.example/',
    'ACTIONS_RUNTIME_TOKEN=rt-token',
    'BUILDKIT_PROGRESS=plain'
  ])
    assert.ok(env.split('\n').includes(line), line)
  assert.match(s.streamed(), /pushing manifest for dhh\/app:123@/)
  assert.deepEqual(
    { ...report, seconds: 0 },
    {
      image: 'dhh/app:123',
      digest: DIGEST,
      sizes: [{ platform: 'linux/amd64', bytes: 2501000, kind: 'compressed' }],
      builder: 'buildx builder kamal-local-docker-container',
      platforms: ['linux/amd64'],
      seconds: 0
    }
  )
  assert.deepEqual(s.ctx.report.build?.digest, DIGEST)
})

test('an existing builder is used as it is; a gha cache outside Actions is warned about', async () => {
  const s = stubbed(
    '{ arch: amd64, cache: { type: gha } }',
    `"buildx inspect kamal-local-docker-container") echo 'Name: kamal-local-docker-container' ;;\n${BUILDX}`
  )
  await buildAndPush(s.ctx)
  assert.ok(!s.calls().some((c) => c.startsWith('buildx create') || c.startsWith('buildx rm')))
  assert.deepEqual(s.warnings, [
    'builder.cache type gha: ACTIONS_RUNTIME_TOKEN is not set (outside GitHub Actions?), so buildx cannot reach the GitHub cache'
  ])
})

test('without buildx the daemon’s BuildKit builds (same tags, label, args, secret, target), then docker push', async () => {
  const s = stubbed('{ arch: amd64, secrets: [TOKEN], args: { GREETING: hi }, target: app }', NO_BUILDX)
  const report = await buildAndPush(s.ctx)
  assert.deepEqual(s.calls(), [
    '--version',
    'buildx version',
    'info --format {{.Architecture}}',
    'login -u dhh --password-stdin',
    'build --progress=plain --platform linux/amd64 -t dhh/app:123 -t dhh/app:latest --label service=app --build-arg GREETING=hi --secret id=TOKEN --file Dockerfile --target app .',
    'push dhh/app:123',
    'push dhh/app:latest',
    'image inspect --format {{.Size}} dhh/app:123',
    'logout'
  ])
  assert.deepEqual(s.warnings, [FALLBACK_WARNING])
  assert.equal(readFileSync(join(s.dir, '.bin/buildkit'), 'utf8'), '1\n')
  assert.equal(readFileSync(join(s.dir, '.bin/secret-seen'), 'utf8'), TOKEN)
  assert.equal(report.digest, DIGEST)
  assert.deepEqual(report.sizes, [{ bytes: 2345678, kind: 'unpacked' }])
  assert.equal(report.builder, 'docker build (BuildKit in the daemon, no buildx)')
})

async function buildError(s: Stubbed): Promise<BuildError> {
  try {
    await buildAndPush(s.ctx)
  } catch (e) {
    assert.ok(e instanceof BuildError, String(e))
    return e
  }
  assert.fail('the build was expected to fail')
}

test('a Docker CLI of 23 or later without buildx refuses BuildKit: said before the login, with what to install', async () => {
  const s = stubbed(
    '{ arch: amd64 }',
    NO_BUILDX.replace('Docker version 20.10.24+dfsg1, build 297e128', 'Docker version 28.2.2, build e6534b4')
  )
  const e = await buildError(s)
  assert.match(
    e.message,
    /^The docker CLI on PATH \(Docker 28\.2\.2\) has no buildx, and since Docker 23 .*install the buildx plugin \(docker\/setup-buildx-action/
  )
  assert.deepEqual(s.calls(), ['--version', 'buildx version', 'info --format {{.Architecture}}'])
  // And if a CLI says so only when it builds, that is said as plainly.
  const late = stubbed(
    '{ arch: amd64 }',
    `"build --progress=plain"*) echo 'ERROR: BuildKit is enabled but the buildx component is missing or broken.' >&2; exit 1 ;;\n${NO_BUILDX}`
  )
  assert.match(
    (await buildError(late)).message,
    /^The docker CLI on PATH refuses BuildKit builds without buildx: install the buildx plugin/
  )
  assert.ok(late.calls().includes('logout'), 'logged out after a failed build')
})

test('no Docker on the runner: a clear error and nothing else', async () => {
  const s = stubbed('{ arch: amd64 }', '', { noDocker: true })
  const e = await buildError(s)
  assert.match(e.message, /^Docker is not installed on the runner \(no `docker` command on PATH\)/)
  assert.equal(e.failed?.label, 'check Docker and buildx')
})

test('the fallback cannot build several platforms, use a cache, a remote or attestations: one error naming each', async () => {
  const s = stubbed(
    '{ arch: [amd64, arm64], cache: { type: gha }, remote: "ssh://docker@builder", provenance: mode=max }',
    NO_BUILDX
  )
  const e = await buildError(s)
  assert.equal(
    e.message,
    'docker buildx is not installed on the runner, and without it the build cannot build several platforms (builder.arch: amd64, arm64), use a gha cache (builder.cache), use a remote builder (builder.remote: ssh://docker@builder), add provenance attestations (builder.provenance): install the buildx plugin (docker/setup-buildx-action, or the docker-buildx-plugin package from Docker or docker-buildx from Debian)'
  )
  assert.ok(!s.calls().some((c) => c.startsWith('login')), 'no login')
})

test('an arch the runner cannot build: an error that names the ways out', async () => {
  const fallback = stubbed('{ arch: arm64 }', NO_BUILDX)
  assert.match(
    (await buildError(fallback)).message,
    /^builder\.arch arm64: the runner's Docker builds linux\/amd64 and has no buildx\. Build linux\/arm64 on a remote builder \(builder\.remote/
  )
  // With buildx, a local builder without QEMU lists only the runner's own platforms.
  const buildx = stubbed(
    '{ arch: [amd64, arm64] }',
    `"buildx inspect --bootstrap kamal-local-docker-container") echo 'Platforms: linux/amd64, linux/amd64/v2, linux/386' ;;\n${BUILDX}`
  )
  assert.match(
    (await buildError(buildx)).message,
    /^builder\.arch arm64: the runner's buildx builder kamal-local-docker-container builds linux\/amd64, linux\/amd64\/v2, linux\/386 only\. .*docker\/setup-qemu-action/
  )
  assert.ok(!buildx.calls().some((c) => c.startsWith('buildx build')))
  // With QEMU it builds both.
  const qemu = stubbed(
    '{ arch: [amd64, arm64] }',
    `"buildx inspect --bootstrap kamal-local-docker-container") echo 'Platforms: linux/amd64, linux/arm64*, linux/386' ;;\n${BUILDX}`
  )
  await buildAndPush(qemu.ctx)
  assert.ok(
    qemu.calls().some((c) => c.startsWith('buildx build --output=type=registry --platform linux/amd64,linux/arm64 '))
  )
})

test('a missing Dockerfile, or a context or Dockerfile outside the working directory: stopped before any command', async () => {
  const missing = stubbed('{ arch: amd64, dockerfile: docker/Dockerfile.prod }', BUILDX)
  assert.match(
    (await buildError(missing)).message,
    /^Missing docker\/Dockerfile\.prod \(builder\.dockerfile, relative to the working directory /
  )
  assert.deepEqual(missing.calls(), [])
  const outside = stubbed('{ arch: amd64, context: .. }', BUILDX)
  assert.match((await buildError(outside)).message, /^builder\.context: \.\. is outside the working directory /)
  const file = stubbed('{ arch: amd64, dockerfile: ../Dockerfile }', BUILDX)
  assert.match(
    (await buildError(file)).message,
    /^builder\.dockerfile: \.\.\/Dockerfile is outside the working directory /
  )
  assert.deepEqual([...outside.calls(), ...file.calls()], [])
  const nested = stubbed('{ arch: amd64, context: app, dockerfile: app/Dockerfile }', BUILDX, {
    files: { 'app/Dockerfile': 'FROM scratch\n' }
  })
  await buildAndPush(nested.ctx)
})

test('a failing build: its last lines, the command, and the runner named as where it failed', async () => {
  const s = stubbed(
    '{ arch: amd64 }',
    `"buildx build"*) for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do echo "#7 step line $i"; done; echo 'ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1'; exit 1 ;;\n${BUILDX}`
  )
  const e = await buildError(s)
  assert.equal(
    e.message,
    'The build of dhh/app:123 failed on the runner (nothing was done on any host): ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1'
  )
  assert.equal(e.failed?.output.split('\n').length, 15)
  assert.match(e.failed?.output ?? '', /^#7 step line 7\n/)
  const failure = describeFailure(e)
  assert.deepEqual([failure.host, failure.command], ['runner', 'build and push dhh/app:123'])
  assert.equal(s.calls().at(-1), 'logout', 'the runner logs out whatever happened')
})

test('a push the registry refuses: the registry and its answer', async () => {
  const fallback = stubbed(
    '{ arch: amd64 }',
    `"push dhh/app:123") echo 'The push refers to repository [docker.io/dhh/app]'; echo 'denied: requested access to the resource is denied'; exit 1 ;;\n${NO_BUILDX}`
  )
  assert.equal(
    (await buildError(fallback)).message,
    'The registry Docker Hub refused the push of dhh/app:123: denied: requested access to the resource is denied'
  )
  const odd = stubbed(
    '{ arch: amd64 }',
    `"push dhh/app:123") echo 'received unexpected HTTP status: 500 Internal Server Error'; exit 1 ;;\n${NO_BUILDX}`
  )
  assert.equal(
    (await buildError(odd)).message,
    'The push of dhh/app:123 to Docker Hub failed: received unexpected HTTP status: 500 Internal Server Error'
  )
  const buildx = stubbed(
    '{ arch: amd64 }',
    `"buildx build"*) echo '#9 pushing layers'; echo 'ERROR: failed to solve: failed to push dhh/app:123: unexpected status from HEAD request to https://registry-1.docker.io/v2/dhh/app/blobs/sha256:1: 401 Unauthorized'; exit 1 ;;\n${BUILDX}`
  )
  assert.match(
    (await buildError(buildx)).message,
    /^The registry Docker Hub refused the push of dhh\/app:123: ERROR: failed to solve: failed to push .*401 Unauthorized$/
  )
})

test('a refused login stops the build before the hook and the builder', async () => {
  const s = stubbed(
    '{ arch: amd64 }',
    `"login -u dhh --password-stdin") echo 'Error response from daemon: Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password' >&2; exit 1 ;;\n${BUILDX}`
  )
  let hooked = false
  s.ctx.preBuild = () => {
    hooked = true
    return Promise.resolve()
  }
  assert.match(
    (await buildError(s)).message,
    /^The registry Docker Hub refused the login of dhh on the runner: .*incorrect username or password$/
  )
  assert.equal(hooked, false)
  assert.equal(s.calls().at(-1), 'login -u dhh --password-stdin')
})

test('the pre-build hook (#12) runs after the login and before the builder; its failure stops the build', async () => {
  const s = stubbed('{ arch: amd64 }', BUILDX)
  s.ctx.preBuild = () => {
    writeFileSync(join(s.dir, '.bin/hook'), String(s.calls().length))
    return Promise.reject(new Error('Hook `pre-build` failed'))
  }
  await assert.rejects(buildAndPush(s.ctx), /Hook `pre-build` failed/)
  assert.equal(readFileSync(join(s.dir, '.bin/hook'), 'utf8'), '4', 'after the checks and the login')
  assert.deepEqual(s.calls().slice(4), ['logout'])
})

test('a cancelled build stops the build process and everything it started', async () => {
  const s = stubbed('{ arch: amd64 }', `"buildx build"*) sleep 30 & echo $! > "$STUB/sleep.pid"; wait ;;\n${BUILDX}`)
  const controller = new AbortController()
  s.ctx.runner = localRunner({
    cwd: s.dir,
    env: s.ctx.env,
    signal: controller.signal,
    output: () => ({ write: () => undefined, end: () => undefined })
  })
  const started = Date.now()
  const done = buildAndPush(s.ctx).catch((e: unknown) => e)
  const pidFile = join(s.dir, '.bin/sleep.pid')
  while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') await new Promise((r) => setTimeout(r, 20))
  controller.abort()
  assert.ok((await done) instanceof BuildError)
  assert.ok(Date.now() - started < 20_000, 'did not wait for the build')
  // The build's own child got the signal too (gone, or a zombie waiting for init to reap it).
  const pid = Number(readFileSync(pidFile, 'utf8'))
  const alive = () => existsSync(`/proc/${pid}`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 20))
  assert.equal(alive(), false, 'the build’s own child is gone too')
})

test('plan: Kamal’s buildx lines on any runner (even this one without buildx), nothing run, no secret shown', async () => {
  const s = stubbed('{ arch: amd64, secrets: [TOKEN], args: { GREETING: hi } }', NO_BUILDX)
  const runner = new RecordingRunner()
  s.ctx.runner = runner
  s.ctx.secrets = new Map([
    ['REGISTRY_PASSWORD', '<REGISTRY_PASSWORD>'],
    ['TOKEN', '<TOKEN>']
  ])
  await buildAndPush(s.ctx)
  assert.deepEqual(s.calls(), [], 'nothing ran')
  assert.deepEqual(describeRunnerSteps(runner.log), [
    '# 1. check Docker and buildx\ndocker --version && docker buildx version',
    "# 2. the runner's Docker architecture\ndocker info --format '{{.Architecture}}'",
    '# 3. log in to Docker Hub (stdin: registry password)\ndocker login -u "dhh" --password-stdin',
    '# 4. inspect the builder kamal-local-docker-container\ndocker buildx inspect kamal-local-docker-container',
    '# 5. remove the builder kamal-local-docker-container (when the inspect found none)\ndocker buildx rm kamal-local-docker-container',
    '# 6. create the builder kamal-local-docker-container (when the inspect found none)\ndocker buildx create --name kamal-local-docker-container --driver=docker-container',
    '# 7. build and push dhh/app:123 (env: BUILDKIT_PROGRESS=plain; secrets in env: TOKEN)\ndocker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container -t dhh/app:123 -t dhh/app:latest --label service="app" --build-arg GREETING="hi" --secret id="TOKEN" --file Dockerfile . 2>&1',
    '# 8. log out of Docker Hub\ndocker logout'
  ])
  assert.ok(
    !JSON.stringify(runner.log).includes('<TOKEN>') && !JSON.stringify(runner.log).includes('<REGISTRY_PASSWORD>')
  )
})
