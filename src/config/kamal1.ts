// Hints for keys Kamal 1 had and Kamal 2 removed (healthcheck, traefik, stop_wait_time, the old
// builder keys), added to the schema's "unknown key" and type messages so an upgrade knows what to use.
import { isHash } from '../util/values.js'

/** Kamal 1 keys that Kamal 2 removed, with what replaced them. */
const V1_KEYS: Record<string, string> = {
  healthcheck:
    'a Kamal 1 key: Kamal 2 health-checks roles behind kamal-proxy with proxy.healthcheck (path, interval, timeout); for roles without the proxy give the image a Docker HEALTHCHECK or set it in the role options (health-cmd, health-interval)',
  traefik:
    'a Kamal 1 key: Kamal 2 replaced Traefik with kamal-proxy, configured under proxy (a role turns it on or off with proxy: true/false)',
  stop_wait_time:
    'a Kamal 1 key: Kamal 2 uses drain_timeout (how long kamal-proxy drains, and docker stop -t for roles without the proxy) and stop_timeout (docker stop -t for every role)'
}

const V1_BUILDER =
  "a Kamal 1 key: Kamal 2's builder takes arch (a list builds several), remote (ssh://user@host) and local: false"

/** "unknown key: x", with what replaced x when it is a Kamal 1 key (at the root, in a role or the builder). */
export function unknownKeyMessage(path: (string | number)[], key: string): string {
  const rootOrRole = path.length === 0 || (path.length === 2 && path[0] === 'servers')
  const hint = rootOrRole ? V1_KEYS[key] : path.join('/') === 'builder' && key === 'multiarch' ? V1_BUILDER : undefined
  return hint ? `unknown key: ${key} (${hint})` : `unknown key: ${key}`
}

/** Kamal 1's `builder.local`/`builder.remote` hashes get a hint too. */
export function typeMessage(path: (string | number)[], message: string, merged: unknown): string {
  const p = path.join('/')
  if (
    (p === 'builder/local' || p === 'builder/remote') &&
    isHash((merged as { builder?: Record<string, unknown> }).builder?.[path[1] as string])
  )
    return `${message} (${V1_BUILDER})`
  return message
}
