// `env:` sections checked against the schema's two shapes (a plain map, or clear/secret/tags) with
// Kamal's messages (lib/kamal/configuration/validator/env.rb); tags only in the root env.
import type { Add } from './errors.js'
import { envFull, envSimple, isFullEnv, kamalMessage, type RawConfig } from './schema.js'
import type { EnvSpec } from './types.js'

/** The env at `path`; `allowTags` for the root env only. An env with problems counts as empty. */
export function normalizeEnv(
  raw: Record<string, unknown> | undefined,
  path: (string | number)[],
  add: Add,
  allowTags: boolean
): EnvSpec {
  if (!raw) return { clear: {}, secret: [] }
  if (!isFullEnv(raw)) {
    const r = envSimple.safeParse(raw, { error: kamalMessage })
    if (!r.success) {
      for (const i of r.error.issues) add([...path, ...i.path.map(String)], i.message)
      return { clear: {}, secret: [] }
    }
    return { clear: r.data, secret: [] }
  }
  const r = envFull.safeParse(raw, { error: kamalMessage })
  if (!r.success) {
    for (const i of r.error.issues) {
      if (i.code === 'unrecognized_keys')
        for (const k of i.keys) add([...path, ...i.path.map(String), k], `unknown key: ${k}`, true)
      else add([...path, ...i.path.map(String)], i.message)
    }
    return { clear: {}, secret: [] }
  }
  if (r.data.tags && !allowTags) add([...path, 'tags'], 'tags are only allowed in the root env', true)
  return { clear: r.data.clear ?? {}, secret: r.data.secret ?? [] }
}

/** The root env's `tags`: the env each tag adds on the hosts that carry it. */
export function normalizeEnvTags(rawEnv: RawConfig['env'], add: Add): Record<string, EnvSpec> {
  const envTags: Record<string, EnvSpec> = {}
  const tagsRaw = rawEnv && isFullEnv(rawEnv) ? (rawEnv['tags'] as Record<string, unknown> | undefined) : undefined
  for (const [tag, value] of Object.entries(tagsRaw ?? {}))
    envTags[tag] = normalizeEnv(value as Record<string, unknown>, ['env', 'tags', tag], add, false)
  return envTags
}
