// kamal-proxy in the flows: boot the proxy on every proxy host (Kamal's "Ensure kamal-proxy is
// running"), and the part of a boot script that hands a new container to the proxy. The proxy
// health-checks the new target and switches traffic atomically; only then is the old one stopped.
import { containerIdByName } from '../commands/app.js'
import { createNetwork } from '../commands/docker.js'
import { bootProxy, proxyDeploy, proxyImage, proxyVersionCheck, tlsPaths } from '../commands/proxy.js'
import { RemoteScript } from '../commands/script.js'
import { quote, word } from '../commands/shell.js'
import type { ProxyConfig } from '../config/types.js'
import type { RunContext } from './context.js'
import { addWithLogin, marker } from './deploy.js'
import { onHosts } from './hosts.js'

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
      const script = new RemoteScript().add(
        createNetwork,
        proxyVersionCheck(),
        // An absent container makes `docker inspect` print an empty line (and fail): call that missing.
        `PROXY_WAS=$(docker inspect --format '{{.State.Status}}' kamal-proxy 2> /dev/null | tr -d '\\n') || true; echo "DECKHAND_PROXY_WAS=\${PROXY_WAS:-missing}"`,
        'mkdir -p .kamal/proxy/apps-config'
      )
      // A proxy that is there only needs `docker container start`: the registry login happens
      // only when the `docker run` of a missing proxy cannot pull with the stored credentials.
      addWithLogin(script, ctx, config.registry, `${bootProxy(run)} > /dev/null`)
      const result = await ctx.pool.get(host).run(script.command, 'boot kamal-proxy', { stdin: script.stdin })
      const was = marker(result.stdout, 'DECKHAND_PROXY_WAS') ?? 'unknown'
      const image = run ? proxyImage(run) : 'the image of .kamal/proxy/image (default basecamp/kamal-proxy:v0.9.2)'
      ctx.reporter.info(
        `${host}: kamal-proxy ${was === 'running' ? 'was already running' : was === 'missing' ? `started from ${image}` : `restarted (was ${was})`}`
      )
    })
  })
}

export interface ProxyTarget {
  proxy: ProxyConfig
  /** kamal-proxy service name. */
  service: string
  /** Container whose ID becomes the target. */
  container: string
  /** Role or accessory name (folder of its custom certificate); `what` names it in messages. */
  name: string
  what: string
  host: string
}

/**
 * Adds to a boot script: find the new container's ID, upload a custom certificate (through
 * stdin), `kamal-proxy deploy`. When the proxy refuses (the health check never passed) the old
 * target keeps serving; the new container is stopped and kept, and the script fails with the
 * proxy's own message on its last lines. Prints DECKHAND_PROXY=switched|failed.
 */
export function addProxyDeploy(script: RemoteScript, ctx: RunContext, t: ProxyTarget): void {
  const { config } = ctx
  const cert = t.proxy.customCertificate
  if (cert) {
    const paths = tlsPaths(config, t.name)
    script.writeFile(`${paths.hostDir}/cert.pem`, ctx.secrets.get(cert.certificatePem) ?? '', '644')
    script.writeFile(`${paths.hostDir}/key.pem`, ctx.secrets.get(cert.privateKeyPem) ?? '', '644')
  }
  const deploy = proxyDeploy({ config, proxy: t.proxy, service: t.service, target: '${DECKHAND_ID}', tlsName: t.name })
  script.add(
    `DECKHAND_ID=$(${containerIdByName(t.container)})`,
    `if [ -z "$DECKHAND_ID" ]; then echo ${quote(`Failed to get endpoint for ${t.what} on ${t.host}, did the container boot?`)} >&2; exit 70; fi`,
    `if DECKHAND_OUT=$(${deploy} 2>&1); then`,
    '  echo "DECKHAND_PROXY=switched"',
    'else',
    '  echo "DECKHAND_PROXY=failed"',
    `  docker stop ${word(t.container)} > /dev/null 2>&1 || true`,
    `  docker logs --tail 10 ${word(t.container)} 2>&1 | sed 's/^/  /' >&2 || true`,
    `  echo ${quote(`kamal-proxy did not switch ${t.service} to ${t.container} on ${t.host}: the old version keeps serving; ${t.container} was stopped and kept for inspection (its last log lines are above). kamal-proxy said:`)} >&2`,
    `  printf '%s\\n' "$DECKHAND_OUT" >&2`,
    '  exit 70',
    'fi'
  )
}
