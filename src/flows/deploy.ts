// `deploy`: log in and pull on every app host, take the lock, boot the new version role by role
// and host by host (rolling, in groups of boot.limit), wait until each new container is healthy,
// only then stop the old one, prune; tag :latest, release. Round trips per app host: pull (1),
// one boot per role (1 each: boot + health wait + stop old (+ prune, last role)), finish (1).
import { randomBytes } from 'node:crypto'
import { auditLine } from '../commands/audit.js'
import {
  currentVersion,
  envFileContent,
  envFor,
  HEALTH_COMMAND_ARGS,
  HEALTH_FORMAT,
  renameContainer,
  runApp,
  stopTimeout,
  tagLatest
} from '../commands/app.js'
import { createNetwork, pruneContainers, pruneImages, pullImage } from '../commands/docker.js'
import { acquireOrShowHolder, LOCK_HELD_EXIT, releaseIfOwner, type LockDetails } from '../commands/lock.js'
import { containerName, imageRef, latestTag, lockDir, rolePrefix, roleEnvFile } from '../commands/naming.js'
import { RemoteScript } from '../commands/script.js'
import { quote, word } from '../commands/shell.js'
import type { Host, Registry, Role } from '../config/types.js'
import { RemoteCommandError } from '../transport/ssh.js'
import { throwIfCancelled, type RunContext } from './context.js'
import { errorMessage, onHosts } from './hosts.js'
import { LockHeldError, noteRelease, type ReleaseOutcome } from './lock.js'
import { addProxyDeploy } from './proxy.js'
import { secondsSince, type BootResult } from './report.js'

const hex = (bytes: number) => randomBytes(bytes).toString('hex')

/** Registry credentials, resolved from literals or secrets. */
export function registryCredentials(
  ctx: RunContext,
  registry: Registry
): { username: string; password: string } | undefined {
  const resolve = (v: Registry['username']) =>
    v === undefined ? undefined : 'literal' in v ? v.literal : ctx.secrets.get(v.secret)
  const username = resolve(registry.username)
  const password = resolve(registry.password)
  return username !== undefined && password !== undefined ? { username, password } : undefined
}

export function addLogin(script: RemoteScript, ctx: RunContext, registry: Registry): void {
  const creds = registryCredentials(ctx, registry)
  if (creds) script.login(registry.server ? word(registry.server) : undefined, creds.username, creds.password)
}

/** `command` (which may pull from the registry), with a `docker login` only if it fails with the
 * host's stored credentials (see RemoteScript.withLogin); without credentials, just the command. */
export function addWithLogin(script: RemoteScript, ctx: RunContext, registry: Registry, command: string): void {
  const creds = registryCredentials(ctx, registry)
  if (creds)
    script.withLogin(registry.server ? word(registry.server) : undefined, creds.username, creds.password, command)
  else script.add(command)
}

/**
 * Log in and pull the new version on every app host. With `lock`, the primary host's exec then
 * takes the deploy lock too (after its pull, as Kamal orders it), saving a round trip.
 */
