// Registry credentials in a script: resolved from literals or secrets, and fed to the host only
// on stdin (see RemoteScript.login / withLogin).
import type { RemoteScript } from '../commands/script.js'
import { word } from '../commands/shell.js'
import type { Registry } from '../config/types.js'
import type { RunContext } from './context.js'

/** Registry credentials, resolved from literals or secrets (undefined without both). */
export function registryCredentials(
  ctx: RunContext,
  registry: Registry
): { username: string; password: string } | undefined {
  const resolve = (v: Registry['username']) =>
    v === undefined ? undefined : 'literal' in v ? v.literal : ctx.secrets.get(v.secret)
  const username = resolve(registry.username)
  const password = resolve(registry.password)
  return username !== undefined && password !== undefined ? { username, password } : undefined
}

export function addLogin(script: RemoteScript, ctx: RunContext, registry: Registry): void {
  const creds = registryCredentials(ctx, registry)
  if (creds) script.login(registry.server ? word(registry.server) : undefined, creds.username, creds.password)
}

/** `command` (which may pull from the registry), with a `docker login` only if it fails with the
 * host's stored credentials (see RemoteScript.withLogin); without credentials, just the command. */
export function addWithLogin(script: RemoteScript, ctx: RunContext, registry: Registry, command: string): void {
  const creds = registryCredentials(ctx, registry)
  if (creds)
    script.withLogin(registry.server ? word(registry.server) : undefined, creds.username, creds.password, command)
  else script.add(command)
}
