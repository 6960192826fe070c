// The keys this action reads and validates but does not act on (with why, where there is more to
// say), and the warnings a loaded config gives: shown once each, before anything is deployed.
import type { RawConfig } from './schema.js'
import type { DeployConfig } from './types.js'

/** Keys we validate but do not act on (yet); each is reported once as a warning. */
const NOT_ACTED_ON = [
  'asset_path',
  'servers.*.asset_path',
  'accessories.*.proxy',
  'error_pages_path',
  'minimum_version',
  'run_directory',
  'output',
  'ssh.log_level',
  'sshkit.pool_idle_timeout',
  'sshkit.dns_retries',
  'boot.parallel_roles'
]

/** Why a key is not acted on, where there is more to say than "not yet". */
export const NOT_ACTED_ON_NOTES: Record<string, string> = {
  run_directory: 'Kamal 2 ignores it too: the run directory is always .kamal',
  'ssh.log_level': 'ssh2 logs nothing; connection errors name the host and the leg that failed',
  minimum_version: 'it names a Kamal version, not a version of this action'
}

/** Every warning about a loaded config, each once: keys not acted on, then the other notes. */
export function configWarnings(config: DeployConfig): string[] {
  return [
    ...config.ignoredKeys.map(
      (k) =>
        `${k}: read and validated, but not acted on by this version of the action${NOT_ACTED_ON_NOTES[k] ? ` (${NOT_ACTED_ON_NOTES[k]})` : ''}`
    ),
    ...config.warnings
  ]
}

/** The keys of NOT_ACTED_ON that the config sets, in that list's order. */
export function ignoredKeys(raw: RawConfig): string[] {
  return NOT_ACTED_ON.filter((k) => hasKey(raw, k))
}

/** Whether the dotted key is set; `*` matches any key at its level. */
function hasKey(node: unknown, dotted: string): boolean {
  const [part, ...rest] = dotted.split('.')
  if (typeof node !== 'object' || node === null || part === undefined) return false
  const values = part === '*' ? Object.values(node) : part in node ? [(node as Record<string, unknown>)[part]] : []
  return values.some((v) => (rest.length === 0 ? v !== undefined : hasKey(v, rest.join('.'))))
}
