// The build's runner commands against Kamal's own expectations, character for character
// (basecamp/kamal test/commands/builder_test.rb and test/configuration/builder_test.rb, v2.12), for
// each builder variant: local, multi-arch, remote, hybrid, cloud, pack, gha/registry cache,
// secrets, ssh, provenance, sbom. Where the action differs on purpose (the password on stdin, pack's
// secrets from the environment), the test says so.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  buildTarget,
  buildxPush,
  builderName,
  cacheOptions,
  createBuilder,
  dockerArchName,
  ensureDockerInstalled,
  fallbackBuild,
  fallbackPush,
  inspectBuilder,
  packPush,
  removeBuilder,
  runnerLogin,
  runnerLogout
} from '../../src/commands/build.js'
import { parseConfigText } from '../../src/config/load.js'
import type { DeployConfig } from '../../src/config/types.js'

/** Kamal's test config (`@config` of builder_test.rb) with `builder` replaced, version 123. */
function kamal(builder: string, extra = ''): DeployConfig {
  return parseConfigText(
    `service: app
image: dhh/app
registry: { username: dhh, password: secret }
servers: [1.1.1.1]
builder: ${builder}
${extra}`,
    'config/deploy.yml',
    undefined,
    {}
  )
}

/** The buildx line for a runner whose Docker is amd64 (Kamal's tests run on one). */
function push(config: DeployConfig): string {
  return buildxPush(config, '123', buildTarget(config.builder!, 'amd64')).command
}

const LOCAL =
  'docker buildx build --output=type=registry --platform linux/amd64 --builder kamal-local-docker-container -t dhh/app:123 -t dhh/app:latest'

test('local builder: Kamal’s line, with and without the gha cache, one arch as a string or a list', () => {
  assert.equal(
    push(kamal('{ arch: amd64, cache: { type: gha } }')),
    `${LOCAL} --cache-to type=gha --cache-from type=gha --label service="app" --file Dockerfile . 2>&1`
  )
  assert.equal(push(kamal('{ arch: [amd64] }')), `${LOCAL} --label service="app" --file Dockerfile . 2>&1`)
  const t = buildTarget(kamal('{ arch: amd64 }').builder!, 'amd64')
  assert.equal(t.kind, 'local')
  // The buildx line runs with BuildKit's plain progress in the log; a local builder needs no token env.
  assert.deepEqual(buildxPush(kamal('{ arch: amd64 }'), '123', t).env, { BUILDKIT_PROGRESS: 'plain' })
})

test('multi-arch: several platforms on the local builder (QEMU), or hybrid / remote with a remote builder', () => {
  assert.equal(
    push(kamal('{ arch: [amd64, arm64] }')),
    'docker buildx build --output=type=registry --platform linux/amd64,linux/arm64 --builder kamal-local-docker-container -t dhh/app:123 -t dhh/app:latest --label service="app" --file Dockerfile . 2>&1'
  )
  const hybrid = kamal('{ arch: [amd64, arm64], remote: "ssh://app@127.0.0.1", cache: { type: gha } }')
  const ht = buildTarget(hybrid.builder!, 'amd64')
  assert.deepEqual([ht.kind, ht.localArches, ht.remoteArches], ['hybrid', ['amd64'], ['arm64']])
  assert.equal(
    push(hybrid),
    'docker buildx build --output=type=registry --platform linux/amd64,linux/arm64 --builder kamal-hybrid-docker-container-ssh---app-127-0-0-1 -t dhh/app:123 -t dhh/app:latest --cache-to type=gha --cache-from type=gha --label service="app" --file Dockerfile . 2>&1'
  )
  // A remote builder fetches the registry token itself (Kamal's push_env).
  assert.deepEqual(buildxPush(hybrid, '123', ht).env, { BUILDKIT_PROGRESS: 'plain', BUILDKIT_NO_CLIENT_TOKEN: '1' })

  const remoteOnly = kamal(
    '{ arch: [amd64, arm64], remote: "ssh://app@127.0.0.1", cache: { type: gha }, local: false }'
  )
  assert.equal(buildTarget(remoteOnly.builder!, 'amd64').kind, 'remote')
  assert.equal(
    push(remoteOnly),
    'docker buildx build --output=type=registry --platform linux/amd64,linux/arm64 --builder kamal-remote-ssh---app-127-0-0-1 -t dhh/app:123 -t dhh/app:latest --cache-to type=gha --cache-from type=gha --label service="app" --file Dockerfile . 2>&1'
  )
})

