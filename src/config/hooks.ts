// Kamal's hook settings (lib/kamal/configuration.rb `hooks_path`, `hooks_output_for`): where the
// hooks are, relative to the working directory and never outside it, and how much of them is shown.
import { staysInside } from './paths.js'
import type { Add } from './errors.js'
import type { RawConfig } from './schema.js'
import type { DeployConfig, HookOutputLevel } from './types.js'

export const DEFAULT_HOOKS_PATH = '.kamal/hooks'

/** `hooks_path` checked (inside the working directory), with Kamal's default. */
export function hooksPath(raw: RawConfig, add: Add): string {
  const path = raw.hooks_path ?? DEFAULT_HOOKS_PATH
  if (!staysInside(path))
    add(
      ['hooks_path'],
      `'${path}' is outside the working directory: give a path relative to it (default ${DEFAULT_HOOKS_PATH})`
    )
  return path
}

const level = (value: string): HookOutputLevel | undefined => {
  const v = value.replace(/^:/, '')
  return v === 'quiet' || v === 'verbose' ? v : undefined
}

/** `hooks_output` as typed levels (written with or without the Ruby symbol's colon); bad ones are
 * reported by `checkHooksOutput` and left out here. */
export function hooksOutput(raw: RawConfig): DeployConfig['hooksOutput'] {
  const h = raw.hooks_output
  if (h === undefined) return undefined
  if (typeof h === 'string') return level(h)
  const out: Record<string, HookOutputLevel> = {}
  for (const [name, value] of Object.entries(h)) {
    const l = level(value)
    if (l) out[name] = l
  }
  return out
}

/** The level set for `hook` (Kamal's `hooks_output_for`): undefined means Kamal's default. */
export function hooksOutputFor(config: DeployConfig, hook: string): HookOutputLevel | undefined {
  const h = config.hooksOutput
  return typeof h === 'string' || h === undefined ? h : h[hook]
}
