// The builder section (Kamal: lib/kamal/configuration/builder.rb, validator/builder.rb): validated
// with Kamal's messages and normalized with Kamal's defaults, for the build on the runner.
import type { Add } from './errors.js'
import { cut } from '../util/values.js'
import type { RawBuilder, RawConfig } from './schema.js'
import type { BuilderConfig } from './types.js'

/** `arch` as a list without empty entries (`arch: amd64` or `arch: [amd64, arm64]`). */
function arches(b: RawBuilder): string[] {
  return b.arch === undefined ? [] : (Array.isArray(b.arch) ? b.arch : [b.arch]).filter((a) => a !== '')
}

/**
 * Kamal's builder checks (validator/builder.rb; the local-registry one is
 * `ensure_local_registry_remote_builder_has_ssh_url` in lib/kamal/configuration.rb). The schema has
 * checked the types.
 */
export function checkBuilder(raw: RawConfig, localRegistry: boolean, add: Add): void {
  const b = raw.builder
  if (!b) return
  const arch = arches(b)
  if (arch.length === 0) add(['builder'], 'Builder arch not set', true)
  const type = b.cache?.type
  if (type !== undefined && type !== 'gha' && type !== 'registry')
    add(['builder'], `Invalid cache type: ${cut(type, 100)}`, false, ['builder', 'cache', 'type'])
  if (b.local === false && !b.remote)
    add(['builder'], 'Cannot disable local builds, no remote is set', false, ['builder', 'local'])
  if (b.pack && arch.length > 1)
    add(['builder'], 'buildpacks only support building for one arch', false, ['builder', 'arch'])
  if (localRegistry && b.remote && !b.remote.startsWith('ssh://'))
    add(['builder'], 'Local registry with remote builder requires an SSH URL (e.g., ssh://user@host)', false, [
      'builder',
      'remote'
    ])
}

/** Ruby's `Array#to_s` of strings, which is what Kamal puts in a build arg given a list. */
function rubyArray(values: string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`
}

/** The builder section with Kamal's defaults (undefined without one: then nothing can be built). */
export function normalizeBuilder(raw: RawConfig['builder']): BuilderConfig | undefined {
  if (!raw) return undefined
  const args: BuilderConfig['args'] = {}
  for (const [key, value] of Object.entries(raw.args ?? {}))
    args[key] = value === true ? 'true' : Array.isArray(value) ? rubyArray(value) : value === '' ? null : value
  const type = raw.cache?.type
  return {
    arch: arches(raw),
    remote: raw.remote || undefined,
    localDisabled: raw.local === false,
    driver: raw.driver ?? 'docker-container',
    cache:
      type === 'gha' || type === 'registry'
        ? { type, options: raw.cache?.options, image: raw.cache?.image }
        : undefined,
    context: raw.context,
    dockerfile: raw.dockerfile ?? 'Dockerfile',
    target: raw.target || undefined,
    args,
    secrets: raw.secrets ?? [],
    ssh: raw.ssh || undefined,
    provenance: raw.provenance,
    sbom: raw.sbom,
    pack: raw.pack ? { builder: raw.pack.builder ?? '', buildpacks: raw.pack.buildpacks ?? [] } : undefined
  }
}
