// Kamal's rollback check (lib/kamal/cli/main.rb `rollback`, `container_available?`): before
// anything changes, the version must be a container of every targeted role on every app host.
import { checkVersionAvailable, parseVersions } from '../commands/rollback.js'
import { RemoteScript } from '../commands/script.js'
import type { RunContext } from './context.js'
import { RollbackUnavailableError } from './errors.js'
import { onHosts } from './hosts.js'
import { runRemote } from './remote.js'

/** What one host has: the roles missing the version, and each role's versions. */
interface HostVersions {
  missing: string[]
  versions: Map<string, string[]>
}

/**
 * Checks every app host (one exec each). When some host or role lacks the version, fails with
 * Kamal's message and, per host and role, the versions that do exist; nothing is changed.
 */
export async function checkRollbackVersion(ctx: RunContext): Promise<void> {
  const { config, targets, version } = ctx
  const found = await ctx.reporter.group(
    `Check that ${version} is a container of every role on ${targets.appHosts.length} host(s)`,
    () =>
      onHosts(ctx, targets.appHosts, async (host): Promise<HostVersions> => {
        const roles = targets.roles.filter((r) => r.hosts.some((h) => h.address === host))
        const script = new RemoteScript().add(checkVersionAvailable(config, roles, version))
        const { report } = await runRemote(ctx.pool.get(host), script, `look for ${version} containers`)
        return { missing: (report.missing ?? '').split(' ').filter(Boolean), versions: parseVersions(report.versions) }
      })
  )
  const lacking = [...found].filter(([, v]) => v.missing.length > 0)
  if (lacking.length === 0) {
    ctx.reporter.info(`${version} is there on every host: rolling back to it`)
    return
  }
  const where = lacking.map(([host, v]) => `${host} (${v.missing.join(', ')})`).join(', ')
  const available = [...found].flatMap(([host, v]) =>
    [...v.versions].map(([role, list]) => `  ${host} ${role}: ${list.length > 0 ? list.join(', ') : 'none'}`)
  )
  throw new RollbackUnavailableError(
    `The app version '${version}' is not available as a container on ${where}; nothing was changed. The versions that are:\n${available.join('\n')}`
  )
}
