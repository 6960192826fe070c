// Kamal's `app` commands that change the hosts (lib/kamal/cli/app.rb): start, stop, stale
// containers, maintenance, live, boot and remove. One exec per host (its roles one after the
// other, as Kamal does without boot.parallel_roles), hosts in parallel. The callers lock.
import {
  newestContainerName,
  proxyMaintenance,
  proxyResume,
  removeAppContainers,
  removeAppImages,
  startApp,
  stopApp
} from '../commands/app.js'
import { auditLine } from '../commands/audit.js'
import { removeAppDirectory } from '../commands/docker.js'
import { proxyDeployRunning, proxyRemoveIfRunning, staleContainers } from '../commands/manage.js'
import { appsDir, rolePrefix } from '../commands/naming.js'
import { removeProxyAppDirectory } from '../commands/proxy.js'
import { RemoteScript } from '../commands/script.js'
import { errorsHidden, mayFail, quietly } from '../commands/shell.js'
import type { DeployConfig, Role } from '../config/types.js'
import { bootApp } from './boot.js'
import type { RunContext, Targets } from './context.js'
import { finishDeploy } from './deploy.js'
import { onHosts } from './hosts.js'
import { queryHosts, showOutputs } from './inspect.js'
import { runRemote } from './remote.js'

const rolesOn = (ctx: RunContext, host: string): Role[] =>
  ctx.targets.roles.filter((r) => r.hosts.some((h) => h.address === host))

/** Runs one script per app host (built from the host's roles) in a log group. */
async function onAppHosts(
  ctx: RunContext,
  title: string,
  label: string,
  build: (host: string, roles: Role[], script: RemoteScript) => void,
  hosts = ctx.targets.appHosts
): Promise<void> {
  await ctx.reporter.group(`${title} on ${hosts.length} host(s)`, async () => {
    await onHosts(ctx, hosts, async (host) => {
      const script = new RemoteScript()
      build(host, rolesOn(ctx, host), script)
      await runRemote(ctx.pool.get(host), script, label)
      ctx.reporter.info(
        `${host}: ${label} (${rolesOn(ctx, host)
          .map((r) => r.name)
          .join(', ')})`
      )
    })
  })
}

/**
 * `app stop`: per role, kamal-proxy forgets a proxied role first (it then answers 404), then the
 * running container is stopped (both may fail, as in Kamal).
 */
export async function appStop(ctx: RunContext): Promise<void> {
  const { config } = ctx
  await onAppHosts(ctx, 'Stop the app', 'stop app', (_host, roles, script) => {
    for (const role of roles) {
      script.add(auditLine(config, ctx.performer, 'Stopped app', [role.name]))
      if (role.proxyConfig) script.add(proxyRemoveIfRunning(config, role))
      script.add(mayFail(stopApp(config, role)))
    }
  })
}

/**
 * `app start`: the container of `versionOf(host, role)` started again, and a proxied role's running
 * container handed to kamal-proxy (which health-checks it before it serves).
 */
export async function appStart(ctx: RunContext, versionOf: (host: string, role: Role) => string): Promise<void> {
  const { config } = ctx
  await onAppHosts(ctx, 'Start the app', 'start app', (host, roles, script) => {
    for (const role of roles) {
      const version = versionOf(host, role)
      script.add(
        auditLine(config, ctx.performer, `Started app version ${version}`),
        mayFail(startApp(config, role, version))
      )
      if (role.proxyConfig) script.add(...proxyDeployRunning(config, role, role.proxyConfig, host))
    }
  })
}

/**
 * The version `app start` starts on each host and role: the one given, else the newest container
 * of the role (Kamal takes the checkout's git SHA, which in a workflow is rarely what was deployed).
 */
export async function versionsToStart(
  ctx: RunContext,
  given: string | undefined
): Promise<(host: string, role: Role) => string> {
  if (given !== undefined) return () => given
  const { config } = ctx
  const outputs = await queryHosts(ctx, ctx.targets.appHosts, (host) =>
    rolesOn(ctx, host).map((r) => ({
      title: r.name,
      command: newestContainerName(config, r),
      onFailure: ''
    }))
  )
  return (host, role) => {
    const name = outputs.find((o) => o.host === host && o.title === role.name)?.text.trim() ?? ''
    const prefix = `${rolePrefix(config, role)}-`
    return name.startsWith(prefix) ? name.slice(prefix.length) : ctx.version
  }
}

