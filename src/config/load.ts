// Reads config/deploy.yml (+ config/deploy.<destination>.yml), validates it and returns a DeployConfig.
// Every problem found is reported at once, each with the file, line and column of the key.
import { join, relative, dirname, basename, extname } from 'node:path'
import { isHash } from '../util/values.js'
import { checkProxyRoles, checkProxyRunPerHost, normalizeProxy, roleProxyLayers, type ProxyLayer } from './proxy.js'
import { configErbEnv } from './erb.js'
import { mergeEnv } from './env.js'
import { ConfigError, type Add, type ConfigProblem } from './errors.js'
import { YamlSource } from './source.js'
import { ignoredKeys } from './warnings.js'
import { typeMessage, unknownKeyMessage } from './kamal1.js'
import { builderWarning, checkBuilder } from './builder.js'
import { normalizeEnv, normalizeEnvTags } from './env-schema.js'
import { appImage, isLocalRegistry, localRegistryWarning, normalizeRegistry } from './registry.js'
import { checkAliases, checkHooksOutput } from './cli-keys.js'
import { keyDataWarning, normalizeSsh } from './ssh.js'
import {
  configSchema,
  kamalMessage,
  type RawAccessory,
  type RawConfig,
  type RawFileEntry,
  type RawHostEntry,
  type RawLogging,
  type RawOptions,
  type RawRole
} from './schema.js'
import type { Accessory, AccessoryFile, DeployConfig, EnvSpec, Host, LoggingSpec, Options, Role } from './types.js'

export interface LoadOptions {
  workingDirectory: string
  configFile: string
  destination?: string
  /** The ENV that ERB in the config sees (default: the process environment). */
  env?: Record<string, string | undefined>
}

const RESTART = /^(no|always|unless-stopped|on-failure(:\d+)?)$/
const RESERVED_LABELS = ['service', 'role', 'destination']
export function loadConfig(opts: LoadOptions): DeployConfig {
  const basePath = join(opts.workingDirectory, opts.configFile)
  const display = (p: string) => relative(opts.workingDirectory, p) || p
  const erbEnv = configErbEnv(opts.env ?? process.env, opts.destination)
  const paths = [basePath]
  if (opts.destination)
    paths.push(
      join(dirname(basePath), `${basename(basePath, extname(basePath))}.${opts.destination}${extname(basePath)}`)
    )
  // Both files are read before failing, so ERB and YAML problems of each are reported together.
  const sources: YamlSource[] = []
  const readProblems: ConfigProblem[] = []
  for (const path of paths) {
    try {
      sources.push(YamlSource.read(path, display(path), erbEnv))
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e
      readProblems.push(...e.problems)
    }
  }
  if (readProblems.length > 0) throw new ConfigError(readProblems)
  let merged: unknown = {}
  for (const s of sources) merged = deepMerge(merged, stripExtensions(s.value()))
  return buildConfig(merged, sources, opts.destination)
}

/** Parses already-loaded YAML text (used by tests and by `loadConfig`). */
export function parseConfigText(
  text: string,
  file = 'config/deploy.yml',
  destination?: string,
  env: Record<string, string | undefined> = process.env
): DeployConfig {
  const source = YamlSource.parse(text, file, configErbEnv(env, destination))
  return buildConfig(stripExtensions(source.value()), [source], destination)
}

function buildConfig(merged: unknown, sources: YamlSource[], destination: string | undefined): DeployConfig {
  // The destination file wins where it has the key; otherwise the base file names the place.
  const locate = (path: (string | number)[], atKey = false) => {
    for (const s of [...sources].reverse())
      if (s.has(path.slice(0, atKey ? path.length : path.length))) return s.locate(path, atKey)
    return sources[0]?.locate(path, atKey)
  }
  const problems: ConfigProblem[] = []
  const add: Add = (path, message, atKey = false, at) => {
    // The root proxy config is checked once per role that uses it: report each problem once.
    if (problems.some((p) => p.keyPath === path.join('/') && p.message === message)) return
    problems.push({ keyPath: path.join('/'), message, location: locate(at ?? path, atKey) })
  }

  const parsed = configSchema.safeParse(merged, { error: kamalMessage })
  if (!parsed.success) {
    const removed: (string | number)[][] = []
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          add([...path, key], unknownKeyMessage(path, key), true)
          removed.push([...path, key])
        }
      } else {
        add(path, typeMessage(path, issue.message, merged))
        // A bad list entry takes its whole list out, so that later indexes keep their meaning.
        const index = path.findIndex((p) => typeof p === 'number')
        removed.push(index < 0 ? path : path.slice(0, index))
      }
    }
    checkWithoutBadParts(merged, removed, destination, add)
    throw new ConfigError(sortProblems(problems, sources))
  }
  const raw = parsed.data
  const config = normalize(raw, destination, add)
  if (problems.length > 0) throw new ConfigError(sortProblems(problems, sources))
  config.files = sources.map((s) => s.file)
  return config
}

