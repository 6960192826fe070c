// Kamal's `prune all|containers|images` (lib/kamal/cli/prune.rb) and `remove` (cli/main.rb): on
// every host of the run, one exec each. The callers lock (and `remove` needs confirm).
import { auditLine } from '../commands/audit.js'
import { pruneContainers, pruneImages, registryLogout } from '../commands/docker.js'
import { RemoteScript } from '../commands/script.js'
import { quietly, silently } from '../commands/shell.js'
import type { RunContext } from './context.js'
import { onHosts } from './hosts.js'
import { runRemote } from './remote.js'

/** Stopped containers beyond `retain` (default retain_containers), then images no container uses. */
export async function prune(ctx: RunContext, what: 'all' | 'containers' | 'images', retain?: number): Promise<void> {
  const { config } = ctx
  if (retain !== undefined && retain < 1) throw new Error('retain must be at least 1')
  const lines = [
    ...(what === 'images'
      ? []
      : [auditLine(config, ctx.performer, 'Pruned containers'), quietly(pruneContainers(config, retain))]),
    ...(what === 'containers'
      ? []
      : [auditLine(config, ctx.performer, 'Pruned images'), ...pruneImages(config).map(quietly)])
  ]
  const hosts = ctx.targets.hosts
  await ctx.reporter.group(`Prune ${what} on ${hosts.length} host(s)`, async () => {
    await onHosts(ctx, hosts, async (host) => {
      await runRemote(ctx.pool.get(host), new RemoteScript().add(...lines), `prune ${what}`)
      ctx.reporter.info(`${host}: pruned ${what}`)
    })
  })
}

/** Kamal's `registry remove` on the hosts (part of `remove`): the stored credentials forgotten. */
export async function registryLogoutOnHosts(ctx: RunContext): Promise<void> {
  const hosts = ctx.targets.hosts
  await ctx.reporter.group(`Log out of the registry on ${hosts.length} host(s)`, async () => {
    await onHosts(ctx, hosts, async (host) => {
      const script = new RemoteScript().add(silently(registryLogout(ctx.config.registry.server)))
      await runRemote(ctx.pool.get(host), script, 'registry logout')
    })
  })
}
