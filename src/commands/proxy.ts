// kamal-proxy commands, as Kamal v2 builds them: booting the `kamal-proxy` container on a host and
// `kamal-proxy deploy`, which health-checks a new target, switches traffic to it atomically and
// drains the old one. Flags use kamal-proxy's `--key="value"` form; `true` gives a bare flag.
import { PROXY_MINIMUM_VERSION } from '../config/proxy.js'
import type { DeployConfig, ProxyConfig, ProxyRun } from '../config/types.js'
import { containerIdByName, type LogOptions } from './app.js'
import { createNetwork } from './docker.js'
import { serviceWithDestination } from './naming.js'
import { EXIT, reportLine } from './protocol.js'
import type { Fragment } from './script.js'
import { kamalValue, optionize, quote, word } from './shell.js'

export const PROXY_CONTAINER = 'kamal-proxy'
/** On the host (relative to the SSH user's home) and inside the proxy container. */
export const PROXY_APPS_CONFIG = '.kamal/proxy/apps-config'
/** The directory the proxy mounts as its apps config, made before the proxy starts. */
export const makeProxyConfigDirectory = `mkdir -p ${PROXY_APPS_CONFIG}`
const CONTAINER_APPS_CONFIG = '/home/kamal-proxy/.apps-config'

const RUN_PREFIX =
  'docker run --name kamal-proxy --network kamal --detach --restart unless-stopped --volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy --volume $PWD/.kamal/proxy/apps-config:/home/kamal-proxy/.apps-config'

/** `[registry/]repository:version`, Kamal's mapping of `proxy.run`. */
export function proxyImage(run: ProxyRun): string {
  return `${run.registry ? `${run.registry}/` : ''}${run.repository}:${run.version}`
}

function publishArgs(run: ProxyRun): string[] {
  if (!run.publish) return []
  const binds = run.bindIps.length > 0 ? run.bindIps.map((ip) => (ip.includes(':') ? `[${ip}]` : ip)) : [undefined]
  return binds.flatMap((ip) => [
    `--publish ${word([ip, run.httpPort, 80].filter((x) => x !== undefined).join(':'))}`,
    `--publish ${word([ip, run.httpsPort, 443].filter((x) => x !== undefined).join(':'))}`
  ])
}

/**
 * Starts the proxy unless it is there: `docker container start` leaves a running one alone and
 * restarts a stopped one; only when there is none is it created. Without `proxy.run`, the legacy
 * `.kamal/proxy/*` boot_config files (or Kamal's defaults) choose the options and image.
 */
export function bootProxy(run: ProxyRun | undefined): string {
  return `docker container start kamal-proxy || ${runProxy(run)}`
}

/** `docker run` of the proxy (Kamal's `proxy.run`; `proxy reboot` runs it without trying a start first). */
export function runProxy(run: ProxyRun | undefined): string {
  if (!run)
    return `echo $(cat .kamal/proxy/options 2> /dev/null || echo "--publish 80:80 --publish 443:443 --log-opt max-size=10m") $(cat .kamal/proxy/image 2> /dev/null || echo "basecamp/kamal-proxy"):$(cat .kamal/proxy/image_version 2> /dev/null || echo "${PROXY_MINIMUM_VERSION}") $(cat .kamal/proxy/run_command 2> /dev/null || echo "") | xargs ${RUN_PREFIX}`
  const runCommand = [
    'kamal-proxy run',
    ...(run.metricsPort !== undefined ? [`--metrics-port ${kamalValue(String(run.metricsPort))}`] : []),
    ...(run.debug ? ['--debug'] : [])
  ]
  return [
    RUN_PREFIX,
    ...publishArgs(run),
    `--log-opt max-size=${word(run.logMaxSize)}`,
    ...(run.metricsPort !== undefined ? [`--expose=${run.metricsPort}`] : []),
    ...optionize(run.options),
    word(proxyImage(run)),
    ...runCommand
  ].join(' ')
}

/** The tag of the proxy container's image (empty when there is no proxy container). */
export const proxyVersion = `docker inspect kamal-proxy --format '{{.Config.Image}}' | awk -F: '{print $NF}'`

/**
 * Stops the script when a proxy container exists with a version tag older than the minimum
 * (Kamal's check before booting); tags that are no version (`latest`) are not judged.
 */
export function proxyVersionCheck(minimum = PROXY_MINIMUM_VERSION): string {
  return [
    `DECKHAND_PV=$( { ${proxyVersion} ; } 2> /dev/null || true)`,
    `if printf '%s' "$DECKHAND_PV" | grep -Eq '^v?[0-9]+(\\.[0-9]+)*$' && [ "$(printf '%s\\n%s\\n' "\${DECKHAND_PV#v}" ${word(minimum.replace(/^v/, ''))} | sort -V | head -1)" != ${word(minimum.replace(/^v/, ''))} ]; then`,
    `  echo "kamal-proxy version $DECKHAND_PV is too old, run \\\`kamal proxy reboot\\\` in order to update to at least ${minimum} (or remove the old proxy on this host with \\\`docker rm -f kamal-proxy\\\` and deploy again)" >&2; exit ${EXIT.proxyTooOld}`,
    'fi'
  ].join('\n')
}

