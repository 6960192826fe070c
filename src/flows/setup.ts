// `setup` (lib/kamal/cli/main.rb `setup`): lock → make sure Docker is on every host → upload env
// files → docker-setup hook → pre-deploy hook → boot kamal-proxy → boot accessories that are not
// there yet → deploy → (post-deploy hook, by the caller) → release.
import { envFileContent, envFor } from '../commands/app.js'
import { ensureDocker } from '../commands/docker.js'
import { accessoryEnvFile, roleEnvFile } from '../commands/naming.js'
import { RemoteScript } from '../commands/script.js'
import { bootAccessories, type ReadLocalFile } from './accessory.js'
import { bootApp } from './boot.js'
import { throwIfCancelled, type RunContext } from './context.js'
import { finishDeploy } from './deploy.js'
import { DockerMissingError } from './errors.js'
import { hookExists, runHook } from './hooks.js'
import { onHosts } from './hosts.js'
import { bootProxies, proxyHosts } from './proxy.js'
import { pullOnAppHosts } from './pull.js'
import { runRemote } from './remote.js'

/**
 * Docker on every host (installed when we are root on an apt host), `.kamal`, and the env files
 * (without `envFiles`: Kamal's `server bootstrap`).
 */
export async function prepareHosts(ctx: RunContext, envFiles = true): Promise<void> {
  const { config, targets } = ctx
  const missing: string[] = []
  await ctx.reporter.group(
    `Ensure Docker is installed${envFiles ? ' and push env files' : ''} on ${targets.hosts.length} host(s)`,
    async () => {
      await onHosts(ctx, targets.hosts, async (address, log) => {
        const script = new RemoteScript().add(ensureDocker)
        for (const role of envFiles ? targets.roles : []) {
          const host = role.hosts.find((h) => h.address === address)
          if (host)
            script.writeFile(roleEnvFile(config, role), envFileContent(envFor(config, role, host), ctx.secrets), '600')
        }
        for (const acc of envFiles ? targets.accessories : [])
          if (acc.hosts.includes(address))
            script.writeFile(accessoryEnvFile(config, acc), envFileContent(acc.env, ctx.secrets), '600')
        const { report } = await runRemote(
          ctx.pool.get(address),
          script,
          envFiles ? 'ensure Docker and push env files' : 'ensure Docker'
        )
        if (report.docker === 'missing') missing.push(address)
        else if (report.docker === 'installed') {
          ctx.report.dockerInstalled.push(address)
          log.done(address, 'Docker was missing and has been installed')
        }
      })
    }
  )
  if (missing.length > 0)
    throw new DockerMissingError(
      `Docker is not installed on ${missing.join(', ')} and can't be installed automatically: that needs root (ssh.user is ${config.ssh.user}) and apt-get. Install Docker on ${missing.length > 1 ? 'those hosts' : 'that host'} by hand: https://docs.docker.com/engine/install/`
    )
}

/**
 * The part of setup that runs under the lock. Kamal runs pre-deploy after the pull; here the pull
 * comes later, so the hook runs before anything is booted (proxy, accessories, app), as in Kamal.
 */
export async function setupLocked(ctx: RunContext, readLocalFile: ReadLocalFile): Promise<void> {
  await prepareHosts(ctx)
  await runHook(ctx, 'docker-setup')
  throwIfCancelled(ctx.signal)
  await runHook(ctx, 'pre-deploy')
  throwIfCancelled(ctx.signal)
  await bootProxies(ctx, proxyHosts(ctx, true))
  throwIfCancelled(ctx.signal)
  await bootAccessories(ctx, readLocalFile)
  throwIfCancelled(ctx.signal)
  await pullOnAppHosts(ctx)
  throwIfCancelled(ctx.signal)
  await bootApp(ctx)
  // Kamal's setup runs post-deploy inside its lock: then the lock's own end releases it.
  await finishDeploy(ctx, { release: !hookExists(ctx, 'post-deploy') })
}