test('remote set: the arch the runner lacks goes remote; the runner’s own arch stays local', () => {
  const foreign = kamal('{ arch: [arm64], remote: "ssh://app@host", cache: { type: gha } }')
  assert.equal(buildTarget(foreign.builder!, 'amd64').kind, 'remote')
  assert.equal(
    push(foreign),
    'docker buildx build --output=type=registry --platform linux/arm64 --builder kamal-remote-ssh---app-host -t dhh/app:123 -t dhh/app:latest --cache-to type=gha --cache-from type=gha --label service="app" --file Dockerfile . 2>&1'
  )
  const own = kamal('{ arch: [amd64], remote: "ssh://app@host", cache: { type: gha } }')
  assert.equal(buildTarget(own.builder!, 'amd64').kind, 'local')
  assert.equal(
    push(own),
    `${LOCAL} --cache-to type=gha --cache-from type=gha --label service="app" --file Dockerfile . 2>&1`
  )
  // On an arm64 runner the same config is the other way round.
  assert.equal(buildTarget(own.builder!, 'arm64').kind, 'remote')
  assert.equal(dockerArchName('x86_64\n'), 'amd64')
  assert.equal(dockerArchName('aarch64'), 'arm64')
})

test('cloud builder: Docker Build Cloud’s builder name', () => {
  const cloud = kamal('{ arch: [amd64], driver: "cloud docker-org-name/builder-name" }')
  const t = buildTarget(cloud.builder!, 'amd64')
  assert.equal(t.kind, 'cloud')
  assert.equal(
    push(cloud),
    'docker buildx build --output=type=registry --platform linux/amd64 --builder cloud-docker-org-name-builder-name -t dhh/app:123 -t dhh/app:latest --label service="app" --file Dockerfile . 2>&1'
  )
  assert.equal(createBuilder(t)?.command, 'docker buildx create --driver cloud docker-org-name/builder-name')
  assert.equal(inspectBuilder(t)?.command, 'docker buildx inspect cloud-docker-org-name-builder-name')
  assert.equal(removeBuilder(t)?.command, 'docker buildx rm cloud-docker-org-name-builder-name')
})

test('the docker driver: no --builder, no builder to create', () => {
  const config = kamal('{ arch: amd64, driver: docker }')
  const t = buildTarget(config.builder!, 'amd64')
  assert.equal(builderName(t), undefined)
  assert.equal(inspectBuilder(t), undefined)
  assert.equal(createBuilder(t), undefined)
  assert.equal(
    push(config),
    'docker buildx build --output=type=registry --platform linux/amd64 -t dhh/app:123 -t dhh/app:latest --label service="app" --file Dockerfile . 2>&1'
  )
})

