// kamal-proxy settings (Kamal: lib/kamal/configuration/proxy.rb): root `proxy`, a role's (true/false, or a hash merged
// over the root's) and an accessory's, with Kamal's defaults and checks, each problem located at the key causing it.
import { isIP } from 'node:net'
import { cut, isHash } from '../util/values.js'
import type { Add } from './errors.js'
import type { RawProxy } from './schema.js'
import type { Accessory, Options, ProxyConfig, ProxyRun, Role } from './types.js'

export const DEFAULT_LOG_REQUEST_HEADERS = ['Cache-Control', 'Last-Modified', 'User-Agent']
export const PROXY_MINIMUM_VERSION = 'v0.9.2'
export const PROXY_REPOSITORY = 'basecamp/kamal-proxy'

/** Where a key of a merged proxy config comes from: the most specific hash that has it. */
export interface ProxyLayer {
  raw: RawProxy
  path: (string | number)[]
}

function locate(layers: ProxyLayer[], key: string): (string | number)[] {
  for (const l of [...layers].reverse()) if (key in l.raw) return [...l.path, key]
  const last = layers[layers.length - 1]
  return last ? last.path : ['proxy']
}

/** Kamal's deep merge of proxy hashes: nested hashes merge, everything else is replaced. */
function mergeProxy(layers: ProxyLayer[]): RawProxy {
  const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...a }
    for (const [k, v] of Object.entries(b)) {
      const prev = out[k]
      out[k] = isHash(prev) && isHash(v) ? merge(prev, v) : v
    }
    return out
  }
  return layers.reduce<Record<string, unknown>>((acc, l) => merge(acc, l.raw), {})
}

const splitList = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/** Normalizes the merged layers (root first, most specific last) and checks them. */
export function normalizeProxy(layers: ProxyLayer[], add: Add): ProxyConfig {
  const raw = mergeProxy(layers)
  if (raw.host !== undefined && raw.hosts !== undefined)
    add(locate(layers, 'hosts'), "Specify one of 'host' or 'hosts', not both", true)
  const hosts = raw.hosts ?? splitList(raw.host)
  const { ssl, customCertificate } = normalizeSsl(raw.ssl, layers, add)
  if (ssl && hosts.length === 0) add(locate(layers, 'ssl'), 'Must set a host to enable automatic SSL', true)
  return {
    hosts,
    appPort: raw.app_port ?? 80,
    ssl,
    customCertificate,
    sslRedirect: raw.ssl_redirect,
    forwardHeaders: raw.forward_headers,
    responseTimeout: raw.response_timeout,
    pathPrefixes: raw.path_prefixes ?? splitList(raw.path_prefix),
    stripPathPrefix: raw.strip_path_prefix,
    healthcheck: {
      path: raw.healthcheck?.path,
      interval: raw.healthcheck?.interval,
      timeout: raw.healthcheck?.timeout
    },
    buffering: {
      requests: raw.buffering?.requests ?? true,
      responses: raw.buffering?.responses ?? true,
      memory: raw.buffering?.memory,
      maxRequestBody: raw.buffering?.max_request_body,
      maxResponseBody: raw.buffering?.max_response_body
    },
    logging: {
      requestHeaders: raw.logging?.request_headers ?? DEFAULT_LOG_REQUEST_HEADERS,
      responseHeaders: raw.logging?.response_headers ?? []
    },
    run: raw.run ? normalizeRun(raw.run, locate(layers, 'run'), add) : undefined
  }
}

/** `ssl: true`, or a hash naming the secrets of a custom certificate and its key (both or neither). */
function normalizeSsl(
  raw: RawProxy['ssl'],
  layers: ProxyLayer[],
  add: Add
): Pick<ProxyConfig, 'ssl' | 'customCertificate'> {
  if (!isHash(raw)) return { ssl: raw === true, customCertificate: undefined }
  const { certificate_pem: cert, private_key_pem: key } = raw
  if (cert !== undefined && key === undefined)
    add(locate(layers, 'ssl'), 'Missing private_key_pem setting (required when certificate_pem is present)', true)
  if (key !== undefined && cert === undefined)
    add(locate(layers, 'ssl'), 'Missing certificate_pem setting (required when private_key_pem is present)', true)
  const customCertificate =
    cert !== undefined && key !== undefined ? { certificatePem: cert, privateKeyPem: key } : undefined
  return { ssl: true, customCertificate }
}

