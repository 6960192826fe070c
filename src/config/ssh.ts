// The ssh section (Kamal: lib/kamal/configuration/ssh.rb): user and port, the jump hosts or proxy
// command, the key sources and the OpenSSH config files to read. Only the text is checked here;
// the files are read when a run prepares its connections (reach.ts, ssh-config.ts).
import { staysInside } from './paths.js'
import { unknownToken } from '../util/tokens.js'
import type { Add } from './errors.js'
import type { RawConfig } from './schema.js'
import type { JumpSpec, SshSettings, ValueOrSecret } from './types.js'

/**
 * One jump host, `[user@]host[:port]` (also `ssh://…` and `[v6-address]:port`, as OpenSSH's `-J`).
 * The user is left out when not given: `ssh.proxy` fills in root (Kamal), ProxyJump the config's.
 */
export function parseJumpSpec(value: string): JumpSpec | undefined {
  const m = /^(?:ssh:\/\/)?(?:([^@\s,/]+)@)?(\[[0-9A-Fa-f:.]+\]|[^@\s,:/[\]]+)(?::(\d{1,5}))?$/.exec(value.trim())
  if (!m) return undefined
  const port = m[3] === undefined ? undefined : Number(m[3])
  if (port !== undefined && (port < 1 || port > 65535)) return undefined
  const host = (m[2] as string).replace(/^\[(.*)\]$/, '$1')
  return { ...(m[1] ? { user: m[1] } : {}), host, ...(port !== undefined ? { port } : {}) }
}

/** A comma list of jump hosts (a chain, first hop first), or undefined if any part is not one. */
export function parseJumpList(value: string): JumpSpec[] | undefined {
  const hops = value.split(',').map(parseJumpSpec)
  return hops.every((h): h is JumpSpec => h !== undefined) ? hops : undefined
}

/** The tokens ssh.proxy_command may use, as Net::SSH::Proxy::Command and OpenSSH substitute them. */
export const PROXY_COMMAND_TOKENS = 'hprn'

/** Kamal 2.10 deprecated literal keys (they still work there): anything holding a PEM header is one. */
function keyDataEntry(value: string): ValueOrSecret {
  return value.includes('-----BEGIN') ? { literal: value } : { secret: value }
}

export function normalizeSsh(raw: RawConfig['ssh'], add: Add): SshSettings {
  const proxy = raw?.proxy === undefined ? undefined : parseJumpList(raw.proxy)
  if (raw?.proxy !== undefined && !proxy)
    add(['ssh', 'proxy'], 'should be <host>, <user>@<host> or <user>@<host>:<port> (a comma list for a chain)')
  const token = raw?.proxy_command === undefined ? undefined : unknownToken(raw.proxy_command, PROXY_COMMAND_TOKENS)
  if (token !== undefined)
    add(
      ['ssh', 'proxy_command'],
      `unknown token %${token}: only %h (host), %p (port), %r (user), %n (host as written) and %% are substituted`
    )
  ;(raw?.keys ?? []).forEach((key, i) => {
    if (!staysInside(key))
      add(
        ['ssh', 'keys', i],
        `'${key}' is outside the working directory: key files are read from the repository's working directory only; give the key with the ssh-private-key input or name a secret in ssh.key_data`
      )
  })
  const config = raw?.config ?? true
  return {
    user: raw?.user ?? 'root',
    port: raw?.port ?? 22,
    ...(proxy ? { proxy } : {}),
    ...(raw?.proxy_command !== undefined ? { proxyCommand: raw.proxy_command } : {}),
    keys: raw?.keys ?? [],
    keyData: (raw?.key_data ?? []).map(keyDataEntry),
    keysOnly: raw?.keys_only ?? false,
    configFiles:
      config === true ? ['~/.ssh/config'] : config === false ? [] : typeof config === 'string' ? [config] : config,
    configNamed: config !== true && config !== false,
    forwardAgent: raw?.forward_agent ?? false
  }
}

/** Warnings about how the ssh section is used, each once. */
export function sshWarnings(raw: RawConfig['ssh']): string[] {
  const out: string[] = []
  // The value is never repeated: it is a private key.
  if ((raw?.key_data ?? []).some((k) => k.includes('-----BEGIN')))
    out.push(
      'ssh.key_data: holds a literal private key, which Kamal deprecated: name a secret instead (.kamal/secrets or the step env)'
    )
  if (raw?.proxy !== undefined && raw.proxy_command !== undefined)
    out.push('ssh.proxy_command: not used, because ssh.proxy is set (Kamal uses the jump host then too)')
  return out
}