test('build options: args, secrets, dockerfile, target, context, ssh, provenance, sbom — Kamal’s order and quoting', () => {
  const opts = (builder: string) => {
    const line = push(kamal(builder))
    return line.slice(line.indexOf('--label'), line.lastIndexOf(' ', line.length - ' 2>&1'.length - 1))
  }
  assert.equal(
    opts('{ arch: amd64, args: { a: 1, b: 2 } }'),
    '--label service="app" --build-arg a="1" --build-arg b="2" --file Dockerfile'
  )
  assert.equal(
    opts('{ arch: amd64, secrets: [token_a, token_b] }'),
    '--label service="app" --secret id="token_a" --secret id="token_b" --file Dockerfile'
  )
  assert.equal(opts('{ arch: amd64, dockerfile: Dockerfile.xyz }'), '--label service="app" --file Dockerfile.xyz')
  assert.equal(opts('{ arch: amd64, target: prod }'), '--label service="app" --file Dockerfile --target prod')
  assert.equal(
    opts('{ arch: amd64, ssh: default=$SSH_AUTH_SOCK }'),
    '--label service="app" --file Dockerfile --ssh default=$SSH_AUTH_SOCK'
  )
  assert.equal(
    push(kamal('{ arch: amd64, context: ./foo }')),
    `${LOCAL} --label service="app" --file Dockerfile ./foo 2>&1`
  )
  assert.equal(
    push(kamal('{ arch: amd64, provenance: mode=max }')),
    `${LOCAL} --label service="app" --file Dockerfile --provenance mode=max . 2>&1`
  )
  assert.equal(
    push(kamal('{ arch: amd64, provenance: false }')),
    `${LOCAL} --label service="app" --file Dockerfile --provenance false . 2>&1`
  )
  assert.equal(
    push(kamal('{ arch: amd64, sbom: true }')),
    `${LOCAL} --label service="app" --file Dockerfile --sbom true . 2>&1`
  )
  assert.equal(
    push(kamal('{ arch: amd64, sbom: false }')),
    `${LOCAL} --label service="app" --file Dockerfile --sbom false . 2>&1`
  )
  assert.equal(
    push(kamal('{ arch: amd64, args: { a: 1, b: 2 } }')),
    `${LOCAL} --label service="app" --build-arg a="1" --build-arg b="2" --file Dockerfile . 2>&1`
  )
  assert.equal(
    push(kamal('{ arch: amd64, secrets: [a, b] }')),
    `${LOCAL} --label service="app" --secret id="a" --secret id="b" --file Dockerfile . 2>&1`
  )
  // Kamal's argumentize: false is `KEY=false`, an empty value a bare KEY (taken from the environment);
  // a value with shell characters is escaped as Kamal escapes it.
  assert.equal(
    opts(`{ arch: amd64, args: { F: false, E: "", Q: 'a "b" $c \${D}' } }`),
    '--label service="app" --build-arg F=false --build-arg E --build-arg Q="a \\"b\\" \\$c ${D}" --file Dockerfile'
  )
  // Anything that is not a plain word or a $VAR reference is quoted (never run by the shell).
  assert.equal(
    opts('{ arch: amd64, ssh: "default=$(touch /tmp/x)", target: "a b" }'),
    `--label service="app" --file Dockerfile --target 'a b' --ssh 'default=$(touch /tmp/x)'`
  )
  // The secrets reach the build by name only: their values go into its environment.
  assert.deepEqual(
    buildxPush(
      kamal('{ arch: amd64, secrets: [a, b] }'),
      '123',
      buildTarget(kamal('{ arch: amd64, secrets: [a, b] }').builder!, 'amd64')
    ).secrets,
    ['a', 'b']
  )
})

