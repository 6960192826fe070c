// kamal-proxy in the flows: boot the proxy on every proxy host (Kamal's "Ensure kamal-proxy is
// running", lib/kamal/cli/proxy.rb), and hand a new container to it in a boot script. The proxy
// health-checks the new target and switches traffic atomically; only then is the old one stopped.
import {
  bootProxy,
  ownPrivateKey,
  prepareProxyBoot,
  proxyImage,
  switchProxyTo,
  tlsPaths,
  type ProxySwitch
} from '../commands/proxy.js'
import { RemoteScript } from '../commands/script.js'
import { quietly } from '../commands/shell.js'
import type { ProxyConfig } from '../config/types.js'
import type { RunContext } from './context.js'
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
    await onHosts(ctx, hosts, async (host) => {
      const run = proxyOn(ctx, host)?.run
      const script = new RemoteScript().add(prepareProxyBoot())
      // A proxy that is there only needs `docker container start`: the registry login happens
      // only when the `docker run` of a missing proxy cannot pull with the stored credentials.
      addWithLogin(script, ctx, config.registry, quietly(bootProxy(run)))
      const { report } = await runRemote(ctx.pool.get(host), script, 'boot kamal-proxy')
      const was = report.proxyWas ?? 'unknown'
      const image = run ? proxyImage(run) : 'the image of .kamal/proxy/image (default basecamp/kamal-proxy:v0.9.2)'
      ctx.reporter.info(
        `${host}: kamal-proxy ${was === 'running' ? 'was already running' : was === 'missing' ? `started from ${image}` : `restarted (was ${was})`}`
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
