// The build on the runner, before any host is touched and before the lock (Kamal's
// `kamal build push`, lib/kamal/cli/build.rb): check Docker and buildx, log in to the registry
// (password on stdin), the pre-build hook, make sure Kamal's builder exists, then one
// `docker buildx build --output=type=registry` builds and pushes both tags. Without buildx the
// daemon's BuildKit builds (`DOCKER_BUILDKIT=1 docker build`) and `docker push` pushes, for what
// that can do; the rest is a clear error.
//
// The context: Kamal builds from a fresh git clone of HEAD unless `builder.context` is set, so that
// uncommitted changes never reach an image. On a CI runner the checkout already is that commit, and
// what earlier steps produced on purpose (compiled assets, downloaded artifacts) belongs in the
// image; a clone would also cost time on every run. So the action builds from the working directory
// (or `builder.context` inside it), and no path may leave it.
import { existsSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import {
  buildTarget,
  buildxPush,
  builderName,
  builderPlatforms,
  createBuilder,
  dockerArch,
  dockerArchName,
  ensureDockerInstalled,
  fallbackBuild,
  fallbackPush,
  inspectBuilder,
  localImageSize,
  packPush,
  pushedManifest,
  removeBuilder,
  runnerLogin,
  runnerLogout,
  type BuildTarget,
  type RunnerCommand
} from '../commands/build.js'
import { imageRef } from '../commands/naming.js'
import type { BuilderConfig, DeployConfig } from '../config/types.js'
import type { Reporter } from './context.js'
import { BuildError, lastLines } from './errors.js'
import type { BuildReport, RunReport } from './report.js'
import type { Runner, RunnerIo, RunnerResult } from './runner.js'

export interface BuildContext {
  config: DeployConfig
  version: string
  /** Resolved secrets: the registry's credentials and `builder.secrets` among them. */
  secrets: ReadonlyMap<string, string>
  reporter: Reporter
  runner: Runner
  /** The build's directory: `builder.context` and `builder.dockerfile` are relative to it, inside it. */
  workingDirectory: string
  /** The runner's environment (the GitHub cache service's variables are checked there). */
  env: Readonly<Record<string, string | undefined>>
  report: RunReport
  /**
   * HOOK(#12): the `pre-build` hook (`.kamal/hooks/pre-build`), run after the login and before the
   * build as Kamal runs it; its failure stops the build. Undefined until the hook runner of #12 is
   * passed here (src/action/commands.ts): then no hook runs.
   */
  preBuild?: () => Promise<void>
  /** Told before the runner logs in to a registry and once it has logged out (the post step logs
   * out for a main step killed in between). */
  onLogin?(server: string | undefined): void
  onLogout?(): void
}

/** Kamal's answer when the builder is missing (cli/build.rb `push`): create it. */
const MISSING_BUILDER = /(context not found|no builder|no compatible builder|does not exist)/
const NOT_THERE = /(context not found|no builder|does not exist)/

const INSTALL_BUILDX =
  'install the buildx plugin (docker/setup-buildx-action, or the docker-buildx-plugin package from Docker or docker-buildx from Debian)'

/** What the fallback cannot do, said once when it is used. */
export const FALLBACK_WARNING = `docker buildx is not installed on the runner: building with the Docker daemon's BuildKit instead (DOCKER_BUILDKIT=1 docker build, then docker push). This fallback cannot build several platforms, use a gha or registry cache, a remote or cloud builder, or provenance and SBOM attestations; ${INSTALL_BUILDX} for those.`

/** The architecture a plan assumes for the runner's Docker: the one this runner's node runs on. */
const PLAN_ARCHITECTURE = process.arch === 'arm64' ? 'aarch64' : 'x86_64'

/** Builds and pushes `<image>:<version>` (and the latest tag) on the runner; nothing touches a host. */
export async function buildAndPush(ctx: BuildContext): Promise<BuildReport> {
  const builder = requireBuilder(ctx.config)
  checkPaths(builder, ctx.workingDirectory)
  const image = imageRef(ctx.config, ctx.version)
  const started = Date.now()
  return ctx.reporter.group(`Build and push ${image} on the runner`, async () => {
    const docker = await checkDocker(ctx)
    const native = await nativeArch(ctx, builder, docker.buildx)
    const target = buildTarget(builder, native)
    if (!docker.buildx && target.kind !== 'pack') {
      checkFallback(builder, native, docker.version)
      ctx.reporter.warning(FALLBACK_WARNING)
    }
    const login = await logIn(ctx)
    try {
      // HOOK(#12): the pre-build hook runs here (after the login, before the build), as in Kamal.
      await ctx.preBuild?.()
      const built =
        target.kind === 'pack'
          ? await buildWithPack(ctx, target)
          : docker.buildx
            ? await buildWithBuildx(ctx, target, native)
            : await buildWithDaemon(ctx, native)
      const report: BuildReport = {
        image,
        ...built,
        platforms: builder.arch.map((a) => `linux/${a}`),
        seconds: Math.round((Date.now() - started) / 100) / 10
      }
      ctx.report.build = report
      ctx.reporter.info(
        `Pushed ${image}${report.digest ? ` (${report.digest})` : ''} with ${report.builder} in ${report.seconds.toFixed(1)} s`
      )
      return report
    } finally {
      if (login) {
        const out = await run(ctx, runnerLogout(login.server), `log out of ${login.name}`, { always: true })
        if (out.code === 0) ctx.onLogout?.()
      }
    }
  })
}

function requireBuilder(config: DeployConfig): BuilderConfig {
  if (!config.builder)
    throw new BuildError(
      'Nothing to build: the config has no builder section (Kamal requires at least builder.arch, e.g. `builder: { arch: amd64 }`)'
    )
  const server = config.registry.server
  if (server?.startsWith('localhost'))
    throw new BuildError(
      `registry.server ${server} is a local registry: the hosts cannot pull an image built on the runner from it (Kamal forwards its port over SSH, which this action does not); push to a registry the hosts reach`
    )
  return config.builder
}

/** A remote context (a Git URL) is not a path. */
const isUrl = (context: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')

/** `path` (relative to the working directory) resolved, or an error when it leads out of it. */
function inside(key: string, path: string, workingDirectory: string): string {
  const full = resolve(workingDirectory, path)
  const real = existsSync(full) ? realpathSync(full) : full
  for (const [p, base] of [
    [full, workingDirectory],
    [real, existsSync(workingDirectory) ? realpathSync(workingDirectory) : workingDirectory]
  ] as const) {
    const rel = relative(base, p)
    if (rel === '..' || rel.startsWith('../') || isAbsolute(rel))
      throw new BuildError(
        `builder.${key}: ${path} is outside the working directory ${workingDirectory}; the build reads only files inside it`
      )
  }
  return full
}

/** The context and the Dockerfile exist and stay inside the working directory (Kamal: `Missing <file>`). */
function checkPaths(builder: BuilderConfig, workingDirectory: string): void {
  const context = builder.context ?? '.'
  if (!isUrl(context)) {
    const dir = inside('context', context, workingDirectory)
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new BuildError(
        `builder.context: ${context} is not a directory of the working directory ${workingDirectory}`
      )
  }
  if (builder.pack) return
  const file = inside('dockerfile', builder.dockerfile, workingDirectory)
  if (!existsSync(file))
    throw new BuildError(
      `Missing ${builder.dockerfile} (builder.dockerfile, relative to the working directory ${workingDirectory})`
    )
}

/** Runs a runner command, its line shown first (as Kamal shows `Running …`; it holds no secret). */
function run(ctx: BuildContext, cmd: RunnerCommand, label: string, io?: RunnerIo): Promise<RunnerResult> {
  if (!ctx.runner.planning) ctx.reporter.info(`$ ${cmd.command}`)
  return ctx.runner.run(cmd, label, io)
}

/** Runs a command and throws a BuildError (with its last lines) unless it exits 0. */
async function must(ctx: BuildContext, cmd: RunnerCommand, label: string, io?: RunnerIo): Promise<RunnerResult> {
  const r = await run(ctx, cmd, label, io)
  if (r.code !== 0) {
    const tail = lastLines(r.output, 15)
    throw new BuildError(`${label} failed on the runner${tail ? `: ${tail.split('\n').pop() ?? ''}` : ''}`, {
      label,
      output: tail
    })
  }
  return r
}

/** Kamal's `docker --version && docker buildx version`: Docker must be there; buildx decides the way. */
async function checkDocker(ctx: BuildContext): Promise<{ buildx: boolean; version?: string }> {
  const label = 'check Docker and buildx'
  const r = await run(ctx, ensureDockerInstalled, label)
  const version = /Docker version ([0-9][^\s,]*)/.exec(r.output)?.[1]
  if (r.code === 0 || ctx.runner.planning) return { buildx: true, version }
  if (!version)
    throw new BuildError(
      'Docker is not installed on the runner (no `docker` command on PATH): use a runner that has it (GitHub-hosted Ubuntu runners do) or install it in an earlier step',
      { label, output: lastLines(r.output, 5) }
    )
  return { buildx: false, version }
}

/** The runner's Docker architecture (Kamal's `docker_arch`), which also shows that the daemon answers. */
async function nativeArch(ctx: BuildContext, builder: BuilderConfig, buildx: boolean): Promise<string> {
  // A remote-only or cloud build needs no local daemon (Kamal v2.5.1).
  if (buildx && (builder.localDisabled || builder.driver.startsWith('cloud'))) return dockerArchName(PLAN_ARCHITECTURE)
  const label = "the runner's Docker architecture"
  const r = await run(ctx, dockerArch(PLAN_ARCHITECTURE), label)
  if (r.code !== 0)
    throw new BuildError(`Docker's daemon does not answer on the runner: ${lastLines(r.output, 1)}`, {
      label,
      output: lastLines(r.output, 10)
    })
  return dockerArchName(r.output)
}

/**
 * Without buildx: since Docker 23 the CLI itself refuses BuildKit builds without buildx; before
 * that the daemon's BuildKit builds one platform with a local cache and no attestations.
 */
function checkFallback(builder: BuilderConfig, native: string, version: string | undefined): void {
  if (Number(version?.split('.')[0]) >= 23)
    throw new BuildError(
      `The docker CLI on PATH (Docker ${version}) has no buildx, and since Docker 23 it builds with BuildKit only through buildx: ${INSTALL_BUILDX}, or put a Docker CLI older than 23 (e.g. Debian's docker.io 20.10) first on PATH`
    )
  const cannot = [
    ...(builder.arch.length > 1 ? [`build several platforms (builder.arch: ${builder.arch.join(', ')})`] : []),
    ...(builder.cache ? [`use a ${builder.cache.type} cache (builder.cache)`] : []),
    ...(builder.remote ? [`use a remote builder (builder.remote: ${builder.remote})`] : []),
    ...(builder.driver.startsWith('cloud') ? [`use Docker Build Cloud (builder.driver: ${builder.driver})`] : []),
    ...(builder.provenance !== undefined && builder.provenance !== 'false'
      ? ['add provenance attestations (builder.provenance)']
      : []),
    ...(builder.sbom !== undefined && builder.sbom !== 'false' ? ['add an SBOM (builder.sbom)'] : [])
  ]
  if (cannot.length > 0)
    throw new BuildError(
      `docker buildx is not installed on the runner, and without it the build cannot ${cannot.join(', ')}: ${INSTALL_BUILDX}`
    )
  const arch = builder.arch[0] ?? native
  if (arch !== native) throw archError(arch, `the runner's Docker builds linux/${native} and has no buildx`)
}

function archError(arch: string, why: string): BuildError {
  return new BuildError(
    `builder.arch ${arch}: ${why}. Build linux/${arch} on a remote builder (builder.remote, e.g. ssh://docker@an-${arch}-host), on a runner of that architecture, or with buildx and QEMU (docker/setup-qemu-action before this step)`
  )
}

/** The registry's name in messages. */
const registryName = (config: DeployConfig) => config.registry.server ?? 'Docker Hub'

/** `docker login` on the runner with the password on stdin; undefined without credentials. */
async function logIn(ctx: BuildContext): Promise<{ server?: string; name: string } | undefined> {
  const { registry } = ctx.config
  const resolve = (v: typeof registry.username) =>
    v === undefined ? undefined : 'literal' in v ? v.literal : ctx.secrets.get(v.secret)
  const [username, password] = [resolve(registry.username), resolve(registry.password)]
  if (username === undefined || password === undefined) return undefined
  const name = registryName(ctx.config)
  const label = `log in to ${name}`
  ctx.onLogin?.(registry.server)
  const r = await run(ctx, runnerLogin(registry.server, username), label, { stdin: password })
  if (r.code !== 0)
    throw new BuildError(
      `The registry ${name} refused the login of ${username} on the runner: ${lastLines(r.output, 1)}`,
      {
        label,
        output: lastLines(r.output, 5)
      }
    )
  return { server: registry.server, name }
}

/** The values of `builder.secrets`, for the build's environment only. */
function secretValues(ctx: BuildContext, builder: BuilderConfig): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of builder.secrets) {
    const value = ctx.secrets.get(name)
    if (value === undefined) throw new BuildError(`builder.secrets: the secret ${name} is not defined`)
    out[name] = value
  }
  return out
}