export async function pullOnAppHosts(ctx: RunContext, lock?: { host: string; details: LockDetails }): Promise<void> {
  const { config, version } = ctx
  const hosts =
    lock && !ctx.targets.appHosts.includes(lock.host) ? [...ctx.targets.appHosts, lock.host] : ctx.targets.appHosts
  await ctx.reporter.group(
    `Pull ${imageRef(config, version)} on ${ctx.targets.appHosts.length} host(s)${lock ? ` and take the deploy lock on ${lock.host}` : ''}`,
    async () => {
      await onHosts(ctx, hosts, async (host) => {
        const takesLock = lock?.host === host
        if (!ctx.targets.appHosts.includes(host)) {
          await takeLockOn(ctx, host, new RemoteScript())
          return
        }
        const script = new RemoteScript().add(
          'mkdir -p .kamal',
          auditLine(config, ctx.performer, `Pulled image with version ${version}`)
        )
        const pull = pullImage(config, version)
        // Unlike Kamal, no `docker image rm` first: `docker pull` checks the tag's digest anyway, and
        // removing the image races with a concurrent deploy pulling the same tag. And `docker login`
        // only when the pull fails with the host's stored credentials (see RemoteScript.withLogin).
        addWithLogin(script, ctx, config.registry, `${pull.pull} > /dev/null`)
        // All of Kamal's label check to stderr: a bare `>&2` would bind to its `|| (...)` branch only,
        // and grep's match would land on stdout, where the lock holder's details are read.
        script.add('{', pull.checkLabel, '} >&2')
        if (takesLock) {
          await takeLockOn(ctx, host, script)
          ctx.reporter.info(`${host}: pulled ${imageRef(config, version)} and took the deploy lock ${lockDir(config)}`)
          return
        }
        await ctx.pool.get(host).run(script.command, `pull ${imageRef(config, version)}`, { stdin: script.stdin })
        ctx.reporter.info(`${host}: pulled ${imageRef(config, version)}`)
      })
    }
  )

  async function takeLockOn(ctx: RunContext, host: string, script: RemoteScript): Promise<void> {
    script.add(acquireOrShowHolder(ctx.config, (lock as { details: LockDetails }).details))
    const result = await ctx.pool.get(host).exec(script.command, {
      stdin: script.stdin,
      label: `${ctx.targets.appHosts.includes(host) ? `pull ${imageRef(ctx.config, ctx.version)} and ` : ''}take the deploy lock`
    })
    if (result.code === LOCK_HELD_EXIT) throw new LockHeldError(host, result.stdout)
    if (result.code !== 0)
      throw new RemoteCommandError(host, `pull ${imageRef(ctx.config, ctx.version)} and take the deploy lock`, result)
    ctx.report.lock.taken = true
  }
}

/** Hosts split into boot groups: `boot.limit` as a number or a percentage of all hosts (at least 1). */
export function bootGroups<T>(hosts: T[], limit: number | string | undefined, allHostsCount: number): T[][] {
  if (limit === undefined) return hosts.length ? [hosts] : []
  const size =
    typeof limit === 'string' && limit.endsWith('%')
      ? Math.max(1, Math.floor((allHostsCount * parseInt(limit, 10)) / 100))
      : Math.max(1, Number(limit))
  const groups: T[][] = []
  for (let i = 0; i < hosts.length; i += size) groups.push(hosts.slice(i, i + size))
  return groups
}

