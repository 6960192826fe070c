// Values that become `docker` arguments, checked before any host is touched: a value Docker would
// refuse only fails on the hosts (after the lock, the pull, the login), so it is a config error here,
// at its key's file and line. Image names follow Docker's reference grammar
// (github.com/distribution/reference, regexp.go and normalize.go); the other checks follow what the
// docker CLI and daemon accept for labels, volumes, ports, networks and container names.
import { cut, isHash } from '../util/values.js'
import type { Add } from './errors.js'
import { isFullEnv, type RawConfig } from './schema.js'

const ALNUM = '[a-z0-9]+'
const SEPARATOR = '(?:[._]|__|[-]+)'
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`
const TAG = '[\\w][\\w.-]{0,127}'
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'

const DOMAIN_RE = new RegExp(`^${DOMAIN}$`)
const REMOTE_NAME_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`)
const TAG_RE = new RegExp(`^${TAG}$`)
const DIGEST_RE = new RegExp(`^${DIGEST}$`)
/** Docker limits a repository name (registry included) to 255 characters. */
const NAME_MAX = 255

export interface ImageReference {
  domain?: string
  path: string
  tag?: string
  digest?: string
}

/**
 * Parses an image reference as Docker does, or says why it is not one. The first component is a
 * registry when it has a `.` or a `:`, is `localhost`, or has upper-case letters
 * (normalize.go's splitDockerDomain).
 */
export function parseImageReference(ref: string): ImageReference | { problem: string } {
  let rest = ref
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST_RE.test(digest)) return { problem: 'has an invalid digest after @' }
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG_RE.test(tag)) return { problem: `has an invalid tag ${JSON.stringify(cut(tag, 60))}` }
  }
  if (rest.length > NAME_MAX) return { problem: `is longer than ${NAME_MAX} characters` }
  const slash = rest.indexOf('/')
  const first = slash < 0 ? '' : rest.slice(0, slash)
  const isDomain = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)
  const domain = isDomain ? first : undefined
  const path = isDomain ? rest.slice(slash + 1) : rest
  if (domain !== undefined && !DOMAIN_RE.test(domain))
    return { problem: `has an invalid registry ${JSON.stringify(cut(domain, 60))}` }
  if (!REMOTE_NAME_RE.test(path))
    return {
      problem:
        path.toLowerCase() !== path
          ? 'is not a valid image name: the repository name must be lowercase'
          : 'is not a valid image name (lowercase letters and digits, separated by ".", "_", "__" or "-", in "/"-separated parts)'
    }
  return { domain, path, tag, digest }
}

const quoted = (value: string) => JSON.stringify(cut(value, 120))

/**
 * The app's `image` as written: a repository (the version becomes its tag); then, when it is
 * fine and the registry server too, the image as used (registry prefix included).
 */
function checkAppImage(written: string, used: string, serverOk: boolean, add: Add): void {
  const parsed = parseImageReference(written)
  if ('problem' in parsed) add(['image'], `${quoted(written)} ${parsed.problem}`)
  else if (parsed.tag !== undefined || parsed.digest !== undefined)
    add(['image'], `${quoted(written)} should not include a tag or digest: the version is the tag`)
  else if (serverOk && used !== written) {
    const full = parseImageReference(used)
    if ('problem' in full) add(['image'], `${quoted(used)} (with the registry server) ${full.problem}`)
  }
}

/** A full image reference (an accessory's image, kamal-proxy's), a tag or digest allowed. */
function checkImage(image: string, path: (string | number)[], add: Add): void {
  const parsed = parseImageReference(image)
  if ('problem' in parsed) add(path, `${quoted(image)} ${parsed.problem}`)
}

/** `registry.server`: a registry host (`ghcr.io`, `registry:5000`, `[::1]:5000`), maybe with a path. */
function checkRegistryServer(server: string, path: (string | number)[], add: Add): boolean {
  const [domain, ...rest] = server.split('/')
  const ok = DOMAIN_RE.test(domain ?? '') && rest.every((p) => new RegExp(`^${PATH_COMPONENT}$`).test(p))
  if (!ok) add(path, `${quoted(server)} is not a registry address (host[:port], e.g. ghcr.io or 10.0.0.5:5000)`)
  return ok
}

