// Accessories (Kamal: lib/kamal/configuration/accessory.rb, validator/accessory.rb): where each runs
// (hosts, roles or tags), its files and directories entries, env, registry and kamal-proxy settings.
import { normalizeEnv } from './env-schema.js'
import { cut } from '../util/values.js'
import { isErbFile } from './erb.js'
import type { Add } from './errors.js'
import { resolveInside, staysBelow } from './paths.js'
import { normalizeProxy } from './proxy.js'
import { normalizeRegistry } from './registry.js'
import { checkLabels, splitRestart } from './role.js'
import type { RawAccessory, RawFileEntry } from './schema.js'
import type { SectionScope } from './scope.js'
import type { Accessory, AccessoryFile, Role } from './types.js'

/** Every accessory, in the order of the config; `roles` place the ones given by role or tag. */
export function buildAccessories(roles: Role[], scope: SectionScope): Accessory[] {
  return Object.entries(scope.root.accessories ?? {}).map(([name, raw]) => buildAccessory(name, raw, roles, scope))
}

function buildAccessory(name: string, raw: RawAccessory, roles: Role[], scope: SectionScope): Accessory {
  const { root, rootLogging, add } = scope
  const path = ['accessories', name]
  const hosts = placedHosts(raw, path, roles, add)
  const { options, restart } = splitRestart(raw.options, [...path, 'options'], add)
  if (raw.labels) checkLabels(raw.labels, [...path, 'labels'], add)
  const files = (raw.files ?? []).map((f, i) => normalizeFile(f, [...path, 'files', i], add))
  const directories = (raw.directories ?? []).map((f, i) => normalizeFile(f, [...path, 'directories', i], add))
  // Files are read from this machine: inside the working directory, symlinks followed. Directories
  // are on the host: a relative one lives in the accessory's directory there and stays in it.
  files.forEach((f, i) => {
    if (!f.local || scope.workingDirectory === undefined) return
    const where = resolveInside(scope.workingDirectory, f.local)
    if (!where.ok) add([...path, 'files', i], where.problem)
  })
  directories.forEach((d, i) => {
    if (d.local && !staysBelow(d.local))
      add([...path, 'directories', i], `${JSON.stringify(d.local)} climbs out of the accessory's directory on the host`)
  })
  return {
    name,
    service: raw.service ?? `${root.service}-${name}`,
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

/** The hosts of exactly one of `host`, `hosts`, `role`, `roles`, `tag` or `tags` (the caller drops duplicates). */
function placedHosts(raw: RawAccessory, path: string[], roles: Role[], add: Add): string[] {
  const placements = (['host', 'hosts', 'role', 'roles', 'tag', 'tags'] as const).filter((k) => raw[k] !== undefined)
  if (placements.length !== 1) add(path, 'specify one of `host`, `hosts`, `role`, `roles`, `tag` or `tags`', true)
  if (raw.host) return [raw.host]
  if (raw.hosts) return raw.hosts
  const hosts: string[] = []
  if (raw.role || raw.roles) {
    for (const r of raw.role ? [raw.role] : (raw.roles ?? [])) {
      const role = roles.find((x) => x.name === r)
      if (!role) add([...path, raw.role ? 'role' : 'roles'], `unknown role: ${cut(r, 100)}`)
      else hosts.push(...role.hosts.map((h) => h.address))
    }
  } else if (raw.tag || raw.tags) {
    const wanted = raw.tag ? [raw.tag] : (raw.tags ?? [])
    for (const role of roles)
      for (const h of role.hosts) if (h.tags.some((t) => wanted.includes(t))) hosts.push(h.address)
  }
  return hosts
}

/** The mode as the config gives it (a file's default is `accessoryFileMode`'s; directories are chmod-ed only when a mode is given). */
function normalizeFile(entry: RawFileEntry, path: (string | number)[], add: Add): AccessoryFile {
  if (typeof entry === 'string') {
    const [local, remote, options] = entry.split(':')
    if (!local || !remote) add(path, 'should be local:remote[:options]')
    return { local: local ?? '', remote: remote ?? '', options }
  }
  return {
    local: entry.local,
    remote: entry.remote,
    mode: entry.mode,
    owner: entry.owner,
    options: entry.options
  }
}

/**
 * A file rendered from ERB while the accessory has secret env may hold secret values, so it is
 * written 0600 (see `accessoryFileMode` in commands/accessory.ts): say so when the config gives
 * neither a mode nor an owner, since a container that reads it as another user then cannot.
 */
export function secretFileWarnings(accessories: Accessory[]): string[] {
  return accessories.flatMap((a) =>
    a.env.secret.length > 0
      ? a.files
          .filter((f) => isErbFile(f.local) && f.mode === undefined && f.owner === undefined)
          .map(
            (f) =>
              `accessories/${a.name}/files: ${f.local} is rendered with the accessory's secrets in ENV, so it is written 0600 (readable by the SSH user only, Kamal writes 0755); give it an owner (the user its container reads it as, e.g. "999:999" for postgres) or a mode`
          )
      : []
  )
}
