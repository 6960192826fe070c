// Pure helpers for env specs (clear values and secret names), as Kamal's lib/kamal/configuration/env.rb
// combines them. No zod and no file access, so that the command builders can import it cheaply.
import type { EnvSpec } from './types.js'

/** Later specs win for clear values; secret names are kept once each, in first-seen order. */
export function mergeEnv(...specs: EnvSpec[]): EnvSpec {
  const clear: Record<string, string> = {}
  const secret: string[] = []
  for (const s of specs) {
    Object.assign(clear, s.clear)
    for (const name of s.secret) if (!secret.includes(name)) secret.push(name)
  }
  return { clear, secret }
}

/** `NAME:ALIAS` gives the container NAME with the value of secret ALIAS. */
export function secretAlias(entry: string): { name: string; source: string } {
  const [name, alias] = entry.split(':')
  return { name: name ?? entry, source: alias ?? name ?? entry }
}