/** Docker's label keys: not empty, no whitespace (the CLI refuses it) and no `=`. */
function checkLabels(labels: Record<string, string> | undefined, path: (string | number)[], add: Add): void {
  for (const key of Object.keys(labels ?? {}))
    if (!/^[^\s=]+$/.test(key))
      add([...path, key], `label name ${quoted(key)} may not be empty or hold whitespace or "="`, true)
}

/** Environment variable names: not empty, no whitespace, no `=` (an env file line is NAME=value). */
function checkEnvNames(env: unknown, path: (string | number)[], add: Add): void {
  if (!isHash(env)) return
  const bad = (name: string) => !/^[^\s=]+$/.test(name)
  const message = (name: string) =>
    `environment variable name ${quoted(name)} may not be empty or hold whitespace or "="`
  if (!isFullEnv(env)) {
    for (const key of Object.keys(env)) if (bad(key)) add([...path, key], message(key), true)
    return
  }
  if (isHash(env['clear']))
    for (const key of Object.keys(env['clear'])) if (bad(key)) add([...path, 'clear', key], message(key), true)
  if (Array.isArray(env['secret']))
    env['secret'].forEach((entry, i) => {
      const name = String(entry).split(':')[0] ?? ''
      if (bad(name)) add([...path, 'secret', i], message(name))
    })
}

/** Option names become `--<name>` flags of `docker run`. */
function checkOptionNames(options: Record<string, unknown> | undefined, path: (string | number)[], add: Add): void {
  for (const key of Object.keys(options ?? {}))
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(key))
      add([...path, key], `${quoted(key)} is not a docker run option name (letters, digits and "-")`, true)
}

const VOLUME_OPTIONS = new Set([
  'rw',
  'ro',
  'z',
  'Z',
  'nocopy',
  'consistent',
  'cached',
  'delegated',
  'shared',
  'rshared',
  'slave',
  'rslave',
  'private',
  'rprivate'
])
/** A path on the host or in a container: these characters, and `$VAR`/`${VAR}` for the host's shell. */
const PATH_CHARS = '(?:[A-Za-z0-9_./@+,%=~-]|\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})'
const HOST_PATH_RE = new RegExp(`^(?:/|\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})${PATH_CHARS}*$`)
const CONTAINER_PATH_RE = new RegExp(`^/${PATH_CHARS}*$`)
const VOLUME_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/

/**
 * `volumes` entries, which reach `docker run --volume` as written (Kamal's form, so `$PWD` and
 * other host variables still expand there): `[host-path-or-volume:]container-path[:options]`.
 */
export function volumeProblem(spec: string): string | undefined {
  const parts = spec.split(':')
  if (parts.length > 3 || parts.some((p) => p === ''))
    return 'should be [host path or volume name:]container path[:options]'
  const [first = '', second, third] = parts
  const container = parts.length === 1 ? first : second
  const host = parts.length === 1 ? undefined : first
  if (host !== undefined && !HOST_PATH_RE.test(host) && !VOLUME_NAME_RE.test(host))
    return `its host side ${quoted(host)} should be an absolute path (letters, digits, "/._-@+,%=~" and $VARIABLES) or a volume name`
  if (container === undefined || !CONTAINER_PATH_RE.test(container))
    return `its container side ${quoted(container ?? '')} should be an absolute path without spaces or shell characters`
  if (third !== undefined && !third.split(',').every((o) => VOLUME_OPTIONS.has(o)))
    return `its options ${quoted(third)} should be a comma list of ${[...VOLUME_OPTIONS].join(', ')}`
  return undefined
}

function checkVolumes(volumes: string[] | undefined, path: (string | number)[], add: Add): void {
  ;(volumes ?? []).forEach((v, i) => {
    const problem = volumeProblem(v)
    if (problem) add([...path, i], `${quoted(v)}: ${problem}`)
  })
}

const PORT = '[0-9]{1,5}(?:-[0-9]{1,5})?'
const IPV4 = '(?:[0-9]{1,3}\\.){3}[0-9]{1,3}'
const PORT_RE = new RegExp(`^(?:(?:${IPV4}|\\[[0-9a-fA-F:]+\\]):)?(?:(?:${PORT})?:)?${PORT}(?:/(?:tcp|udp|sctp))?$`)