test('caches: gha and registry options as Kamal sets --cache-to / --cache-from', () => {
  assert.equal(cacheOptions(kamal('{ arch: amd64 }')), undefined)
  assert.deepEqual(cacheOptions(kamal('{ arch: amd64, cache: { type: gha, options: "mode=max,scope=test" } }')), {
    to: 'type=gha,mode=max,scope=test',
    from: 'type=gha,scope=test'
  })
  assert.deepEqual(
    cacheOptions(
      kamal('{ arch: amd64, cache: { type: registry, options: "mode=max,image-manifest=true,oci-mediatypes=true" } }')
    ),
    {
      to: 'type=registry,ref=dhh/app-build-cache,mode=max,image-manifest=true,oci-mediatypes=true',
      from: 'type=registry,ref=dhh/app-build-cache'
    }
  )
  const server = parseConfigText(
    `service: app
image: dhh/app
registry: { server: registry.example.com, username: dhh, password: secret }
servers: [1.1.1.1]
builder: { arch: amd64, cache: { type: registry, options: "mode=max,image-manifest=true,oci-mediatypes=true" } }
`,
    'config/deploy.yml',
    undefined,
    {}
  )
  assert.deepEqual(cacheOptions(server), {
    to: 'type=registry,ref=registry.example.com/dhh/app-build-cache,mode=max,image-manifest=true,oci-mediatypes=true',
    from: 'type=registry,ref=registry.example.com/dhh/app-build-cache'
  })
  assert.deepEqual(cacheOptions(kamal('{ arch: amd64, cache: { type: registry, image: kamal, options: mode=max } }')), {
    to: 'type=registry,ref=kamal,mode=max',
    from: 'type=registry,ref=kamal'
  })
  assert.equal(
    push(kamal('{ arch: amd64, cache: { type: registry, options: mode=max } }')),
    `${LOCAL} --cache-to type=registry,ref=dhh/app-build-cache,mode=max --cache-from type=registry,ref=dhh/app-build-cache --label service="app" --file Dockerfile . 2>&1`
  )
})

test('the latest tag follows the destination', () => {
  const config = parseConfigText(
    `service: app
image: dhh/app
registry: { username: dhh, password: secret }
servers: [1.1.1.1]
builder: { arch: amd64 }
`,
    'config/deploy.yml',
    'staging',
    {}
  )
  assert.match(push(config), / -t dhh\/app:123 -t dhh\/app:latest-staging /)
})

test('creating, inspecting and removing builders: local, remote and hybrid as Kamal does', () => {
  const local = buildTarget(kamal('{ arch: amd64 }').builder!, 'amd64')
  assert.equal(inspectBuilder(local)?.command, 'docker buildx inspect kamal-local-docker-container')
  assert.equal(
    createBuilder(local)?.command,
    'docker buildx create --name kamal-local-docker-container --driver=docker-container'
  )
  assert.equal(removeBuilder(local)?.command, 'docker buildx rm kamal-local-docker-container')

  // Kamal's expectations for these two have a local registry (`-local-registry`, `--driver-opt
  // network=host`); the action builds for registries the hosts reach, so without them.
  const remote = buildTarget(kamal('{ arch: arm64, remote: "ssh://app@1.1.1.5" }').builder!, 'amd64')
  assert.equal(remote.kind, 'remote')
  assert.equal(
    createBuilder(remote)?.command,
    "docker context create kamal-remote-ssh---app-1-1-1-5-context --description 'kamal-remote-ssh---app-1-1-1-5 host' --docker 'host=ssh://app@1.1.1.5' ; docker buildx create --name kamal-remote-ssh---app-1-1-1-5 kamal-remote-ssh---app-1-1-1-5-context"
  )
  assert.equal(
    inspectBuilder(remote)?.command,
    "docker buildx inspect kamal-remote-ssh---app-1-1-1-5 | grep -q Endpoint:.*kamal-remote-ssh---app-1-1-1-5-context && docker context inspect kamal-remote-ssh---app-1-1-1-5-context --format '{{.Endpoints.docker.Host}}' | grep -xq ssh://app@1.1.1.5 || (echo no compatible builder && exit 1)"
  )
  assert.equal(
    removeBuilder(remote)?.command,
    'docker context rm kamal-remote-ssh---app-1-1-1-5-context ; docker buildx rm kamal-remote-ssh---app-1-1-1-5'
  )
  const hybrid = buildTarget(kamal('{ arch: [amd64, arm64], remote: "ssh://app@1.1.1.5" }').builder!, 'amd64')
  assert.equal(
    createBuilder(hybrid)?.command,
    "docker buildx create --platform linux/amd64 --name kamal-hybrid-docker-container-ssh---app-1-1-1-5 --driver=docker-container && docker context create kamal-hybrid-docker-container-ssh---app-1-1-1-5-context --description 'kamal-hybrid-docker-container-ssh---app-1-1-1-5 host' --docker 'host=ssh://app@1.1.1.5' && docker buildx create --platform linux/arm64 --append --name kamal-hybrid-docker-container-ssh---app-1-1-1-5 kamal-hybrid-docker-container-ssh---app-1-1-1-5-context"
  )
})