/**
 * The checks of meaning for a config with type errors: run on the config without its bad parts,
 * so that one pass reports everything. Problems that touch a removed part are its echoes
 * (a removed `image` is "required"), and so are accessory roles when roles were removed.
 */
function checkWithoutBadParts(
  merged: unknown,
  removed: (string | number)[][],
  destination: string | undefined,
  add: Add
): void {
  if (removed.some((p) => p.length === 0)) return
  const pruned = structuredClone(merged) as Record<string, unknown>
  for (const path of removed) {
    let node: unknown = pruned
    for (const part of path.slice(0, -1))
      node = isHash(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined
    if (isHash(node)) delete node[path[path.length - 1] as string]
  }
  const again = configSchema.safeParse(pruned, { error: kamalMessage })
  if (!again.success) return
  const within = (a: (string | number)[], b: (string | number)[]) =>
    a.length <= b.length && a.every((x, i) => String(x) === String(b[i]))
  const rolesTouched = removed.some((p) => p[0] === 'servers' || p[0] === 'primary_role')
  normalize(again.data, destination, (path, message, atKey, at) => {
    const where = at ?? path
    if (removed.some((r) => within(r, where) || within(where, r))) return
    if (rolesTouched && path[0] === 'accessories' && (path[2] === 'role' || path[2] === 'roles')) return
    add(path, message, atKey, at)
  })
}

/** In file order, then line and column: the order a person reads the file in. */
function sortProblems(problems: ConfigProblem[], sources: YamlSource[]): ConfigProblem[] {
  const fileIndex = (p: ConfigProblem) => (p.location ? sources.findIndex((s) => s.file === p.location?.file) : -1)
  return [...problems].sort(
    (a, b) =>
      fileIndex(a) - fileIndex(b) ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0)
  )
}

