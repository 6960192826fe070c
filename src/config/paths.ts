// Files the config names inside the working directory (ssh.keys). A small stand-in until the
// shared `resolveInside` of #11 lands in src/config; then this one goes.
import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'

function inside(base: string, path: string): boolean {
  const rel = relative(base, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * `path` resolved against `base`, or undefined when it leaves `base` — by `..`, by being absolute,
 * or through a symlink (checked on the real paths when the file exists).
 */
export function resolveInside(base: string, path: string): string | undefined {
  const full = resolve(base, path)
  if (!inside(base, full)) return undefined
  let real: string
  try {
    real = realpathSync(full)
  } catch {
    return full // not there: reading it says so
  }
  return inside(realpathSync(base), real) ? full : undefined
}