/** Kamal's inspect, and on "no builder" its remove (which may fail) and create. */
async function ensureBuilder(ctx: BuildContext, target: BuildTarget): Promise<void> {
  const inspect = inspectBuilder(target)
  const name = builderName(target) ?? 'builder'
  if (!inspect) return
  const found = await run(ctx, inspect, `inspect the builder ${name}`)
  if (found.code === 0) return
  if (!MISSING_BUILDER.test(found.output) || target.kind === 'pack')
    throw new BuildError(`The builder ${name} cannot be used: ${lastLines(found.output, 1)}`, {
      label: `inspect the builder ${name}`,
      output: lastLines(found.output, 10)
    })
  ctx.reporter.info('Missing compatible builder, so creating a new one first')
  const remove = removeBuilder(target)
  if (remove) {
    const removed = await run(ctx, remove, `remove the builder ${name} (when the inspect found none)`)
    if (removed.code !== 0 && !NOT_THERE.test(removed.output))
      throw new BuildError(`The builder ${name} could not be removed: ${lastLines(removed.output, 1)}`)
  }
  const create = createBuilder(target)
  if (create) await must(ctx, create, `create the builder ${name} (when the inspect found none)`)
}

/** A local buildx builder builds other arches than the runner's only with emulation (QEMU). */
async function checkPlatforms(ctx: BuildContext, target: BuildTarget, native: string): Promise<void> {
  const foreign = target.localArches.filter((a) => a !== native)
  if (foreign.length === 0) return
  const r = await must(ctx, builderPlatforms(target), 'list the platforms of the builder')
  const line = /Platforms:\s*(.*)/.exec(r.output)?.[1]
  if (!line) return
  const can = line.split(',').map((p) => p.trim().replace(/\*$/, ''))
  for (const arch of foreign)
    if (!can.includes(`linux/${arch}`))
      throw archError(arch, `the runner's buildx builder ${builderName(target) ?? ''} builds ${line.trim()} only`)
}

