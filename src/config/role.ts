// The roles of `servers` (Kamal: lib/kamal/configuration/role.rb, validator/role.rb): hosts and tags, env and
// logging over the root's, Docker options without the restart policy, labels, and whether kamal-proxy fronts it.
import { mergeEnv } from './env.js'
import { cut } from '../util/values.js'
import { normalizeEnv } from './env-schema.js'
import type { Add } from './errors.js'
import { normalizeProxy, roleProxyLayers } from './proxy.js'
import type { RawHostEntry, RawLogging, RawOptions, RawRole } from './schema.js'
import type { SectionScope } from './scope.js'
import type { Host, LoggingSpec, Options, Role } from './types.js'

const RESTART = /^(no|always|unless-stopped|on-failure(:\d+)?)$/
const RESERVED_LABELS = ['service', 'role', 'destination']

/** The roles (a plain list of hosts is the `web` role), checked for hosts, the primary role first. */
export function buildRoles(scope: SectionScope): Role[] {
  const { root, add } = scope
  const servers = root.servers
  if (servers === undefined) {
    if (!root.accessories) add(['servers'], 'No servers or accessories specified')
    return []
  }
  const roles = Array.isArray(servers)
    ? [buildRole('web', { hosts: servers }, ['servers'], scope)]
    : Object.keys(servers)
        .sort()
        .map((name) => buildRole(name, roleHash(servers[name]), ['servers', name], scope))
  checkRoleHosts(roles, scope)
  // The primary role comes first everywhere (its first host is the primary host).
  const primary = scope.primaryRole
  return roles.sort((a, b) => (a.name === primary ? -1 : b.name === primary ? 1 : a.name.localeCompare(b.name)))
}

/** A role given as a list of hosts is the role with just those hosts. */
function roleHash(value: RawHostEntry[] | RawRole | undefined): RawRole {
  return Array.isArray(value) ? { hosts: value } : (value ?? {})
}

/** One role: hosts, env and labels over the root's, options without `restart`, logging, and its proxy layers. */
function buildRole(name: string, raw: RawRole, path: string[], scope: SectionScope): Role {
  const { root, add } = scope
  const hosts = (raw.hosts ?? []).map((h, i) =>
    normalizeHost(h, [...path, ...(Array.isArray(root.servers) ? [] : ['hosts']), i], add)
  )
  const roleEnv = normalizeEnv(raw.env, [...path, 'env'], add, false)
  const { options, restart } = splitRestart(raw.options, [...path, 'options'], add)
  const labels = { ...(root.labels ?? {}), ...(raw.labels ?? {}) }
  checkLabels(labels, raw.labels ? [...path, 'labels'] : ['labels'], add)
  const layers = roleProxyLayers(name, raw.proxy, root.proxy, scope.primaryRole, path)
  if (layers) scope.proxyLayers.set(name, layers)
  return {
    name,
    hosts,
    cmd: raw.cmd,
    env: mergeEnv(scope.rootEnv, roleEnv),
    options,
    restart,
    labels,
    logging: mergeLogging(scope.rootLogging, raw.logging),
    proxy: layers !== undefined,
    proxyConfig: layers ? normalizeProxy(layers, add) : undefined,
    stopTimeout: raw.stop_timeout ?? root.stop_timeout
  }
}

/** Roles need hosts (unless `allow_empty_roles`); the primary role must exist and have hosts in any case. */
function checkRoleHosts(roles: Role[], { root, primaryRole, add }: SectionScope): void {
  for (const role of roles) {
    if (role.hosts.length === 0 && !root.allow_empty_roles && role.name !== primaryRole)
      add(
        ['servers', role.name],
        `No servers specified for the ${role.name} role. You can ignore this with allow_empty_roles: true`,
        true
      )
  }
  const primary = roles.find((r) => r.name === primaryRole)
  if (!primary)
    add(
      root.primary_role ? ['primary_role'] : ['servers'],
      `The primary_role ${cut(primaryRole, 100)} isn't defined`,
      true
    )
  else if (primary.hosts.length === 0)
    add(['servers', primaryRole], `No servers specified for the ${primaryRole} primary_role`, true)
}

/** `1.1.1.1`, or `1.1.1.2: tag` / `1.1.1.3: [tag1, tag2]` for a host with tags. */
function normalizeHost(entry: RawHostEntry, path: (string | number)[], add: Add): Host {
  if (typeof entry === 'string') return { address: entry, tags: [] }
  const [address, tags] = Object.entries(entry)[0] ?? ['', []]
  if (!address) add(path, 'should be a host')
  return { address, tags: Array.isArray(tags) ? tags : [tags] }
}

/**
 * A role's or accessory's Docker options without `restart` (default `unless-stopped`), which is
 * checked as validator.rb's `validate_restart_policy!` does.
 */
export function splitRestart(
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

/** Kamal sets the service, role and destination labels itself (validator.rb's `validate_labels!`). */
export function checkLabels(labels: Record<string, string>, path: (string | number)[], add: Add) {
  for (const key of Object.keys(labels)) {
    if (RESERVED_LABELS.includes(key))
      add([...path, key], 'invalid label. destination, role, and service are reserved labels')
  }
}

export function normalizeLogging(raw: RawLogging | undefined): LoggingSpec {
  return { driver: raw?.driver, options: raw?.options ?? {} }
}

/** A role's logging over the root's: its driver wins, the options merge key by key. */
function mergeLogging(root: LoggingSpec, role: RawLogging | undefined): LoggingSpec {
  return { driver: role?.driver ?? root.driver, options: { ...root.options, ...(role?.options ?? {}) } }
}
