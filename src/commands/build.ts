// The commands that build and push the app image on the runner, as `kamal build push` runs them
// locally (lib/kamal/commands/builder.rb, builder/{base,local,remote,hybrid,cloud,pack}.rb,
// lib/kamal/commands/registry.rb), and the fallback without buildx (BuildKit in the daemon through
// `DOCKER_BUILDKIT=1 docker build`, then `docker push`). They run through /bin/sh in the working
// directory, as Kamal's run through SSHKit's local backend; secrets reach them only through their
// environment (build secrets) or stdin (the registry password), never on a line.
import type { BuilderConfig, DeployConfig } from '../config/types.js'
import { imageRef, latestTag } from './naming.js'
import { kamalValue, quote, word } from './shell.js'

/** A command for the runner: its shell line and what its environment and stdin must carry. */
export interface RunnerCommand {
  readonly command: string
  /** Plain variables it needs in its environment (a plan shows them). */
  readonly env: Readonly<Record<string, string>>
  /** Secrets exported into its environment by name (their values are never shown). */
  readonly secrets: readonly string[]
  /** `password`: its stdin carries the registry password. */
  readonly stdin?: 'password'
  /** What it answers on a fresh runner with buildx, e.g. GitHub's ubuntu-latest (a plan's answer). */
  readonly assumed: { code: number; output: string }
}

const command = (line: string, more: Partial<RunnerCommand> = {}): RunnerCommand => ({
  command: line,
  env: {},
  secrets: [],
  assumed: { code: 0, output: '' },
  ...more
})

/** BuildKit's plain progress (one line per step and state), instead of a TTY's redrawn screen. */
const PLAIN_PROGRESS = { BUILDKIT_PROGRESS: 'plain' }

/**
 * A shell word that keeps `$VAR`/`${VAR}` for the shell to expand (Kamal passes `builder.ssh` raw, and
 * `default=$SSH_AUTH_SOCK` relies on it); anything else unusual is single-quoted.
 */
function wordWithVars(value: string): string {
  return /^(?:[A-Za-z0-9_@%+=:,./-]|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})+$/.test(value)
    ? value
    : quote(value)
}

/** Kamal's `docker_arch`: the daemon's architecture as Docker names platforms. */
export function dockerArchName(architecture: string): string {
  if (/aarch64/.test(architecture)) return 'arm64'
  if (/x86_64/.test(architecture)) return 'amd64'
  return architecture.trim()
}

// ---- checks on the runner ----------------------------------------------------------------------

/** Kamal's `ensure_docker_installed` (commands/base.rb): the CLI, then the buildx plugin. */
export const ensureDockerInstalled = command('docker --version && docker buildx version', {
  assumed: { code: 0, output: 'Docker version 28.0.4, build b8034c0\ngithub.com/docker/buildx v0.23.0 28c90ea\n' }
})

/** Kamal's `Kamal::Utils.docker_arch` (the daemon's architecture; it also proves the daemon answers). */
export function dockerArch(assumedArchitecture: string): RunnerCommand {
  return command(`docker info --format '{{.Architecture}}'`, {
    assumed: { code: 0, output: `${assumedArchitecture}\n` }
  })
}

/** Kamal's registry `login`, with the password on stdin instead of `-p`. */
export function runnerLogin(server: string | undefined, username: string): RunnerCommand {
  return command(`docker login${server ? ` ${word(server)}` : ''} -u ${kamalValue(username)} --password-stdin`, {
    stdin: 'password'
  })
}

/** Kamal's registry `logout`: the runner keeps no registry credential after the build. */
export function runnerLogout(server: string | undefined): RunnerCommand {
  return command(`docker logout${server ? ` ${word(server)}` : ''}`)
}

// ---- which builder -----------------------------------------------------------------------------

export type BuilderKind = 'local' | 'remote' | 'hybrid' | 'pack' | 'cloud'