function normalize(raw: RawConfig, destination: string | undefined, add: Add): DeployConfig {
  if (raw.require_destination && !destination) add([], 'You must specify a destination')
  const registry = normalizeRegistry(raw.registry, ['registry'], add)
  const fullImage = appImage(raw, registry, add)

  const rootEnv = normalizeEnv(raw.env, ['env'], add, true)
  const envTags = normalizeEnvTags(raw.env, add)

  const rootLogging = normalizeLogging(raw.logging)
  const primaryRole = raw.primary_role ?? 'web'
  const roles: Role[] = []
  const proxyLayers = new Map<string, ProxyLayer[]>()
  const servers = raw.servers
  if (servers === undefined) {
    if (!raw.accessories) add(['servers'], 'No servers or accessories specified')
  } else if (Array.isArray(servers)) {
    roles.push(
      buildRole('web', { hosts: servers }, ['servers'], raw, rootEnv, rootLogging, primaryRole, add, proxyLayers)
    )
  } else {
    for (const name of Object.keys(servers).sort()) {
      const value = servers[name]
      const role: RawRole = Array.isArray(value) ? { hosts: value } : (value ?? {})
      roles.push(buildRole(name, role, ['servers', name], raw, rootEnv, rootLogging, primaryRole, add, proxyLayers))
    }
  }
  for (const role of roles) {
    if (role.hosts.length === 0 && !raw.allow_empty_roles && role.name !== primaryRole)
      add(
        ['servers', role.name],
        `No servers specified for the ${role.name} role. You can ignore this with allow_empty_roles: true`,
        true
      )
  }
  if (servers !== undefined) {
    const primary = roles.find((r) => r.name === primaryRole)
    if (!primary)
      add(raw.primary_role ? ['primary_role'] : ['servers'], `The primary_role ${primaryRole} isn't defined`, true)
    else if (primary.hosts.length === 0)
      add(['servers', primaryRole], `No servers specified for the ${primaryRole} primary_role`, true)
    // The primary role comes first everywhere (its first host is the primary host).
    roles.sort((a, b) => (a.name === primaryRole ? -1 : b.name === primaryRole ? 1 : a.name.localeCompare(b.name)))
  }

  const accessories: Accessory[] = []
  for (const [name, acc] of Object.entries(raw.accessories ?? {})) {
    accessories.push(buildAccessory(name, acc, raw.service, roles, rootLogging, add))
  }
  checkProxyRoles(roles, proxyLayers, add)
  checkProxyRunPerHost(
    [
      ...roles.flatMap((r) =>
        r.proxyConfig
          ? [
              {
                hosts: r.hosts.map((h) => h.address),
                proxy: r.proxyConfig,
                path: [...(proxyLayers.get(r.name)?.at(-1)?.path ?? ['proxy'])]
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

  const warnings: string[] = []
  checkBuilder(raw, isLocalRegistry(registry), add)
  for (const w of [builderWarning(raw, fullImage), localRegistryWarning(registry)]) if (w) warnings.push(w)
  checkHooksOutput(raw.hooks_output, add)
  checkAliases(raw.aliases, add)
  const ssh = normalizeSsh(raw.ssh, add)
  const keyData = keyDataWarning(raw.ssh)
  if (keyData) warnings.push(keyData)

  return {
    service: raw.service,
    image: fullImage,
    destination,
    registry,
    roles,
    primaryRole,
    accessories,
    envTags,
    volumes: raw.volumes ?? [],
    ssh,
    boot: { limit: raw.boot?.limit, wait: raw.boot?.wait ?? 0 },
    retainContainers: raw.retain_containers ?? 5,
    readinessDelay: raw.readiness_delay ?? 7,
    deployTimeout: raw.deploy_timeout ?? 30,
    drainTimeout: raw.drain_timeout ?? 30,
    stopTimeout: raw.stop_timeout,
    maxConcurrentStarts: raw.sshkit?.max_concurrent_starts ?? 30,
    secretsPath: raw.secrets_path ?? '.kamal/secrets',
    ignoredKeys: ignoredKeys(raw),
    warnings,
    files: []
  }
}

function buildRole(
  name: string,
  raw: RawRole,
  path: string[],
  root: RawConfig,
  rootEnv: EnvSpec,
  rootLogging: LoggingSpec,
  primaryRole: string,
  add: Add,
  proxyLayers: Map<string, ProxyLayer[]>
): Role {
  const hosts = (raw.hosts ?? []).map((h, i) =>
    normalizeHost(h, [...path, ...(Array.isArray(root.servers) ? [] : ['hosts']), i], add)
  )
  const roleEnv = normalizeEnv(raw.env, [...path, 'env'], add, false)
  const { options, restart } = splitRestart(raw.options, [...path, 'options'], add)
  const labels = { ...(root.labels ?? {}), ...(raw.labels ?? {}) }
  checkLabels(labels, raw.labels ? [...path, 'labels'] : ['labels'], add)
  const layers = roleProxyLayers(name, raw.proxy, root.proxy, primaryRole, path)
  if (layers) proxyLayers.set(name, layers)
  return {
    name,
    hosts,
    cmd: raw.cmd,
    env: mergeEnv(rootEnv, roleEnv),
    options,
    restart,
    labels,
    logging: mergeLogging(rootLogging, raw.logging),
    proxy: layers !== undefined,
    proxyConfig: layers ? normalizeProxy(layers, add) : undefined,
    stopTimeout: raw.stop_timeout ?? root.stop_timeout
  }
}

function buildAccessory(
  name: string,
  raw: RawAccessory,
  service: string,
  roles: Role[],
  rootLogging: LoggingSpec,
  add: Add
): Accessory {
  const path = ['accessories', name]
  const placements = (['host', 'hosts', 'role', 'roles', 'tag', 'tags'] as const).filter((k) => raw[k] !== undefined)
  if (placements.length !== 1) add(path, 'specify one of `host`, `hosts`, `role`, `roles`, `tag` or `tags`', true)
  let hosts: string[] = []
  if (raw.host) hosts = [raw.host]
  else if (raw.hosts) hosts = raw.hosts
  else if (raw.role || raw.roles) {
    for (const r of raw.role ? [raw.role] : (raw.roles ?? [])) {
      const role = roles.find((x) => x.name === r)
      if (!role) add([...path, raw.role ? 'role' : 'roles'], `unknown role: ${r}`)
      else hosts.push(...role.hosts.map((h) => h.address))
    }
  } else if (raw.tag || raw.tags) {
    const wanted = raw.tag ? [raw.tag] : (raw.tags ?? [])
    for (const role of roles)
      for (const h of role.hosts) if (h.tags.some((t) => wanted.includes(t))) hosts.push(h.address)
  }
  const { options, restart } = splitRestart(raw.options, [...path, 'options'], add)
  if (raw.labels) checkLabels(raw.labels, [...path, 'labels'], add)
  const files = (raw.files ?? []).map((f, i) => normalizeFile(f, [...path, 'files', i], add, '755'))
  const directories = (raw.directories ?? []).map((f, i) => normalizeFile(f, [...path, 'directories', i], add))
  return {
    name,
    service: raw.service ?? `${service}-${name}`,
    logging: rootLogging,
    image: raw.registry?.server ? `${raw.registry.server}/${raw.image}` : raw.image,
    hosts: [...new Set(hosts)],
    port: raw.port,
    cmd: raw.cmd,
    env: normalizeEnv(raw.env, [...path, 'env'], add, false),
    files,
    directories,
    volumes: raw.volumes ?? [],
    options,
    restart,
    labels: raw.labels ?? {},
    network: raw.network ?? 'kamal',
    registry: raw.registry ? normalizeRegistry(raw.registry, [...path, 'registry'], add) : undefined,
    proxy: raw.proxy ? normalizeProxy([{ raw: raw.proxy, path: [...path, 'proxy'] }], add) : undefined
  }
}

/** Files get mode 755 unless told otherwise; directories are chmod-ed only when a mode is given. */
function normalizeFile(entry: RawFileEntry, path: (string | number)[], add: Add, defaultMode?: string): AccessoryFile {
  if (typeof entry === 'string') {
    const [local, remote, options] = entry.split(':')
    if (!local || !remote) add(path, 'should be local:remote[:options]')
    return { local: local ?? '', remote: remote ?? '', mode: defaultMode, options }
  }
  return {
    local: entry.local,
    remote: entry.remote,
    mode: entry.mode ?? defaultMode,
    owner: entry.owner,
    options: entry.options
  }
}

function normalizeHost(entry: RawHostEntry, path: (string | number)[], add: Add): Host {
  if (typeof entry === 'string') return { address: entry, tags: [] }
  const [address, tags] = Object.entries(entry)[0] ?? ['', []]
  if (!address) add(path, 'should be a host')
  return { address, tags: Array.isArray(tags) ? tags : [tags] }
}

function splitRestart(
  raw: RawOptions | undefined,
  path: (string | number)[],
  add: Add
): { options: Options; restart: string } {
  const options: Options = {}
  let restart = 'unless-stopped'
  for (const [key, value] of Object.entries(raw ?? {})) {
    if (key === 'restart') {
      const v = Array.isArray(value) ? value[0] : value
      if (typeof v !== 'string' || !RESTART.test(v))
        add([...path, 'restart'], 'should be no, always, unless-stopped, on-failure, or on-failure:N')
      else restart = v
    } else options[key] = value === 'true' ? null : value
  }
  return { options, restart }
}

function checkLabels(labels: Record<string, string>, path: (string | number)[], add: Add) {
  for (const key of Object.keys(labels)) {
    if (RESERVED_LABELS.includes(key))
      add([...path, key], 'invalid label. destination, role, and service are reserved labels')
  }
}

function normalizeLogging(raw: RawLogging | undefined): LoggingSpec {
  return { driver: raw?.driver, options: raw?.options ?? {} }
}

function mergeLogging(root: LoggingSpec, role: RawLogging | undefined): LoggingSpec {
  return { driver: role?.driver ?? root.driver, options: { ...root.options, ...(role?.options ?? {}) } }
}

/** Root `x-` keys are YAML-anchor holders and are ignored, as Kamal does. */
function stripExtensions(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('x-')))
}

/** Kamal's destination merge: hashes merge recursively; arrays and scalars are replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (isHash(base) && isHash(over)) {
    const out: Record<string, unknown> = { ...base }
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v
    return out
  }
  return over === undefined ? base : over
}