function normalizeRun(raw: NonNullable<RawProxy['run']>, path: (string | number)[], add: Add): ProxyRun {
  const publish = raw.publish ?? true
  if (!publish && (raw.http_port !== undefined || raw.https_port !== undefined || raw.bind_ips !== undefined))
    add([...path, 'publish'], 'Cannot set http_port, https_port or bind_ips when publish is false', true)
  ;(raw.bind_ips ?? []).forEach((ip, i) => {
    if (isIP(ip) === 0) add([...path, 'bind_ips', i], `Invalid publish IP address: ${cut(ip, 100)}`)
  })
  const options: Options = {}
  for (const [k, v] of Object.entries(raw.options ?? {})) options[k] = v === 'true' ? null : v
  return {
    httpPort: raw.http_port ?? 80,
    httpsPort: raw.https_port ?? 443,
    bindIps: raw.bind_ips ?? [],
    publish,
    logMaxSize: raw.log_max_size ?? '10m',
    metricsPort: raw.metrics_port,
    debug: raw.debug ?? false,
    registry: raw.registry,
    repository: raw.repository ?? PROXY_REPOSITORY,
    version: raw.version ?? PROXY_MINIMUM_VERSION,
    options
  }
}

/** The role's proxy layers: none when the role does not run the proxy. */
export function roleProxyLayers(
  name: string,
  rawRoleProxy: boolean | RawProxy | undefined,
  rootProxy: RawProxy | undefined,
  primaryRole: string,
  rolePath: (string | number)[]
): ProxyLayer[] | undefined {
  const running = rawRoleProxy === undefined ? name === primaryRole : rawRoleProxy !== false
  if (!running) return undefined
  const layers: ProxyLayer[] = [{ raw: rootProxy ?? {}, path: ['proxy'] }]
  if (isHash(rawRoleProxy)) layers.push({ raw: rawRoleProxy, path: [...rolePath, 'proxy'] })
  return layers
}

/**
 * Configuration-level checks across roles: automatic SSL on one server only, no host name shared
 * by two roles with SSL, and one `run` per host.
 */
function checkProxyRoles(roles: Role[], layersByRole: Map<string, ProxyLayer[]>, add: Add): void {
  const sslHosts = new Map<string, string>()
  for (const role of roles) {
    const proxy = role.proxyConfig
    const layers = layersByRole.get(role.name)
    if (!proxy || !layers) continue
    if (proxy.ssl && !proxy.customCertificate && role.hosts.length > 1)
      add(
        locate(layers, 'ssl'),
        `SSL is only supported on a single server unless you provide custom certificates, found ${role.hosts.length} servers for role ${role.name}`,
        true
      )
    if (proxy.ssl) {
      for (const h of proxy.hosts) {
        const other = sslHosts.get(h)
        if (other !== undefined && other !== role.name)
          add(locate(layers, proxyHostKey(layers)), `Different roles can't share the same host for SSL: ${h}`, true)
        else sslHosts.set(h, role.name)
      }
    }
  }
}

function proxyHostKey(layers: ProxyLayer[]): string {
  return layers.some((l) => 'hosts' in l.raw) ? 'hosts' : 'host'
}

/** All roles and accessories on one host must start the proxy the same way. */
function checkProxyRunPerHost(
  users: { hosts: string[]; proxy: ProxyConfig; path: (string | number)[] }[],
  add: Add
): void {
  const byHost = new Map<string, string>()
  const reported = new Set<string>()
  for (const u of users) {
    const key = JSON.stringify(u.proxy.run ?? null)
    for (const h of u.hosts) {
      const seen = byHost.get(h)
      if (seen === undefined) byHost.set(h, key)
      else if (seen !== key && !reported.has(h)) {
        reported.add(h)
        add(u.path, `Conflicting proxy run configurations for host ${h}`, true)
      }
    }
  }
}

/** The checks across every user of kamal-proxy: SSL per role, then one `run` per host (roles, then accessories). */
export function checkProxiesAcross(
  roles: Role[],
  accessories: Accessory[],
  layersByRole: Map<string, ProxyLayer[]>,
  add: Add
): void {
  checkProxyRoles(roles, layersByRole, add)
  checkProxyRunPerHost(
    [
      ...roles.flatMap((r) =>
        r.proxyConfig
          ? [
              {
                hosts: r.hosts.map((h) => h.address),
                proxy: r.proxyConfig,
                path: [...(layersByRole.get(r.name)?.at(-1)?.path ?? ['proxy'])]
              }
            ]
          : []
      ),
      ...accessories.flatMap((a) =>
        a.proxy ? [{ hosts: a.hosts, proxy: a.proxy, path: ['accessories', a.name, 'proxy'] }] : []
      )
    ],
    add
  )
}