/** The builder Kamal picks (builder.rb `target`) for a runner whose Docker builds `nativeArch`. */
export interface BuildTarget {
  kind: BuilderKind
  builder: BuilderConfig
  /** Built on the runner (all arches without a remote; the native one with a remote). */
  localArches: string[]
  /** Built on `builder.remote`. */
  remoteArches: string[]
}

export function buildTarget(builder: BuilderConfig, nativeArch: string): BuildTarget {
  const { arch, remote, localDisabled } = builder
  const localArches = localDisabled ? [] : remote ? arch.filter((a) => a === nativeArch) : arch
  const remoteArches = remote ? arch.filter((a) => !localArches.includes(a)) : []
  const local = !localDisabled && (arch.length === 0 || localArches.length > 0)
  const kind: BuilderKind =
    remoteArches.length > 0
      ? local
        ? 'hybrid'
        : 'remote'
      : builder.pack
        ? 'pack'
        : builder.driver.startsWith('cloud')
          ? 'cloud'
          : 'local'
  return { kind, builder, localArches, remoteArches }
}

const dockerDriver = (t: BuildTarget) => t.builder.driver === 'docker'
const remoteSuffix = (t: BuildTarget) => (t.builder.remote ?? '').replace(/[^a-z0-9_-]/g, '-')

/** The buildx builder's name (undefined: the `docker` driver uses the current builder; pack uses none). */
export function builderName(t: BuildTarget): string | undefined {
  switch (t.kind) {
    case 'local':
      return dockerDriver(t) ? undefined : `kamal-local-${t.builder.driver}`
    case 'remote':
      return `kamal-remote-${remoteSuffix(t)}`
    case 'hybrid':
      return `kamal-hybrid-${t.builder.driver}-${remoteSuffix(t)}`
    case 'cloud':
      return t.builder.driver.replace(/[ /]/g, '-')
    case 'pack':
      return undefined
  }
}

const platforms = (arches: string[]) =>
  arches.length > 0 ? [`--platform ${arches.map((a) => `linux/${a}`).join(',')}`] : []

/** `docker context create` of a remote builder (builder/remote.rb `create_remote_context`). */
function createRemoteContext(name: string, remote: string): string {
  return `docker context create ${name}-context --description ${quote(`${name} host`)} --docker ${quote(`host=${remote}`)}`
}

/**
 * Does the builder exist (Kamal's `inspect_builder`)? A failure whose output says it does not is
 * answered by `removeBuilder` + `createBuilder` (cli/build.rb `push`). Undefined: nothing to check.
 */
export function inspectBuilder(t: BuildTarget): RunnerCommand | undefined {
  const name = builderName(t)
  if (t.kind === 'pack') return command(`pack builder inspect ${word(t.builder.pack?.builder ?? '')}`)
  if (!name) return undefined
  if (t.kind === 'remote' || t.kind === 'hybrid') {
    const ctx = `${name}-context`
    return command(
      `docker buildx inspect ${name} | grep -q Endpoint:.*${ctx} && docker context inspect ${ctx} --format '{{.Endpoints.docker.Host}}' | grep -xq ${word(t.builder.remote ?? '')} || (echo no compatible builder && exit 1)`,
      { assumed: { code: 1, output: 'no compatible builder\n' } }
    )
  }
  return command(`docker buildx inspect ${name}`, {
    assumed: { code: 1, output: `ERROR: no builder "${name}" found\n` }
  })
}

/** Kamal's `remove` before a new builder is created (its failure is fine when nothing was there). */
export function removeBuilder(t: BuildTarget): RunnerCommand | undefined {
  const name = builderName(t)
  if (!name) return undefined
  if (t.kind === 'remote' || t.kind === 'hybrid')
    return command(`docker context rm ${name}-context ; docker buildx rm ${name}`)
  return command(`docker buildx rm ${name}`)
}

