// The end of a deploy, once every boot group succeeded: move `:latest` where the boots did not
// (several boot groups), and release the deploy lock (ours only) in the lock host's same exec.
import { tagLatestLines } from '../commands/boot.js'
import { thenReleaseIfOwner } from '../commands/lock.js'
import { latestTag } from '../commands/naming.js'
import { RemoteScript } from '../commands/script.js'
import { tagsInBoot } from './boot.js'
import { BOOKKEEPING, type RunContext } from './context.js'
import { RemoteCommandError } from './errors.js'
import { onHosts } from './hosts.js'
import { noteRelease, reportedRelease } from './lock.js'
import { runRemote } from './remote.js'

/**
 * Tags :latest on every app host unless the boots did (one round trip each); the lock host
 * releases the lock in the same exec, whether or not the tagging worked — unless `release` is
 * false (setup keeps it for its post-deploy hook, released by the lock's own end).
 */
export async function finishDeploy(ctx: RunContext, { release = true }: { release?: boolean } = {}): Promise<void> {
  const { config, targets } = ctx
  const lockHost = release && ctx.report.lock.taken && !ctx.report.lock.released ? ctx.report.lock.host : undefined
  const tagged = tagsInBoot(ctx)
  if (tagged && !lockHost) return
  const hosts = tagged ? [] : [...targets.appHosts]
  if (lockHost && !hosts.includes(lockHost)) hosts.push(lockHost)
  const title = tagged
    ? 'Release the deploy lock'
    : `Tag ${latestTag(config)}${lockHost ? ', release the deploy lock' : ''}`
  await ctx.reporter.group(title, async () => {
    await onHosts(ctx, hosts, async (host) => {
      // Pruning already ran in each host's boot exec.
      const tag = tagged || !targets.appHosts.includes(host) ? [] : tagLatestLines(config, ctx.performer, ctx.version)
      if (host === lockHost) return releaseAfter(ctx, host, tag)
      await runRemote(ctx.pool.get(host), new RemoteScript().add(...tag), 'tag latest', BOOKKEEPING)
    })
  })
}

async function releaseAfter(ctx: RunContext, host: string, commands: string[]): Promise<void> {
  const script = new RemoteScript().add(thenReleaseIfOwner(ctx.config, ctx.lock.token, commands))
  const result = await ctx.pool
    .get(host)
    .exec(script, `${commands.length > 0 ? 'tag latest and ' : ''}release the deploy lock`, BOOKKEEPING)
  const outcome = reportedRelease(result.stdout)
  if (outcome) noteRelease(ctx, host, outcome)
  if (result.code !== 0) throw new RemoteCommandError(host, 'tag latest', result)
}
