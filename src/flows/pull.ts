// The pull phase of a deploy (Kamal's "Pull app image...", lib/kamal/cli/build.rb `pull`): every
// app host pulls the new version, logging in only when its stored credentials do not work.
import { auditFor } from '../commands/audit.js'
import { checkLabelAndProbe, pullImage } from '../commands/docker.js'
import { acquireOrShowHolder, type LockDetails } from '../commands/lock.js'
import { imageRef, lockDir } from '../commands/naming.js'
import { EXIT, parseReport, withoutReport } from '../commands/protocol.js'
import { RemoteScript } from '../commands/script.js'
import { quietly } from '../commands/shell.js'
import type { RunContext } from './context.js'
import { LockHeldError, RemoteCommandError } from './errors.js'
import { onHosts } from './hosts.js'
import { addWithLogin } from './registry.js'
import { runRemote } from './remote.js'

/**
 * Pulls the new version on every app host. With `lock`, the lock host's exec then takes the
 * deploy lock too (after its pull, as Kamal orders it), saving a round trip.
 */
export async function pullOnAppHosts(ctx: RunContext, lock?: { host: string; details: LockDetails }): Promise<void> {
  const { config, version, targets } = ctx
  const image = imageRef(config, version)
  const hosts = lock && !targets.appHosts.includes(lock.host) ? [...targets.appHosts, lock.host] : targets.appHosts
  const title = `Pull ${image} on ${targets.appHosts.length} host(s)${lock ? ` and take the deploy lock on ${lock.host}` : ''}`
  await ctx.reporter.group(title, async () => {
    await onHosts(ctx, hosts, async (host, log) => {
      const script = new RemoteScript()
      const pulls = targets.appHosts.includes(host)
      if (pulls) addPull(script, ctx).add(checkLabelAndProbe(config, version))
      const noteProbe = (probe: string | undefined) => {
        if (pulls && probe) noteImageProbe(ctx, host, probe)
      }
      if (lock?.host !== host) {
        noteProbe((await runRemote(ctx.pool.get(host), script, `pull ${image}`)).report.probe)
        log.done(host, `pulled ${image}`)
        return
      }
      script.add(acquireOrShowHolder(config, lock.details))
      noteProbe(await takeLockWith(ctx, host, script, `${pulls ? `pull ${image} and ` : ''}take the deploy lock`))
      if (pulls) log.done(host, `pulled ${image} and took the deploy lock ${lockDir(config)}`)
    })
  })
}

/** Runs the lock host's pull exec; returns the early probe it reported. */
async function takeLockWith(
  ctx: RunContext,
  host: string,
  script: RemoteScript,
  label: string
): Promise<string | undefined> {
  const result = await ctx.pool.get(host).exec(script, label)
  if (result.code === EXIT.lockHeld) throw new LockHeldError(host, withoutReport(result.stdout))
  if (result.code !== 0) throw new RemoteCommandError(host, label, result)
  ctx.report.lock.taken = true
  return parseReport(result.stdout).probe
}

/**
 * Kamal's pull of the run's version, with its audit line (a `docker login` only if it fails, see
 * addWithLogin); `kamalDirMade`: the script made `.kamal` first (a boot exec, see `auditAppend`).
 */
export function addPull(script: RemoteScript, ctx: RunContext, { kamalDirMade = false } = {}): RemoteScript {
  script.add(auditFor(kamalDirMade)(ctx.config, ctx.performer, `Pulled image with version ${ctx.version}`))
  addWithLogin(script, ctx, ctx.config.registry, quietly(pullImage(ctx.config, ctx.version).pull))
  return script
}

/** What a host's pull reported of the image's early probe, for its boot (`bootScript`). */
export function noteImageProbe(ctx: RunContext, host: string, probe: string): void {
  ;(ctx.imageProbe ??= new Map()).set(host, probe)
}