/** Kamal's `create` for each builder (local.rb, remote.rb, hybrid.rb, cloud.rb). */
export function createBuilder(t: BuildTarget): RunnerCommand | undefined {
  const name = builderName(t)
  if (!name) return undefined
  const remote = t.builder.remote ?? ''
  switch (t.kind) {
    case 'remote':
      return command(`${createRemoteContext(name, remote)} ; docker buildx create --name ${name} ${name}-context`)
    case 'hybrid':
      return command(
        [
          `docker buildx create ${platforms(t.localArches).join(' ')} --name ${name} --driver=${word(t.builder.driver)}`,
          createRemoteContext(name, remote),
          `docker buildx create ${platforms(t.remoteArches).join(' ')} --append --name ${name} ${name}-context`
        ].join(' && ')
      )
    case 'cloud':
      return command(`docker buildx create --driver ${t.builder.driver.split(' ').map(word).join(' ')}`)
    default:
      return command(`docker buildx create --name ${name} --driver=${word(t.builder.driver)}`)
  }
}

/** The platforms a local builder can build, once started (for arches other than the runner's own). */
export function builderPlatforms(t: BuildTarget): RunnerCommand {
  const name = builderName(t)
  return command(`docker buildx inspect --bootstrap${name ? ` ${name}` : ''}`, {
    assumed: {
      code: 0,
      output: `Platforms: ${['amd64', 'arm64', ...t.builder.arch].map((a) => `linux/${a}`).join(', ')}\n`
    }
  })
}

// ---- the build ---------------------------------------------------------------------------------

/** Kamal's `argumentize` for build args: `KEY="value"`, `KEY=false`, or a bare `KEY`. */
function argumentizeArgs(flag: string, args: BuilderConfig['args']): string[] {
  return Object.entries(args).map(([key, value]) =>
    value === null
      ? `${flag} ${word(key)}`
      : value === false
        ? `${flag} ${word(key)}=false`
        : `${flag} ${word(key)}=${kamalValue(value)}`
  )
}

/** The registry cache's image: `cache.image`, or `<image>-build-cache`, on the registry's server. */
function cacheRef(config: DeployConfig): string {
  const own = config.builder?.cache?.image
  if (!own) return `${config.image}-build-cache`
  return config.registry.server ? `${config.registry.server}/${own}` : own
}

/** Kamal's `cache_to` / `cache_from` (configuration/builder.rb), for `--cache-to`/`--cache-from`. */
export function cacheOptions(config: DeployConfig): { to: string; from: string } | undefined {
  const cache = config.builder?.cache
  if (!cache) return undefined
  const options = cache.options
  if (cache.type === 'gha') {
    const allowed = (options?.split(',') ?? []).filter((o) => /^(url|url_v2|token|scope|timeout)=/.test(o))
    return { to: ['type=gha', options].filter(Boolean).join(','), from: ['type=gha', ...allowed].join(',') }
  }
  const ref = `type=registry,ref=${cacheRef(config)}`
  return { to: [ref, options].filter(Boolean).join(','), from: ref }
}

/** `-t <image>:<version> -t <image>:latest[-<destination>]` (base.rb `build_tag_options`). */
function tagOptions(config: DeployConfig, version: string): string[] {
  return [imageRef(config, version), `${config.image}:${latestTag(config)}`].map((t) => `-t ${word(t)}`)
}

/** Kamal's `build_options` after the cache: label, args, secrets, file, target, ssh, attestations. */
function buildOptions(config: DeployConfig, builder: BuilderConfig, attestations: boolean): string[] {
  return [
    `--label service=${kamalValue(config.service)}`,
    ...argumentizeArgs('--build-arg', builder.args),
    ...builder.secrets.map((s) => `--secret id=${kamalValue(s)}`),
    `--file ${word(builder.dockerfile)}`,
    ...(builder.target ? [`--target ${word(builder.target)}`] : []),
    ...(builder.ssh ? [`--ssh ${wordWithVars(builder.ssh)}`] : []),
    ...(attestations && builder.provenance !== undefined ? [`--provenance ${word(builder.provenance)}`] : []),
    ...(attestations && builder.sbom !== undefined ? [`--sbom ${word(builder.sbom)}`] : [])
  ]
}

/** The build context: `builder.context`, else the working directory (see flows/build.ts). */
export function buildContext(builder: BuilderConfig): string {
  return builder.context ?? '.'
}