/** Where a role's custom certificate lives: on the host, and as the proxy container sees it. */
export function tlsPaths(config: DeployConfig, name: string): { hostDir: string; cert: string; key: string } {
  const dir = `${serviceWithDestination(config)}/tls/${name}`
  return {
    hostDir: `${PROXY_APPS_CONFIG}/${dir}`,
    cert: `${CONTAINER_APPS_CONFIG}/${dir}/cert.pem`,
    key: `${CONTAINER_APPS_CONFIG}/${dir}/key.pem`
  }
}

/**
 * The user kamal-proxy runs as: basecamp/kamal-proxy's Dockerfile does `useradd kamal-proxy` on
 * ubuntu:noble, whose own `ubuntu` user already has uid and gid 1000, then `USER kamal-proxy`.
 */
export const PROXY_USER = '1001:1001'

/**
 * Gives a custom certificate's private key (written 0600) to the proxy's user, so that only it can
 * read the key (Kamal writes it 0644). An SSH user who may not `chown` has it done by root inside
 * the proxy container, which mounts the apps-config directory.
 */
export function ownPrivateKey(config: DeployConfig, name: string): string {
  const tls = tlsPaths(config, name)
  return `chown ${PROXY_USER} ${word(`${tls.hostDir}/key.pem`)} 2> /dev/null || docker exec --user 0 kamal-proxy chown ${PROXY_USER} ${word(tls.key)}`
}

export interface ProxyDeployArgs {
  config: DeployConfig
  proxy: ProxyConfig
  /** kamal-proxy service name: `<service>-<role>[-<destination>]`, or the accessory's service. */
  service: string
  /** The short container ID, or a `${VAR}` the remote shell expands. */
  target: string
  /** Role or accessory name: the folder of its custom certificate. */
  tlsName: string
  /** `--error-pages=` path inside the proxy container, when error pages were uploaded. */
  errorPages?: string
}

const seconds = (n: number | undefined) => (n === undefined ? undefined : `${n}s`)

/** `docker exec kamal-proxy kamal-proxy deploy ...`, flag for flag in Kamal's order. */
export function proxyDeploy({ config, proxy, service, target, tlsName, errorPages }: ProxyDeployArgs): string {
  const tls = proxy.customCertificate ? tlsPaths(config, tlsName) : undefined
  const flags: [string, string | number | boolean | string[] | undefined][] = [
    ['target', `${target}:${proxy.appPort}`],
    ['host', proxy.hosts],
    ['tls', proxy.ssl || undefined],
    ['tls-certificate-path', tls?.cert],
    ['tls-private-key-path', tls?.key],
    ['deploy-timeout', seconds(config.deployTimeout)],
    ['drain-timeout', seconds(config.drainTimeout)],
    ['health-check-interval', seconds(proxy.healthcheck.interval)],
    ['health-check-timeout', seconds(proxy.healthcheck.timeout)],
    ['health-check-path', proxy.healthcheck.path],
    ['target-timeout', seconds(proxy.responseTimeout)],
    ['buffer-requests', proxy.buffering.requests],
    ['buffer-responses', proxy.buffering.responses],
    ['buffer-memory', proxy.buffering.memory],
    ['max-request-body', proxy.buffering.maxRequestBody],
    ['max-response-body', proxy.buffering.maxResponseBody],
    ['path-prefix', proxy.pathPrefixes],
    ['strip-path-prefix', proxy.stripPathPrefix],
    ['forward-headers', proxy.forwardHeaders],
    ['tls-redirect', proxy.sslRedirect],
    ['log-request-header', proxy.logging.requestHeaders],
    ['log-response-header', proxy.logging.responseHeaders],
    ['error-pages', errorPages]
  ]
  const out: string[] = []
  for (const [key, value] of flags) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined) continue
      out.push(v === true ? `--${key}` : `--${key}=${kamalValue(String(v))}`)
    }
  }
  return `docker exec kamal-proxy kamal-proxy deploy ${word(service)} ${out.join(' ')}`
}

/** The app's address as the primary role's proxy serves it: first host, https with TLS. */
export function proxyUrl(config: DeployConfig): string {
  const proxy = config.roles.find((r) => r.name === config.primaryRole)?.proxyConfig
  const host = proxy?.hosts[0]
  return proxy && host ? `${proxy.ssl ? 'https' : 'http'}://${host}` : ''
}

/**
 * Before the proxy is started on a host: the `kamal` network, Kamal's version check of a running
 * proxy, what the proxy container was (reported as `proxyWas`: `running`, `exited`..., `missing`)
 * and the apps-config directory it mounts. The start itself (`bootProxy`) may need a registry
 * login, which the flow adds.
 */
