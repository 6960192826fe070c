// The builder section: validated with Kamal's messages but never acted on, as this action deploys
// an image built in an earlier step (Kamal: lib/kamal/configuration/validator/builder.rb).
import type { Add } from './errors.js'
import { cut } from '../util/values.js'
import type { RawConfig } from './schema.js'

/**
 * Kamal's builder checks (validator/builder.rb; the local-registry one is
 * `ensure_local_registry_remote_builder_has_ssh_url` in lib/kamal/configuration.rb). The schema has
 * checked the types.
 */
export function checkBuilder(raw: RawConfig, localRegistry: boolean, add: Add): void {
  const b = raw.builder
  if (!b) return
  const arch = b.arch === undefined ? [] : (Array.isArray(b.arch) ? b.arch : [b.arch]).filter((a) => a !== '')
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

/** The builder section is only validated: the image is built and pushed before this action runs. */
export function builderWarning(raw: RawConfig, image: string): string | undefined {
  return raw.builder
    ? `builder: this action deploys the pre-built image ${image}:<version> and never builds it; build and push that image in an earlier step (the builder settings are only validated)`
    : undefined
}