/** A failed build or push, said as what a person can act on. */
function failure(ctx: BuildContext, label: string, output: string, pushOnly: boolean): BuildError {
  const tail = lastLines(output, 15)
  const failed = { label, output: tail }
  if (/BuildKit is enabled but the buildx component is missing or broken/.test(output))
    return new BuildError(`The docker CLI on PATH refuses BuildKit builds without buildx: ${INSTALL_BUILDX}`, failed)
  const refusal = pushOnly || /failed to push|pushing (layers|manifest)|push access denied/i.test(output)
  const status = refusal
    ? output
        .split('\n')
        .map((l) => l.trim())
        .reverse()
        .find((l) =>
          /denied|unauthori[sz]ed|forbidden|insufficient_scope|\b40[13]\b|HTTP response to HTTPS client|failed to push|no such host|connection refused|timeout/i.test(
            l
          )
        )
    : undefined
  const image = imageRef(ctx.config, ctx.version)
  const last = tail.split('\n').pop() ?? ''
  if (status)
    return new BuildError(`The registry ${registryName(ctx.config)} refused the push of ${image}: ${status}`, failed)
  if (pushOnly) return new BuildError(`The push of ${image} to ${registryName(ctx.config)} failed: ${last}`, failed)
  return new BuildError(`The build of ${image} failed on the runner (nothing was done on any host): ${last}`, failed)
}

