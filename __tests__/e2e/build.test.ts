// End to end: the image is built on the runner (this machine) and deployed. There is no buildx
// here, so the build goes through the fallback — Debian's docker CLI (20.10, first on PATH) driving
// the daemon's BuildKit — and is pushed to the fleet's password-protected registry under the name
// the hosts pull (<registry.server>/e2e/<prefix>build), then deployed from there. The image uses a
// build arg, a build secret, a target stage (the stage after it fails on purpose) and gets Kamal's
// service label. Every failure is checked to stop before any host is touched and any lock taken.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  fleetDown,
  fleetInputs,
  fleetUp,
  hostName,
  ip,
  makeRepo,
  onHost,
  runAction,
  startStep,
  tryOnHost,
  type ActionRun,
  type Fleet
} from './harness.js'

const BUILD_TOKEN = 'build-t0ken-4f9a2c'
const GREETING = 'hello from the build'
const SERVICE = 'built'

const DOCKERFILE = `FROM deckhand-busybox AS base
ARG GREETING
RUN --mount=type=secret,id=BUILD_TOKEN sha256sum /run/secrets/BUILD_TOKEN | cut -c1-64 > /token.sha256
RUN mkdir -p /www && printf '%s' "$GREETING" > /www/index.html && printf ok > /www/up
HEALTHCHECK --interval=1s --timeout=2s --retries=3 CMD wget -qO- http://127.0.0.1/up || exit 1
CMD ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 80 -h /www & wait"]

FROM base AS app
LABEL stage=app

# Built only if the target were ignored: it fails.
FROM app AS never
RUN echo "the never stage was built" && false
`

