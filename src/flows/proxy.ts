// kamal-proxy in the flows: boot the proxy on every proxy host (Kamal's "Ensure kamal-proxy is
// running", lib/kamal/cli/proxy.rb), and hand a new container to it in a boot script. The proxy
// health-checks the new target and switches traffic atomically; only then is the old one stopped.
import { auditLine } from '../commands/audit.js'
import {
  appDirectoryCount,
  bootProxy,
  ownPrivateKey,
  prepareProxyBoot,
  makeProxyConfigDirectory,
  proxyImage,
  removeProxyContainer,
  removeProxyDirectory,
  removeProxyImage,
  runProxy,
  startProxy,
  stopProxy,
  switchProxyTo,
  tlsPaths,
  waitForProxy,
  type ProxySwitch
} from '../commands/proxy.js'
import { RemoteScript, single } from '../commands/script.js'
import { errorsHidden, quietly, silently } from '../commands/shell.js'
import type { ProxyConfig } from '../config/types.js'
import { proxyHostsOf, type RunContext } from './context.js'
import { onHosts } from './hosts.js'
import { addWithLogin } from './registry.js'
import { runRemote } from './remote.js'

/** Hosts of the proxied roles of this run (and of proxied accessories, for setup). */
export function proxyHosts(ctx: RunContext, withAccessories: boolean): string[] {
  const hosts = ctx.targets.roles.filter((r) => r.proxyConfig).flatMap((r) => r.hosts.map((h) => h.address))
  if (withAccessories) hosts.push(...ctx.targets.accessories.filter((a) => a.proxy).flatMap((a) => a.hosts))
  return [...new Set(hosts)]
}

/** The proxy settings that decide how the proxy container starts on a host (one per host, checked at load). */
function proxyOn(ctx: RunContext, host: string): ProxyConfig | undefined {
  for (const r of ctx.targets.roles) if (r.proxyConfig && r.hosts.some((h) => h.address === host)) return r.proxyConfig
  for (const a of ctx.targets.accessories) if (a.proxy && a.hosts.includes(host)) return a.proxy
  return undefined
}

/** Network, version check, `docker container start kamal-proxy || docker run ...` on every proxy host. */
export async function bootProxies(ctx: RunContext, hosts: string[]): Promise<void> {
  if (hosts.length === 0) return
  const { config } = ctx
  await ctx.reporter.group(`Ensure kamal-proxy is running on ${hosts.length} host(s)`, async () => {
    await onHosts(ctx, hosts, async (host, log) => {
      const run = proxyOn(ctx, host)?.run
      const script = new RemoteScript().add(prepareProxyBoot())
      // A proxy that is there only needs `docker container start`: the registry login happens
      // only when the `docker run` of a missing proxy cannot pull with the stored credentials.
      addWithLogin(script, ctx, config.registry, quietly(bootProxy(run)))
      const { report } = await runRemote(ctx.pool.get(host), script, 'boot kamal-proxy')
      const was = report.proxyWas ?? 'unknown'
      const image = run ? proxyImage(run) : 'the image of .kamal/proxy/image (default basecamp/kamal-proxy:v0.9.2)'
      log.done(
        host,
        `kamal-proxy ${was === 'running' ? 'was already running' : was === 'missing' ? `started from ${image}` : `restarted (was ${was})`}`
      )
    })
  })
}

/**
 * Adds to a boot script: upload a custom certificate (through stdin; the certificate 0644 as Kamal
 * writes it, the private key 0600 and owned by the proxy's user), then switch the proxy to the new
 * container (see `switchProxyTo`).
 */
export function addProxySwitch(script: RemoteScript, ctx: RunContext, t: Omit<ProxySwitch, 'config'>): void {
  const cert = t.proxy.customCertificate
  if (cert) {
    const paths = tlsPaths(ctx.config, t.tlsName)
    script.writeFile(`${paths.hostDir}/cert.pem`, ctx.secrets.get(cert.certificatePem) ?? '', '644')
    script.writeFile(`${paths.hostDir}/key.pem`, ctx.secrets.get(cert.privateKeyPem) ?? '', '600')
    script.add(ownPrivateKey(ctx.config, t.tlsName))
  }
  script.add(switchProxyTo({ ...t, config: ctx.config }))
}

/**
 * Hooks around each `proxy reboot` group: Kamal's `pre-proxy-reboot` and `post-proxy-reboot`, run
 * with KAMAL_HOSTS = the group's hosts. Built by the hooks issue (#12); until it lands the action
 * passes none. A hook that fails stops the reboot before (pre) or after (post) its group.
 */