type Built = Pick<BuildReport, 'digest' | 'sizes' | 'builder'>

async function buildWithBuildx(ctx: BuildContext, target: BuildTarget, native: string): Promise<Built> {
  const { builder } = target
  await ensureBuilder(ctx, target)
  if (target.kind === 'local') await checkPlatforms(ctx, target, native)
  if (builder.cache?.type === 'gha' && !ctx.env['ACTIONS_RUNTIME_TOKEN'] && !ctx.runner.planning)
    ctx.reporter.warning(
      'builder.cache type gha: ACTIONS_RUNTIME_TOKEN is not set (outside GitHub Actions?), so buildx cannot reach the GitHub cache'
    )
  const cmd = buildxPush(ctx.config, ctx.version, target)
  const label = `build and push ${imageRef(ctx.config, ctx.version)}`
  const r = await run(ctx, cmd, label, { secretValues: secretValues(ctx, builder), stream: true })
  if (r.code !== 0) throw failure(ctx, label, r.output, false)
  const ref = imageRef(ctx.config, ctx.version)
  const digest = new RegExp(`pushing manifest for ${escapeRegExp(ref)}@(sha256:[0-9a-f]{64})`).exec(r.output)?.[1]
  const name = builderName(target)
  return {
    digest,
    sizes: digest ? await pushedSizes(ctx, `${ctx.config.image}@${digest}`) : [],
    builder: name ? `buildx builder ${name}` : 'buildx (docker driver)'
  }
}