/** The remote script that boots one role on one host, waits for health and stops the old version. */
export function bootScript(
  ctx: RunContext,
  role: Role,
  host: Host,
  prune = false,
  tag = false
): { script: RemoteScript; name: string } {
  const { config, version } = ctx
  const name = containerName(config, role, version)
  const replaced = `${version}_replaced_${hex(8)}`
  const prefix = rolePrefix(config, role)
  const t = stopTimeout(config, role)
  const env = envFor(config, role, host)
  const script = new RemoteScript().add(
    `OLD=$( { ${currentVersion(config, role)} ; } 2> /dev/null || true)`,
    // A container of this version already there (a redeploy) moves aside: one docker call either
    // way (Kamal first lists it by name, then renames).
    `if ${renameContainer(name, `${prefix}-${replaced}`)} > /dev/null 2>&1; then if [ "$OLD" = ${word(version)} ]; then OLD=${word(replaced)}; fi; fi`,
    'echo "DECKHAND_OLD=$OLD"',
    auditLine(config, ctx.performer, `Booted app version ${version}`, [role.name])
  )
  script.writeFile(roleEnvFile(config, role), envFileContent(env, ctx.secrets), '600')
  script.add(
    // The `kamal` network exists after setup or a proxy boot; only when `docker run` says it is
    // missing is it created (and the container that run left behind removed) and the run repeated,
    // instead of a network check on every deploy.
    'deckhand_run() {',
    `${runApp({ config, role, host, version, hostnameSuffix: hex(6) })} > /dev/null`,
    '}',
    'if ! DECKHAND_ERR=$(deckhand_run 2>&1); then',
    `  case "$DECKHAND_ERR" in *"network kamal not found"*) docker rm ${word(name)} > /dev/null 2>&1 || true; ${createNetwork}; deckhand_run ;; *) printf '%s\\n' "$DECKHAND_ERR" >&2; exit 1 ;; esac`,
    // A run that worked may still have warned (platform mismatch, ignored options): pass that on.
    `elif [ -n "$DECKHAND_ERR" ]; then printf '%s\\n' "$DECKHAND_ERR" >&2`,
    'fi'
  )
  if (role.proxyConfig) {
    // Behind kamal-proxy: the proxy's health check and atomic switch replace the wait loop below.
    addProxyDeploy(script, ctx, {
      proxy: role.proxyConfig,
      service: prefix,
      container: name,
      name: role.name,
      what: role.name,
      host: host.address
    })
    script.add('echo "DECKHAND_STATUS=healthy"')
  } else
    script.add(
      // Poll Docker's view often: healthy ends the wait at once; without a health check, `running`
      // for readiness_delay seconds counts as ready (Kamal's rule), all within deploy_timeout.
      // While Docker still says `starting`, run the image's own health command ourselves every
      // 250 ms, instead of waiting for Docker's health-check interval (30 s by default).
      `DEADLINE=$(( $(date +%s) + ${config.deployTimeout} )); SINCE=; READY=; STATUS=; PROBE=$(mktemp)`,
      `docker inspect --format ${quote(HEALTH_COMMAND_ARGS)} ${word(name)} 2> /dev/null | head -c -1 > "$PROBE" || true`,
      'while :; do',
      `  if [ -s "$PROBE" ] && timeout 10 xargs -0 -a "$PROBE" docker exec ${word(name)} > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`,
      `  STATUS=$(docker inspect --format ${HEALTH_FORMAT} ${word(name)} 2> /dev/null) || STATUS=missing`,
      '  NOW=$(date +%s)',
      '  if [ "$STATUS" = healthy ]; then READY=1; break; fi',
      `  if [ "$STATUS" = running ]; then SINCE=\${SINCE:-$NOW}; if [ $((NOW - SINCE)) -ge ${config.readinessDelay} ]; then READY=1; break; fi; else SINCE=; fi`,
      '  if [ "$NOW" -ge "$DEADLINE" ]; then break; fi',
      '  sleep 0.25',
      'done',
      'rm -f "$PROBE"',
      'echo "DECKHAND_STATUS=$STATUS"',
      'if [ -z "$READY" ]; then',
      `  docker stop ${word(name)} > /dev/null 2>&1 || true`,
      `  echo "container ${name} not ready after ${config.deployTimeout} seconds ($STATUS); it was stopped and kept for inspection. Its last log lines:" >&2`,
      `  docker logs --tail 15 ${word(name)} 2>&1 | sed 's/^/  /' >&2 || true`,
      '  exit 70',
      'fi'
    )
  script.add(
    // Kamal's stop of the old version (which only the host knows here: $OLD); `xargs -r` stops
    // nothing when no container matches.
    `if [ -n "$OLD" ]; then docker container ls --all --filter "name=^${prefix}-$OLD\\$" --quiet | xargs -r docker stop${t === undefined ? '' : ` -t ${t}`} > /dev/null; echo "DECKHAND_STOPPED=$OLD"; fi`,
    ...(prune
      ? // Pruning needs nothing from other hosts, so it runs here, while they are still booting,
        // rather than in the finish round trip (a failed prune does not fail the boot).
        [
          '(',
          auditLine(config, ctx.performer, 'Pruned containers'),
          pruneContainers(config),
          auditLine(config, ctx.performer, 'Pruned images'),
          ...pruneImages(config).map((c) => `${c} > /dev/null`),
          ') || echo "pruning failed" >&2'
        ]
      : []),
    ...(tag ? tagLatestCommands(ctx) : [])
  )
  return { script, name }
}