test('pack: Kamal’s pack build and pushes; secrets come from the environment, never on the line', () => {
  const packed = (builder: string) => {
    const config = kamal(builder)
    return packPush(config, '123', buildTarget(config.builder!, 'amd64'))
  }
  const PACK =
    'pack build dhh/app --platform linux/amd64 --creation-time now --builder heroku/builder:24 --buildpack heroku/ruby --buildpack heroku/procfile --buildpack paketo-buildpacks/image-labels -t dhh/app:123 -t dhh/app:latest --env BP_IMAGE_LABELS=service=app'
  const TAIL = '--path . && docker push dhh/app:123 && docker push dhh/app:latest'
  const pack = '{ builder: heroku/builder:24, buildpacks: [heroku/ruby, heroku/procfile] }'
  assert.equal(buildTarget(kamal(`{ arch: amd64, pack: ${pack} }`).builder!, 'amd64').kind, 'pack')
  assert.equal(packed(`{ arch: amd64, pack: ${pack} }`).command, `${PACK} ${TAIL}`)
  assert.equal(
    packed(`{ arch: amd64, args: { a: 1, b: 2 }, pack: ${pack} }`).command,
    `${PACK} --env a="1" --env b="2" ${TAIL}`
  )
  // Kamal: `--env token_a="foo" --env token_b="bar"`. Here pack takes each value from its environment.
  const secret = packed(`{ arch: amd64, secrets: [token_a, token_b], pack: ${pack} }`)
  assert.equal(secret.command, `${PACK} --env token_a --env token_b ${TAIL}`)
  assert.deepEqual(secret.secrets, ['token_a', 'token_b'])
})

test('on the runner: Kamal’s Docker check, the login with the password on stdin, the logout', () => {
  assert.equal(ensureDockerInstalled.command, 'docker --version && docker buildx version')
  // Kamal: docker login -u "dhh" -p "secret". The password never is on the line.
  const login = runnerLogin(undefined, 'dhh')
  assert.equal(login.command, 'docker login -u "dhh" --password-stdin')
  assert.equal(login.stdin, 'password')
  assert.equal(
    runnerLogin('registry.example:5000', 'me "x"').command,
    'docker login registry.example:5000 -u "me \\"x\\"" --password-stdin'
  )
  assert.equal(runnerLogout('registry.example:5000').command, 'docker logout registry.example:5000')
})

test('the fallback without buildx: the same tags, label, args, secrets, file, target and ssh through docker build', () => {
  const config = kamal(
    '{ arch: amd64, args: { GREETING: hi }, secrets: [TOKEN], target: app, dockerfile: docker/Dockerfile, ssh: default }'
  )
  assert.equal(
    fallbackBuild(config, '123', 'amd64').command,
    'DOCKER_BUILDKIT=1 docker build --progress=plain --platform linux/amd64 -t dhh/app:123 -t dhh/app:latest --label service="app" --build-arg GREETING="hi" --secret id="TOKEN" --file docker/Dockerfile --target app --ssh default . 2>&1'
  )
  assert.deepEqual(fallbackBuild(config, '123', 'amd64').secrets, ['TOKEN'])
  assert.deepEqual(
    fallbackPush(config, '123').map((c) => c.command),
    ['docker push dhh/app:123 2>&1', 'docker push dhh/app:latest 2>&1']
  )
})