/** `app stale_containers [--stop]`: each host's answer shown. */
export async function appStaleContainers(ctx: RunContext, stop: boolean): Promise<void> {
  const outputs = await queryHosts(ctx, ctx.targets.appHosts, (host) =>
    rolesOn(ctx, host).map((r) => ({
      title: `app stale_containers${stop ? ' --stop' : ''} (${r.name})`,
      command: new RemoteScript().add(...staleContainers(ctx.config, r, stop)).command
    }))
  )
  await showOutputs(ctx, outputs)
}

/** Proxied roles on a host (maintenance and live act through kamal-proxy only). */
const proxiedRolesOn = (ctx: RunContext, host: string) => rolesOn(ctx, host).filter((r) => r.proxyConfig)

function proxiedAppHosts(ctx: RunContext): string[] {
  return ctx.targets.appHosts.filter((h) => proxiedRolesOn(ctx, h).length > 0)
}

/** `app maintenance`: kamal-proxy drains, then answers 503 (with the message) for each proxied role. */
export async function appMaintenance(
  ctx: RunContext,
  drainTimeout: number | undefined,
  message: string | undefined
): Promise<void> {
  const drain = drainTimeout ?? ctx.config.drainTimeout
  await onAppHosts(
    ctx,
    'Maintenance mode',
    'app maintenance',
    (host, _roles, script) => {
      for (const role of proxiedRolesOn(ctx, host))
        script.add(proxyMaintenance(rolePrefix(ctx.config, role), drain, message))
    },
    proxiedAppHosts(ctx)
  )
}

/** `app live`: kamal-proxy serves the proxied roles again. */
export async function appLive(ctx: RunContext): Promise<void> {
  await onAppHosts(
    ctx,
    'Live mode',
    'app live',
    (host, _roles, script) => {
      for (const role of proxiedRolesOn(ctx, host)) script.add(proxyResume(rolePrefix(ctx.config, role)))
    },
    proxiedAppHosts(ctx)
  )
}

/**
 * `app boot`: the boot phase alone at `ctx.version` (Kamal: `--version`, else the `latest` tag),
 * then `:latest` moved; no pull, no proxy boot, no prune.
 */
export async function appBoot(ctx: RunContext): Promise<void> {
  // Hooks (#12): pre-app-boot / post-app-boot run around each boot group, inside bootApp.
  await bootApp(ctx, { prune: false })
  await finishDeploy(ctx)
}

/** Hosts where every role of the config is removed (only there do images and directories go). */
export function hostsRemovingAllRoles(config: DeployConfig, targets: Targets): string[] {
  return targets.appHosts.filter((host) => {
    const on = (roles: Role[]) => roles.filter((r) => r.hosts.some((h) => h.address === host)).map((r) => r.name)
    const removed = on(targets.roles)
    return on(config.roles).every((r) => removed.includes(r))
  })
}

/**
 * `app remove`: stop, then per role its containers, then (on hosts where every role goes) the
 * app's images, `.kamal/apps/<service>` and its kamal-proxy directory.
 */
export async function appRemove(ctx: RunContext): Promise<void> {
  const { config } = ctx
  const whole = hostsRemovingAllRoles(config, ctx.targets)
  await onAppHosts(ctx, 'Remove the app', 'remove app', (host, roles, script) => {
    for (const role of roles) {
      script.add(auditLine(config, ctx.performer, 'Stopped app', [role.name]))
      if (role.proxyConfig) script.add(proxyRemoveIfRunning(config, role))
      script.add(mayFail(stopApp(config, role)))
    }
    for (const role of roles)
      script.add(
        auditLine(config, ctx.performer, 'Removed all app containers', [role.name]),
        quietly(removeAppContainers(config, role))
      )
    if (!whole.includes(host)) return
    script.add(
      auditLine(config, ctx.performer, 'Removed all app images'),
      quietly(removeAppImages(config)),
      mayFail(removeAppDirectory(config)),
      auditLine(config, ctx.performer, `Removed ${appsDir(config)}`),
      errorsHidden(removeProxyAppDirectory(config))
    )
  })
}
