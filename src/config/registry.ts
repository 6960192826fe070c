// The registry section and the image name it prefixes (Kamal: lib/kamal/configuration/registry.rb,
// validator/registry.rb): credentials are required unless the server is a local registry.
import type { Add } from './errors.js'
import type { RawConfig } from './schema.js'
import type { Registry, ValueOrSecret } from './types.js'

/** A registry on `localhost` (Kamal reaches it through an SSH reverse port-forward). */
export function isLocalRegistry(registry: Registry): boolean {
  return registry.server?.startsWith('localhost') ?? false
}

/** The root's or an accessory's registry: a string is a literal, a one-item list names a secret. */
export function normalizeRegistry(raw: RawConfig['registry'], path: string[], add: Add): Registry {
  if (!raw) return {}
  const ref = (v: string | string[] | undefined): ValueOrSecret | undefined =>
    v === undefined ? undefined : Array.isArray(v) ? { secret: v[0] ?? '' } : { literal: v }
  const local = raw.server?.startsWith('localhost') ?? false
  if (!local && raw.username === undefined) add([...path, 'username'], 'is required')
  if (!local && raw.password === undefined) add([...path, 'password'], 'is required')
  return { server: raw.server, username: ref(raw.username), password: ref(raw.password) }
}

/**
 * The app's image repository (`image`, or the service name with a local registry), prefixed with the
 * registry server unless it is local or already there; `image` and `registry` are required otherwise.
 */
export function appImage(raw: RawConfig, registry: Registry, add: Add): string {
  const local = isLocalRegistry(registry)
  if (!raw.image && !local) add(['image'], 'is required')
  if (!raw.registry && !local) add(['registry'], 'is required')
  const image = raw.image ?? raw.service
  return registry.server && !local && !image.startsWith(`${registry.server}/`) ? `${registry.server}/${image}` : image
}

export function localRegistryWarning(registry: Registry): string | undefined {
  return isLocalRegistry(registry)
    ? `registry: ${registry.server} is a local registry; Kamal reaches it from each host through an SSH reverse port-forward, which this action does not open: each host pulls from its own ${registry.server}`
    : undefined
}