describe('build on the runner (BuildKit in the daemon) and deploy', { timeout: 10 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  let image: string
  /** PATH with Debian's docker CLI (no buildx, BuildKit through the daemon) first. */
  let debianPath: string
  /** The runner's Docker config: its own, so the test neither sees nor changes anyone else's. */
  let dockerConfig: string
  const scratch = mkdtempSync(join(tmpdir(), 'deckhand-build-e2e-'))

  const config = (builder = '', extra = '') => `service: ${SERVICE}
image: e2e/${hostName('build')}
registry:
  server: ${fleet.registry.server}
  username: ${fleet.registry.username}
  password: [REGISTRY_PASSWORD]
builder:
  arch: amd64
  args:
    GREETING: ${GREETING}
  secrets:
    - BUILD_TOKEN
  target: app
${builder}servers:
  web:
    hosts:
      - ${ip(fleet, 'b1')}
    proxy: false
deploy_timeout: 20
readiness_delay: 0
${extra}`

  const run = (inputs: Record<string, string>, env: Record<string, string> = {}, r = repo) =>
    runAction({
      repo: r,
      inputs: fleetInputs(fleet, inputs),
      env: {
        PATH: debianPath,
        DOCKER_CONFIG: dockerConfig,
        FLEET_REGISTRY_PASSWORD: fleet.registry.password,
        BUILD_TOKEN,
        ...env
      }
    })

  /** SSH logins the host has accepted so far: a run that touches no host adds none. */
  const logins = () => Number(onHost('b1', 'grep -c "Accepted publickey" /var/log/sshd.log || true'))
  const lockPresent = () => tryOnHost('b1', `test -d .kamal/lock-${SERVICE}`).code === 0
  /** The log as the runner shows it: the `::add-mask::` commands that register secrets are consumed. */
  const shown = (stdout: string) =>
    stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
  const noSecret = (text: string, where: string) =>
    assert.ok(!text.includes(BUILD_TOKEN), `the build secret is in ${where}`)

  /** A run that must fail before any host is touched: its message, no lock, no SSH login. */
  async function failsBeforeHosts(
    inputs: Record<string, string>,
    env: Record<string, string>,
    r: string
  ): Promise<ActionRun> {
    const before = logins()
    const { main, post } = await run(inputs, env, r)
    assert.equal(main.code, 1, main.stdout)
    assert.equal(post.code, 0, post.stdout)
    assert.equal(logins(), before, 'no host was connected to')
    assert.equal(lockPresent(), false)
    assert.doesNotMatch(main.summary, /<b>Lock<\/b>/)
    return main
  }

  before(() => {
    fleet = fleetUp(['b1'])
    image = `${fleet.registry.server}/e2e/${hostName('build')}`
    const bin = join(scratch, 'bin')
    execFileSync('mkdir', ['-p', bin])
    symlinkSync('/usr/bin/docker', join(bin, 'docker'))
    debianPath = `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`
    dockerConfig = join(scratch, 'docker-config')
    repo = makeRepo({
      'config/deploy.yml': config(),
      Dockerfile: DOCKERFILE,
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\nBUILD_TOKEN=$BUILD_TOKEN\n'
    })
  })
  after(() => {
    for (const tag of ['v1', 'v2', 'latest'])
      try {
        execFileSync('docker', ['rmi', `${image}:${tag}`], { stdio: 'ignore' })
      } catch {
        // not built
      }
    rmSync(scratch, { recursive: true, force: true })
    if (!process.env['DECKHAND_KEEP_FLEET']) fleetDown(['b1'])
  })

  test('plan with build: Kamal’s buildx lines, though this runner has no buildx; nothing is run', async () => {
    const before = logins()
    const { main } = await run({ command: 'plan', build: 'true', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
    assert.match(main.stdout, /::group::Plan of the build on the runner: 8 commands/)
    assert.ok(
      main.stdout.includes(
        `docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container -t ${image}:v1 -t ${image}:latest --label service="${SERVICE}" --build-arg GREETING="${GREETING}" --secret id="BUILD_TOKEN" --file Dockerfile --target app . 2>&1`
      ),
      main.stdout
    )
    assert.match(main.summary, /<summary>the runner \(build, with buildx\): 8 commands<\/summary>/)
    assert.equal(logins(), before)
  })

  test('deploy with build: true builds through the fallback, pushes, and deploys the built image', async () => {
    const before = logins()
    const { main, post } = await run({ command: 'deploy', build: 'true', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(post.code, 0, post.stdout)
    assert.ok(logins() > before)
    // The fallback, said once; BuildKit's plain progress in the build's log group.
    assert.match(
      main.stdout,
      /::warning::docker buildx is not installed on the runner: building with the Docker daemon's BuildKit/
    )
    assert.match(main.stdout, /::group::Build and push .*:v1 on the runner/)
    assert.match(main.stdout, /\$ DOCKER_BUILDKIT=1 docker build --progress=plain --platform linux\/amd64 /)
    assert.match(main.stdout, /#\d+ \[base \d\/\d\] RUN --mount=type=secret,id=BUILD_TOKEN/)
    assert.doesNotMatch(main.stdout, /the never stage was built/)
    // Outputs and summary.
    assert.equal(main.outputs['image'], `${image}:v1`)
    assert.match(main.outputs['digest'] ?? '', /^sha256:[0-9a-f]{64}$/)
    assert.match(
      main.summary,
      /<b>Built<\/b> <code>[^<]+:v1<\/code> · <b>Digest<\/b> <code>sha256:[0-9a-f]{64}<\/code> · <b>Size<\/b> [\d.]+ MB \(unpacked\)/
    )
    assert.match(main.summary, /<b>Build time<\/b> \d+\.\d s/)
    // The host runs the built image: the arg, the secret's hash (not the secret), the target, the label.
    const container = `${SERVICE}-web-v1`
    assert.equal(onHost('b1', `docker exec ${container} cat /www/index.html`), GREETING)
    assert.equal(
      onHost('b1', `docker exec ${container} cat /token.sha256`),
      createHash('sha256').update(BUILD_TOKEN).digest('hex')
    )
    assert.equal(onHost('b1', `docker inspect -f '{{.Config.Labels.service}}' ${image}:v1`), SERVICE)
    assert.equal(onHost('b1', `docker inspect -f '{{index .Config.Labels "stage"}}' ${image}:v1`), 'app')
    // Our probe may call it ready before Docker's first health check: Docker agrees within its interval.
    assert.equal(
      onHost(
        'b1',
        `for i in $(seq 1 120); do s=$(docker inspect -f '{{.State.Health.Status}}' ${container}); [ "$s" = healthy ] && break; sleep 0.5; done; echo "$s"`
      ),
      'healthy'
    )
    assert.equal(
      onHost('b1', `docker image inspect -f '{{index .RepoDigests 0}}' ${image}:v1`),
      `${image}@${main.outputs['digest']}`
    )
    // The latest tag was pushed too.
    assert.equal(
      onHost('b1', `docker pull -q ${image}:latest > /dev/null && docker image inspect -f '{{.Id}}' ${image}:latest`),
      onHost('b1', `docker image inspect -f '{{.Id}}' ${image}:v1`)
    )
    // The build secret is nowhere: not in the log, the summary, the image's history or config.
    assert.ok(main.stdout.includes(`::add-mask::${BUILD_TOKEN}`), 'registered with the runner for masking')
    noSecret(shown(main.stdout), 'the log')
    noSecret(main.summary, 'the summary')
    noSecret(onHost('b1', `docker history --no-trunc ${image}:v1`), 'the image history')
    noSecret(onHost('b1', `docker image inspect ${image}:v1`), 'docker inspect of the image')
    noSecret(
      execFileSync('docker', ['history', '--no-trunc', `${image}:v1`], { encoding: 'utf8' }),
      'the runner’s history'
    )
    noSecret(execFileSync('docker', ['image', 'inspect', `${image}:v1`], { encoding: 'utf8' }), 'the runner’s inspect')
    // The runner logged out again: no registry credential is left in its Docker config.
    const auths = (JSON.parse(readFileSync(join(dockerConfig, 'config.json'), 'utf8')) as { auths?: object }).auths
    assert.deepEqual(auths ?? {}, {})
  })

  test('a main step killed between the build’s login and logout: the post step logs the runner out', async () => {
    execFileSync(
      '/usr/bin/docker',
      ['login', fleet.registry.server, '-u', fleet.registry.username, '--password-stdin'],
      {
        input: fleet.registry.password,
        env: { ...process.env, DOCKER_CONFIG: dockerConfig },
        stdio: ['pipe', 'ignore', 'ignore']
      }
    )
    const auths = () =>
      Object.keys(
        (JSON.parse(readFileSync(join(dockerConfig, 'config.json'), 'utf8')) as { auths?: object }).auths ?? {}
      )
    assert.deepEqual(auths(), [fleet.registry.server])
    const post = await startStep({
      repo,
      inputs: fleetInputs(fleet, { command: 'deploy', build: 'true', version: 'v1' }),
      env: { PATH: debianPath, DOCKER_CONFIG: dockerConfig },
      state: { isPost: 'true', 'runner-login': JSON.stringify({ server: fleet.registry.server }) }
    }).done
    assert.equal(post.code, 0, post.stdout)
    assert.ok(
      post.stdout.includes(`Logged the runner out of ${fleet.registry.server} (the main step ended before it could)`),
      post.stdout
    )
    assert.deepEqual(auths(), [])
  })

  test('command build only builds and pushes (no host); a deploy without build then runs that image', async () => {
    writeFileSync(join(repo, 'Dockerfile'), DOCKERFILE.replace('LABEL stage=app', 'LABEL stage=app2'))
    const before = logins()
    const built = await run({ command: 'build', version: 'v2' })
    assert.equal(built.main.code, 0, built.main.stdout)
    assert.equal(logins(), before, 'a build connects to no host')
    assert.equal(built.main.outputs['image'], `${image}:v2`)
    assert.match(built.main.summary, /<h2>✅ Build of built v2<\/h2>/)
    const { main } = await run({ command: 'deploy', version: 'v2' })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(main.outputs['image'], '')
    assert.equal(onHost('b1', `docker inspect -f '{{index .Config.Labels "stage"}}' ${SERVICE}-web-v2`), 'app2')
  })

  test('a failing build: its last lines, the step failed, no host touched, no lock taken', async () => {
    const failing = makeRepo({
      'config/deploy.yml': config(),
      Dockerfile: DOCKERFILE.replace('LABEL stage=app', 'RUN echo "boom: the build broke here" && false'),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\nBUILD_TOKEN=$BUILD_TOKEN\n'
    })
    const main = await failsBeforeHosts({ command: 'deploy', build: 'true', version: 'v3' }, {}, failing)
    assert.match(main.stdout, /::error::The build of .*:v3 failed on the runner \(nothing was done on any host\)/)
    assert.match(
      main.summary,
      /<b>Failed on runner running <code>build [^<]+:v3 \(BuildKit in the daemon\)<\/code><\/b>/
    )
    assert.match(main.summary, /<pre>[^<]*boom: the build broke here/)
    assert.equal(onHost('b1', `docker ps --format '{{.Names}}' --filter label=service=${SERVICE}`), `${SERVICE}-web-v2`)
  })

  test('before any host: a missing Dockerfile, a CLI that refuses BuildKit, a refused login, an arch the runner lacks', async () => {
    const missing = makeRepo({
      'config/deploy.yml': config('  dockerfile: docker/Dockerfile.prod\n'),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\nBUILD_TOKEN=$BUILD_TOKEN\n'
    })
    let main = await failsBeforeHosts({ command: 'deploy', build: 'true', version: 'v4' }, {}, missing)
    assert.match(
      main.stdout,
      /::error::Missing docker\/Dockerfile\.prod \(builder\.dockerfile, relative to the working directory /
    )

    // This machine's newer CLI (28.x, no buildx plugin) comes first on the usual PATH.
    main = await failsBeforeHosts(
      { command: 'deploy', build: 'true', version: 'v4' },
      { PATH: `/usr/local/bin:${process.env['PATH'] ?? ''}` },
      repo
    )
    assert.match(
      main.stdout,
      /::error::The docker CLI on PATH \(Docker 2\d[.\d]*\) has no buildx, and since Docker 23 .*install the buildx plugin/
    )

    main = await failsBeforeHosts(
      { command: 'deploy', build: 'true', version: 'v4' },
      { FLEET_REGISTRY_PASSWORD: 'wr0ng-pass-77' },
      repo
    )
    assert.match(
      main.stdout,
      new RegExp(
        `::error::The registry ${fleet.registry.server.replace(/\./g, '\\.')} refused the login of deckhand on the runner: `
      )
    )
    assert.ok(!shown(main.stdout).includes('wr0ng-pass-77'), 'the password is not echoed')

    const arm = makeRepo({
      'config/deploy.yml': config().replace('arch: amd64', 'arch: arm64'),
      Dockerfile: DOCKERFILE,
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\nBUILD_TOKEN=$BUILD_TOKEN\n'
    })
    main = await failsBeforeHosts({ command: 'deploy', build: 'true', version: 'v4' }, {}, arm)
    assert.match(
      main.stdout,
      /::error::builder\.arch arm64: the runner's Docker builds linux\/amd64 and has no buildx\. Build linux\/arm64 on a remote builder/
    )
  })
})