/** The value a remote script printed as `KEY=value` on a line of its own (empty counts as none). */
export function marker(output: string, key: string): string | undefined {
  const m = new RegExp(`^${key}=(.*)$`, 'm').exec(output)
  return m?.[1] || undefined
}

async function bootOne(ctx: RunContext, role: Role, host: Host, prune: boolean, tag: boolean): Promise<BootResult> {
  const started = Date.now()
  const { script } = bootScript(ctx, role, host, prune, tag)
  try {
    const result = await ctx.pool
      .get(host.address)
      .run(script.command, `boot ${role.name} ${ctx.version}`, { stdin: script.stdin })
    const boot: BootResult = {
      host: host.address,
      role: role.name,
      versionBooted: ctx.version,
      versionStopped: marker(result.stdout, 'DECKHAND_STOPPED'),
      health: marker(result.stdout, 'DECKHAND_STATUS') ?? 'unknown',
      proxy: marker(result.stdout, 'DECKHAND_PROXY'),
      ok: true,
      seconds: secondsSince(started)
    }
    const old = marker(result.stdout, 'DECKHAND_OLD')
    if (old && ctx.report.previousVersion === undefined && role.name === ctx.config.primaryRole)
      ctx.report.previousVersion = old
    ctx.reporter.info(
      `${host.address}: ${role.name} ${ctx.version} is ${boot.health}${boot.versionStopped ? `, stopped ${boot.versionStopped}` : ''} (${boot.seconds}s)`
    )
    return boot
  } catch (error) {
    const out = error instanceof RemoteCommandError ? error.result.stdout : ''
    const boot: BootResult = {
      host: host.address,
      role: role.name,
      versionBooted: ctx.version,
      health:
        marker(out, 'DECKHAND_STATUS') ?? (marker(out, 'DECKHAND_PROXY') === 'failed' ? 'unhealthy (proxy)' : 'failed'),
      proxy: marker(out, 'DECKHAND_PROXY'),
      ok: false,
      seconds: secondsSince(started),
      error: errorMessage(error)
    }
    ctx.reporter.warning(`Failed to boot ${role.name} on ${host.address}: ${boot.error}`)
    throw Object.assign(error instanceof Error ? error : new Error(String(error)), { boot })
  }
}

/** Boots every targeted role on every host, in groups; throws when any boot failed. */
export async function bootApp(ctx: RunContext): Promise<void> {
  const { config, targets } = ctx
  const groups = bootGroups(targets.appHosts, config.boot.limit, targets.hosts.length)
  const primary = targets.roles.find((r) => r.name === config.primaryRole)
  // Other roles wait for the first healthy primary-role container; if it fails they do not boot.
  let openBarrier!: () => void
  let closeBarrier!: (e: Error) => void
  const barrier = new Promise<void>((resolve, reject) => {
    openBarrier = resolve
    closeBarrier = reject
  })
  barrier.catch(() => undefined)
  if (!primary) openBarrier()

  for (const [index, group] of groups.entries()) {
    throwIfCancelled(ctx.signal)
    const title =
      groups.length > 1
        ? `Boot ${ctx.version}, group ${index + 1}/${groups.length}: ${group.join(', ')}`
        : `Boot ${ctx.version} on ${group.join(', ')}`
    await ctx.reporter.group(title, async () => {
      await onHosts(ctx, group, async (address) => {
        const failures: unknown[] = []
        for (const role of targets.roles) {
          const host = role.hosts.find((h) => h.address === address)
          if (!host) continue
          throwIfCancelled(ctx.signal)
          if (role !== primary) {
            try {
              await barrier
            } catch {
              const err = new Error(
                `First ${config.primaryRole} container is unhealthy, not booting ${role.name} on ${address}`
              )
              ctx.report.boots.push({
                host: address,
                role: role.name,
                versionBooted: ctx.version,
                health: 'not booted',
                ok: false,
                seconds: 0,
                error: err.message
              })
              failures.push(err)
              continue
            }
          }
          try {
            // The host's last role prunes once the host is done (and tags, see tagsInBoot).
            const last = targets.roles.filter((r) => r.hosts.some((h) => h.address === address)).at(-1) === role
            const boot = await bootOne(ctx, role, host, last, last && tagsInBoot(ctx))
            ctx.report.boots.push(boot)
            if (role === primary) openBarrier()
          } catch (error) {
            const boot = (error as { boot?: BootResult }).boot
            if (boot) ctx.report.boots.push(boot)
            if (role === primary) closeBarrier(error as Error)
            failures.push(error)
          }
        }
        if (failures.length > 0) throw failures[0]
      })
    })
    if (config.boot.wait > 0 && index < groups.length - 1)
      await (ctx.sleep ? ctx.sleep(config.boot.wait) : new Promise((r) => setTimeout(r, config.boot.wait * 1000)))
  }
}

