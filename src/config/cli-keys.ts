// Keys of the kamal CLI (aliases, never acted on here; hooks_output, see hooks.ts), validated
// with Kamal's messages so that a config this action accepts is one Kamal accepts too.
import type { Add } from './errors.js'
import { cut } from '../util/values.js'
import type { RawConfig } from './schema.js'

/** Kamal's CLI commands, which an alias may not shadow. */
const KAMAL_COMMANDS = [
  'accessory',
  'app',
  'audit',
  'build',
  'config',
  'deploy',
  'details',
  'docs',
  'help',
  'init',
  'lock',
  'proxy',
  'prune',
  'redeploy',
  'registry',
  'remove',
  'rollback',
  'secrets',
  'server',
  'setup',
  'upgrade',
  'version'
]

/** Kamal's alias checks (lib/kamal/configuration/validator/alias.rb): a plain name, not a command's. */
export function checkAliases(aliases: RawConfig['aliases'], add: Add): void {
  for (const name of Object.keys(aliases ?? {})) {
    if (!/^[a-z0-9_-]+$/.test(name))
      add(
        ['aliases', name],
        `Invalid alias name: '${name}'. Must only contain lowercase letters, alphanumeric, hyphens and underscores.`,
        true
      )
    else if (KAMAL_COMMANDS.includes(name))
      add(['aliases', name], `Alias '${name}' conflicts with a built-in command.`, true)
  }
}

/** Kamal's hooks output levels (lib/kamal/configuration.rb), written with or without the Ruby symbol's colon. */
const HOOKS_OUTPUT = ['quiet', 'verbose']

export function checkHooksOutput(raw: RawConfig['hooks_output'], add: Add): void {
  if (raw === undefined) return
  const entries: [(string | number)[], string][] =
    typeof raw === 'string'
      ? [[['hooks_output'], raw]]
      : Object.entries(raw).map(([hook, v]) => [['hooks_output', hook], v])
  for (const [at, value] of entries) {
    if (!HOOKS_OUTPUT.includes(value.replace(/^:/, '')))
      add(
        ['hooks_output'],
        `Invalid hooks_output '${cut(value, 100)}', must be one of: ${HOOKS_OUTPUT.join(', ')}`,
        false,
        at
      )
  }
}