export interface ProxyRebootHooks {
  before?(hosts: string[]): Promise<void>
  after?(hosts: string[]): Promise<void>
}

/**
 * `proxy reboot [--rolling]`: per group (all proxy hosts at once, or one host at a time), on each
 * host: audit, stop (may fail), remove the container, the apps-config directory, and `docker run`
 * (with a registry login only when the run cannot pull with the host's stored credentials), then a
 * wait until the new proxy answers. kamal-proxy restores its routes from its config volume, so the
 * app is not deployed again.
 */
export async function proxyReboot(ctx: RunContext, rolling: boolean, hooks: ProxyRebootHooks = {}): Promise<void> {
  const hosts = proxyHostsOf(ctx.targets)
  const groups = rolling ? hosts.map((h) => [h]) : hosts.length > 0 ? [hosts] : []
  for (const group of groups) {
    // ── call site: pre-proxy-reboot hook (#12), KAMAL_HOSTS = group.join(',')
    await hooks.before?.(group)
    await ctx.reporter.group(`Reboot kamal-proxy on ${group.join(', ')}`, async () => {
      await onHosts(ctx, group, async (host) => {
        const script = new RemoteScript().add(
          auditLine(ctx.config, ctx.performer, 'Rebooted proxy'),
          silently(stopProxy),
          quietly(removeProxyContainer),
          makeProxyConfigDirectory
        )
        addWithLogin(script, ctx, ctx.config.registry, quietly(runProxy(proxyOn(ctx, host)?.run)))
        script.add(waitForProxy)
        await runRemote(ctx.pool.get(host), script, 'reboot kamal-proxy')
        ctx.reporter.info(`${host}: kamal-proxy rebooted`)
      })
    })
    // ── call site: post-proxy-reboot hook (#12), KAMAL_HOSTS = group.join(',')
    await hooks.after?.(group)
  }
}

const PAST: Record<string, string> = { Start: 'started', Stop: 'stopped', Restart: 'restarted', Remove: 'removed' }

/** Runs the same lines on every proxy host. */
async function onProxyHosts(ctx: RunContext, verb: string, lines: string[]): Promise<void> {
  const hosts = proxyHostsOf(ctx.targets)
  await ctx.reporter.group(`${verb} kamal-proxy on ${hosts.length} host(s)`, async () => {
    await onHosts(ctx, hosts, async (host) => {
      await runRemote(ctx.pool.get(host), new RemoteScript().add(...lines), `${verb.toLowerCase()} kamal-proxy`)
      ctx.reporter.info(`${host}: kamal-proxy ${PAST[verb] ?? verb}`)
    })
  })
}

const startLines = (ctx: RunContext) => [auditLine(ctx.config, ctx.performer, 'Started proxy'), quietly(startProxy)]
const stopLines = (ctx: RunContext) => [auditLine(ctx.config, ctx.performer, 'Stopped proxy'), silently(stopProxy)]

export const proxyStart = (ctx: RunContext) => onProxyHosts(ctx, 'Start', startLines(ctx))
export const proxyStop = (ctx: RunContext) => onProxyHosts(ctx, 'Stop', stopLines(ctx))
export const proxyRestart = (ctx: RunContext) => onProxyHosts(ctx, 'Restart', [...stopLines(ctx), ...startLines(ctx)])

/**
 * `proxy remove [--force]`: refused (a message, nothing removed) while another app is installed on
 * a proxy host, unless forced; otherwise stop, container, image and `.kamal/proxy`.
 */
export async function proxyRemove(ctx: RunContext, force: boolean): Promise<boolean> {
  const hosts = proxyHostsOf(ctx.targets)
  if (hosts.length === 0) return true
  const counts = await onHosts(ctx, hosts, async (host) => {
    const result = await runRemote(ctx.pool.get(host), single(appDirectoryCount), 'count the apps on the host')
    return Number(result.stdout.trim() || '0')
  })
  const busy = hosts.filter((h) => (counts.get(h) ?? 0) > 0)
  if (busy.length > 0 && !force) {
    ctx.reporter.warning(
      `Not removing kamal-proxy, as other apps are installed on ${busy.join(', ')}; ignore this check with \`proxy remove --force\``
    )
    return false
  }
  if (busy.length > 0) ctx.reporter.info('Forcing, so removing the proxy, even though other apps are installed')
  await onProxyHosts(ctx, 'Remove', [
    ...stopLines(ctx),
    auditLine(ctx.config, ctx.performer, 'Removed proxy container'),
    quietly(removeProxyContainer),
    auditLine(ctx.config, ctx.performer, 'Removed proxy image'),
    quietly(removeProxyImage),
    errorsHidden(removeProxyDirectory)
  ])
  return true
}