/** Kamal's move of `:latest` (an audit line and `docker tag`). */
function tagLatestCommands(ctx: RunContext): string[] {
  return [
    auditLine(ctx.config, ctx.performer, `Tagging ${imageRef(ctx.config, ctx.version)} as the latest image`),
    tagLatest(ctx.config, ctx.version)
  ]
}

/**
 * With a single boot group, each host moves `:latest` at the end of its own boot exec, which saves
 * every host but the lock host the finish round trip. Kamal tags only after all groups: with one
 * group the only difference is after a failure, where the hosts that did boot the new version (and
 * keep running it, in Kamal too) have `:latest` on it. With several groups the finish step tags.
 */
export function tagsInBoot(ctx: RunContext): boolean {
  return bootGroups(ctx.targets.appHosts, ctx.config.boot.limit, ctx.targets.hosts.length).length === 1
}

/**
 * After every group succeeded: tag :latest, one round trip per app host; the lock host
 * releases the lock (ours only) in the same exec, whether or not the tagging worked.
 */
export async function finishDeploy(ctx: RunContext): Promise<void> {
  const { config } = ctx
  const lockHost = ctx.report.lock.taken && !ctx.report.lock.released ? ctx.report.lock.host : undefined
  const tagged = tagsInBoot(ctx)
  if (tagged && !lockHost) return
  const hosts = tagged
    ? [lockHost as string]
    : lockHost && !ctx.targets.appHosts.includes(lockHost)
      ? [...ctx.targets.appHosts, lockHost]
      : ctx.targets.appHosts
  await ctx.reporter.group(
    tagged ? 'Release the deploy lock' : `Tag ${latestTag(config)}${lockHost ? ', release the deploy lock' : ''}`,
    async () => {
      await onHosts(ctx, hosts, async (host) => {
        if (tagged || !ctx.targets.appHosts.includes(host)) return releaseWith(host, [])
        // Pruning already ran in each host's boot exec.
        const commands = tagLatestCommands(ctx)
        if (host === lockHost) return releaseWith(host, commands)
        await ctx.pool.get(host).run(new RemoteScript().add(...commands).command, 'tag latest')
      })
    }
  )

  async function releaseWith(host: string, commands: string[]): Promise<void> {
    const script = new RemoteScript().add(
      'set +e',
      '(',
      'set -e',
      ...commands,
      ')',
      'RC=$?',
      `echo "DECKHAND_LOCK=$(${releaseIfOwner(config, ctx.lock.token)})"`,
      'exit $RC'
    )
    const result = await ctx.pool
      .get(host)
      .exec(script.command, { label: `${commands.length > 0 ? 'tag latest and ' : ''}release the deploy lock` })
    const outcome = marker(result.stdout, 'DECKHAND_LOCK')
    if (outcome) noteRelease(ctx, host, outcome as ReleaseOutcome)
    if (result.code !== 0) throw new RemoteCommandError(host, 'tag latest', result)
  }
}