/** An accessory's `port`: `[ip:][host-port:]container-port[/protocol]`, ports 1–65535. */
export function portProblem(spec: string): string | undefined {
  if (!PORT_RE.test(spec))
    return 'should be [ip:][host port:]container port[/tcp|udp|sctp], e.g. 5432 or 127.0.0.1:5432:5432'
  const ports = spec.replace(/^\[[^\]]*\]:/, '').match(/(?<![.0-9])[0-9]+(?![.0-9])/g) ?? []
  if (ports.some((p) => Number(p) < 1 || Number(p) > 65535)) return 'has a port outside 1–65535'
  return undefined
}

const CONTAINER_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/
const NETWORK_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/
const ROLE_NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/

type ProxyRunRaw = NonNullable<NonNullable<RawConfig['proxy']>['run']>

/** `proxy.run`'s image parts: `[registry/]repository:version`. */
function checkProxyRun(run: ProxyRunRaw | undefined, path: (string | number)[], add: Add): void {
  if (!run) return
  if (run.registry) checkRegistryServer(run.registry, [...path, 'registry'], add)
  if (run.repository !== undefined && !REMOTE_NAME_RE.test(run.repository))
    add([...path, 'repository'], `${quoted(run.repository)} is not a valid image repository`)
  if (run.version !== undefined && !TAG_RE.test(run.version))
    add([...path, 'version'], `${quoted(run.version)} is not a valid image tag`)
}

/** Every value of the raw config that becomes a docker argument; `image` is the app image as used. */
export function checkDockerArgs(raw: RawConfig, image: string, add: Add): void {
  const serverOk = raw.registry?.server ? checkRegistryServer(raw.registry.server, ['registry', 'server'], add) : true
  if (raw.image !== undefined) checkAppImage(raw.image, image, serverOk, add)
  checkLabels(raw.labels, ['labels'], add)
  checkVolumes(raw.volumes, ['volumes'], add)
  checkEnvNames(raw.env, ['env'], add)
  if (isHash(raw.env) && isHash(raw.env['tags']))
    for (const [tag, env] of Object.entries(raw.env['tags'])) checkEnvNames(env, ['env', 'tags', tag], add)
  if (isHash(raw.servers))
    for (const [name, role] of Object.entries(raw.servers)) {
      // The role name is part of every container name (`<service>-<role>-<version>`).
      if (!ROLE_NAME_RE.test(name))
        add(['servers', name], `role name ${quoted(name)} may hold only letters, digits, "_", "." and "-"`, true)
      if (!isHash(role)) continue
      checkLabels(role['labels'], ['servers', name, 'labels'], add)
      checkOptionNames(role['options'], ['servers', name, 'options'], add)
      checkEnvNames(role['env'], ['servers', name, 'env'], add)
    }
  checkProxyRun(raw.proxy?.run, ['proxy', 'run'], add)
  if (isHash(raw.servers))
    for (const [name, role] of Object.entries(raw.servers))
      if (isHash(role) && isHash(role['proxy']))
        checkProxyRun(role['proxy']['run'], ['servers', name, 'proxy', 'run'], add)
  for (const [name, acc] of Object.entries(raw.accessories ?? {})) {
    const path = ['accessories', name]
    const server = acc.registry?.server
    if (server) checkRegistryServer(server, [...path, 'registry', 'server'], add)
    checkImage(acc.image, [...path, 'image'], add)
    if (acc.service !== undefined && !CONTAINER_NAME_RE.test(acc.service))
      add(
        [...path, 'service'],
        `${quoted(acc.service)} is not a container name (letters, digits, "_", "." and "-", at least 2)`
      )
    if (acc.port !== undefined) {
      const problem = portProblem(acc.port)
      if (problem) add([...path, 'port'], `${quoted(acc.port)} ${problem}`)
    }
    if (acc.network !== undefined && !NETWORK_RE.test(acc.network))
      add([...path, 'network'], `${quoted(acc.network)} is not a network name (letters, digits, "_", "." and "-")`)
    checkVolumes(acc.volumes, [...path, 'volumes'], add)
    checkLabels(acc.labels, [...path, 'labels'], add)
    checkOptionNames(acc.options, [...path, 'options'], add)
    checkEnvNames(acc.env, [...path, 'env'], add)
  }
}