async function buildWithDaemon(ctx: BuildContext, native: string): Promise<Built> {
  const builder = ctx.config.builder as BuilderConfig
  const cmd = fallbackBuild(ctx.config, ctx.version, native)
  const label = `build ${imageRef(ctx.config, ctx.version)} (BuildKit in the daemon)`
  const r = await run(ctx, cmd, label, { secretValues: secretValues(ctx, builder), stream: true })
  if (r.code !== 0) throw failure(ctx, label, r.output, false)
  const digest = await pushTags(ctx)
  return {
    digest,
    sizes: await localSize(ctx),
    builder: 'docker build (BuildKit in the daemon, no buildx)'
  }
}

async function buildWithPack(ctx: BuildContext, target: BuildTarget): Promise<Built> {
  const inspect = inspectBuilder(target)
  if (inspect) {
    const label = `inspect the buildpacks builder ${target.builder.pack?.builder ?? ''}`
    const r = await run(ctx, inspect, label)
    if (r.code === 127 || /pack: (command )?not found/.test(r.output))
      throw new BuildError(
        'builder.pack: the pack CLI is not installed on the runner (buildpacks/github-actions/setup-pack installs it)',
        { label, output: lastLines(r.output, 5) }
      )
    if (r.code !== 0)
      throw new BuildError(`${label} failed on the runner: ${lastLines(r.output, 1)}`, {
        label,
        output: lastLines(r.output, 10)
      })
  }
  const cmd = packPush(ctx.config, ctx.version, target)
  const label = `build ${imageRef(ctx.config, ctx.version)} with buildpacks and push it`
  const r = await run(ctx, cmd, label, { secretValues: secretValues(ctx, target.builder), stream: true })
  if (r.code !== 0) throw failure(ctx, label, r.output, false)
  return { digest: pushedDigest(ctx, r.output), sizes: await localSize(ctx), builder: 'pack' }
}

/** `docker push` of each tag; the digest `docker push` reports for the version's tag. */
async function pushTags(ctx: BuildContext): Promise<string | undefined> {
  let digest: string | undefined
  for (const [i, push] of fallbackPush(ctx.config, ctx.version).entries()) {
    const label = push.command.replace(/^docker push (\S+).*$/, 'push $1')
    const r = await run(ctx, push, label, { stream: true })
    if (r.code !== 0) throw failure(ctx, label, r.output, true)
    if (i === 0) digest = pushedDigest(ctx, r.output)
  }
  return digest
}

/** `<version>: digest: sha256:… size: N`, as `docker push` ends. */
function pushedDigest(ctx: BuildContext, output: string): string | undefined {
  return new RegExp(`(?:^|\\n)${escapeRegExp(ctx.version)}: digest: (sha256:[0-9a-f]{64})`).exec(output)?.[1]
}

async function localSize(ctx: BuildContext): Promise<BuildReport['sizes']> {
  const r = await run(ctx, localImageSize(imageRef(ctx.config, ctx.version)), 'the size of the image')
  const bytes = Number(r.output.trim())
  return r.code === 0 && Number.isFinite(bytes) && r.output.trim() !== '' ? [{ bytes, kind: 'unpacked' }] : []
}

interface Manifest {
  manifests?: { digest: string; platform?: { os?: string; architecture?: string; variant?: string } }[]
  layers?: { size: number }[]
  config?: { size: number }
}

/** The compressed size of each pushed platform: the registry's manifests (attestations left out). */
async function pushedSizes(ctx: BuildContext, ref: string): Promise<BuildReport['sizes']> {
  const read = async (r: string): Promise<Manifest | undefined> => {
    const out = await run(ctx, pushedManifest(r), 'the size of the pushed image')
    try {
      return out.code === 0 ? (JSON.parse(out.output) as Manifest) : undefined
    } catch {
      return undefined
    }
  }
  const bytes = (m: Manifest) => (m.config?.size ?? 0) + (m.layers ?? []).reduce((sum, l) => sum + l.size, 0)
  const top = await read(ref)
  if (!top) return []
  if (!top.manifests) return [{ bytes: bytes(top), kind: 'compressed' }]
  const sizes: BuildReport['sizes'] = []
  for (const m of top.manifests) {
    if (!m.platform || m.platform.os === 'unknown') continue
    const one = await read(`${ctx.config.image}@${m.digest}`)
    const platform = [m.platform.os, m.platform.architecture, m.platform.variant].filter(Boolean).join('/')
    if (one) sizes.push({ platform, bytes: bytes(one), kind: 'compressed' })
  }
  return sizes
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