/**
 * Kamal's `push` (builder/base.rb): `docker buildx build --output=type=registry` builds every arch
 * and pushes both tags in one go. With a remote builder the registry token is fetched by the builder
 * itself (`push_env`, remote.rb).
 */
export function buildxPush(config: DeployConfig, version: string, t: BuildTarget): RunnerCommand {
  const builder = t.builder
  const name = dockerDriver(t) ? undefined : builderName(t)
  const cache = cacheOptions(config)
  const line = [
    'docker buildx build --output=type=registry',
    ...platforms(builder.arch),
    ...(name ? [`--builder ${name}`] : []),
    ...tagOptions(config, version),
    ...(cache ? [`--cache-to ${word(cache.to)} --cache-from ${word(cache.from)}`] : []),
    ...buildOptions(config, builder, true),
    word(buildContext(builder)),
    '2>&1'
  ].join(' ')
  const remote = t.kind === 'remote' || t.kind === 'hybrid'
  return command(line, {
    env: { ...PLAIN_PROGRESS, ...(remote ? { BUILDKIT_NO_CLIENT_TOKEN: '1' } : {}) },
    secrets: builder.secrets
  })
}

/**
 * Kamal's pack `push` (builder/pack.rb): `pack build`, then a `docker push` of each tag. Build
 * secrets are value-less `--env NAME` (pack takes the value from its environment), where Kamal puts
 * `NAME="value"` on the line.
 */
export function packPush(config: DeployConfig, version: string, t: BuildTarget): RunnerCommand {
  const pack = t.builder.pack ?? { builder: '', buildpacks: [] }
  const latest = `${config.image}:${latestTag(config)}`
  const line = [
    `pack build ${word(config.image)}`,
    `--platform linux/${t.localArches[0] ?? t.builder.arch[0] ?? ''}`,
    '--creation-time now',
    `--builder ${word(pack.builder)}`,
    ...[...pack.buildpacks, 'paketo-buildpacks/image-labels'].map((b) => `--buildpack ${word(b)}`),
    ...tagOptions(config, version),
    `--env BP_IMAGE_LABELS=service=${word(config.service)}`,
    ...argumentizeArgs('--env', t.builder.args),
    ...t.builder.secrets.map((s) => `--env ${word(s)}`),
    `--path ${word(buildContext(t.builder))}`
  ].join(' ')
  return command(`${line} && docker push ${word(imageRef(config, version))} && docker push ${word(latest)}`, {
    secrets: t.builder.secrets
  })
}

/**
 * Without buildx: the same build through the daemon's BuildKit (`DOCKER_BUILDKIT=1 docker build`:
 * tags, label, args, secrets, file, target, ssh, one platform), into the runner's Docker.
 */
export function fallbackBuild(config: DeployConfig, version: string, nativeArch: string): RunnerCommand {
  const builder = config.builder
  if (!builder) throw new Error('no builder section')
  return command(
    [
      'DOCKER_BUILDKIT=1 docker build --progress=plain',
      ...platforms([builder.arch[0] ?? nativeArch]),
      ...tagOptions(config, version),
      ...buildOptions(config, builder, false),
      word(buildContext(builder)),
      '2>&1'
    ].join(' '),
    { secrets: builder.secrets }
  )
}

/** Then each tag is pushed (as Kamal's pack builder does). */
export function fallbackPush(config: DeployConfig, version: string): RunnerCommand[] {
  return [imageRef(config, version), `${config.image}:${latestTag(config)}`].map((ref) =>
    command(`docker push ${word(ref)} 2>&1`)
  )
}

/** The image's size in the runner's Docker (unpacked), after a build into it. */
export function localImageSize(ref: string): RunnerCommand {
  return command(`docker image inspect --format '{{.Size}}' ${word(ref)}`)
}

/** The pushed manifest (or index) as the registry has it, for the compressed size of what was pushed. */
export function pushedManifest(ref: string): RunnerCommand {
  return command(`docker buildx imagetools inspect --raw ${word(ref)}`)
}