export function prepareProxyBoot(): Fragment {
  return {
    lines: [
      createNetwork,
      proxyVersionCheck(),
      // An absent container makes `docker inspect` print an empty line (and fail): call that missing.
      `PROXY_WAS=$(docker inspect --format '{{.State.Status}}' kamal-proxy 2> /dev/null | tr -d '\\n') || true; ${reportLine('proxyWas', '${PROXY_WAS:-missing}')}`,
      makeProxyConfigDirectory
    ],
    assumed: { proxyWas: 'running' }
  }
}

export interface ProxySwitch {
  config: DeployConfig
  proxy: ProxyConfig
  /** kamal-proxy service name. */
  service: string
  /** Container whose ID becomes the target. */
  container: string
  /** Role or accessory name: the folder of its custom certificate. */
  tlsName: string
  /** How messages name it (`web`, `accessory db`) and the host it is on. */
  what: string
  host: string
}

/**
 * Hands a new container to kamal-proxy: its ID, then `kamal-proxy deploy`, which health-checks it
 * and switches traffic atomically (reports `proxy` = switched, and `status` = healthy). When the
 * proxy refuses (the health check never passed) the old target keeps serving; the new container is
 * stopped and kept, and the script exits EXIT.bootFailed with the proxy's own message last.
 */
export function switchProxyTo(t: ProxySwitch): Fragment {
  const deploy = proxyDeploy({
    config: t.config,
    proxy: t.proxy,
    service: t.service,
    target: '${DECKHAND_ID}',
    tlsName: t.tlsName
  })
  const c = word(t.container)
  return {
    lines: [
      `DECKHAND_ID=$(${containerIdByName(t.container)})`,
      `if [ -z "$DECKHAND_ID" ]; then echo ${quote(`Failed to get endpoint for ${t.what} on ${t.host}, did the container boot?`)} >&2; exit ${EXIT.bootFailed}; fi`,
      `if DECKHAND_OUT=$(${deploy} 2>&1); then`,
      `  ${reportLine('proxy', 'switched')}`,
      'else',
      `  ${reportLine('proxy', 'failed')}`,
      `  docker stop ${c} > /dev/null 2>&1 || true`,
      `  docker logs --tail 10 ${c} 2>&1 | sed 's/^/  /' >&2 || true`,
      `  echo ${quote(`kamal-proxy did not switch ${t.service} to ${t.container} on ${t.host}: the old version keeps serving; ${t.container} was stopped and kept for inspection (its last log lines are above). kamal-proxy said:`)} >&2`,
      `  printf '%s\\n' "$DECKHAND_OUT" >&2`,
      `  exit ${EXIT.bootFailed}`,
      'fi'
    ],
    assumed: { proxy: 'switched' }
  }
}

// --- Kamal's `proxy` commands (lib/kamal/commands/proxy.rb)

/** `proxy details`. */
export const proxyInfo = "docker ps --filter 'name=^kamal-proxy$'"

export const startProxy = 'docker container start kamal-proxy'
export const stopProxy = 'docker container stop kamal-proxy'

/** The proxy's stopped container (found by its image's title label, as Kamal does). */
export const removeProxyContainer =
  'docker container prune --force --filter label=org.opencontainers.image.title=kamal-proxy'
export const removeProxyImage =
  'docker image prune --all --force --filter label=org.opencontainers.image.title=kamal-proxy'
export const removeProxyDirectory = 'rm -r .kamal/proxy'

/** How many apps are installed on the host (`proxy remove` refuses while there are any). */
export const appDirectoryCount = 'ls .kamal/apps | wc -l'

/** `proxy logs`. */
export function proxyLogs(o: Omit<LogOptions, 'containerId'>): string {
  const grep =
    o.grep === undefined ? '' : ` | grep ${quote(o.grep)}${(o.grepOptions ?? []).map((w) => ` ${word(w)}`).join('')}`
  return `docker logs kamal-proxy${o.since !== undefined ? ` --since ${word(o.since)}` : ''}${o.lines !== undefined ? ` --tail ${o.lines}` : ''}${o.timestamps ? ' --timestamps' : ''} 2>&1${grep}`
}

/** `app remove`: the app's kamal-proxy directory (error pages, certificates). */
export function removeProxyAppDirectory(config: DeployConfig): string {
  return `rm -r ${PROXY_APPS_CONFIG}/${serviceWithDestination(config)}`
}

/**
 * Waits (at most 30 s) until a just-started kamal-proxy answers on its socket (`kamal-proxy list`),
 * so that a rolling reboot moves to the next host only once this one serves again. Kamal does not
 * wait; its next host may go down while this one still starts.
 */
export const waitForProxy =
  'i=0; until docker exec kamal-proxy kamal-proxy list > /dev/null 2>&1; do i=$((i+1)); if [ $i -gt 120 ]; then echo "kamal-proxy does not answer after its reboot" >&2; exit 1; fi; sleep 0.25; done'
