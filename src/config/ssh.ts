// The ssh section (Kamal: lib/kamal/configuration/ssh.rb): user and port as used, the jump host
// validated, and a warning for literal keys. Keys not acted on are listed in warnings.ts.
import type { Add } from './errors.js'
import type { RawConfig } from './schema.js'
import type { DeployConfig } from './types.js'

/** `host` or `user@host` (the user defaults to root). */
export function parseJumpHost(value: string): { user: string; host: string } | undefined {
  const m = /^(?:([^@\s]+)@)?([^@\s]+)$/.exec(value)
  return m ? { user: m[1] ?? 'root', host: m[2] as string } : undefined
}

export function normalizeSsh(raw: RawConfig['ssh'], add: Add): DeployConfig['ssh'] {
  const jump = raw?.proxy === undefined ? undefined : parseJumpHost(raw.proxy)
  if (raw?.proxy !== undefined && !jump) add(['ssh', 'proxy'], 'should be <host> or <user>@<host>')
  return { user: raw?.user ?? 'root', port: raw?.port ?? 22, proxy: jump, keysOnly: raw?.keys_only }
}

/** Kamal 2.10 deprecated literal keys (they still work there); the value is never repeated. */
export function keyDataWarning(raw: RawConfig['ssh']): string | undefined {
  return (raw?.key_data ?? []).some((k) => k.includes('PRIVATE KEY'))
    ? 'ssh.key_data: holds a literal private key, which Kamal deprecated: name a secret instead (this action takes the key from the ssh-private-key input)'
    : undefined
}
