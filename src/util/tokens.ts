// OpenSSH's `%` tokens (ssh_config(5) TOKENS): `%h` host, `%p` port, `%r` remote user, `%n` the host
// name as originally given, `%d` the local home directory, `%%` a literal `%`. Each setting allows
// its own set; an unknown token is an error, as in OpenSSH and Net::SSH::Proxy::Command.

export class TokenError extends Error {
  constructor(readonly token: string) {
    super(`unknown token %${token}`)
    this.name = 'TokenError'
  }
}

/** Replaces every `%x` with `values[x]` (`%%` is `%`); throws TokenError for a token it does not know. */
export function expandTokens(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/%(.?)/gs, (_, t: string) => {
    if (t === '%') return '%'
    const value = values[t]
    if (value === undefined) throw new TokenError(t === '' ? '' : t)
    return value
  })
}

/** The first token of `template` that is not among `allowed` (`%` is always allowed), if any. */
export function unknownToken(template: string, allowed: string): string | undefined {
  for (const m of template.matchAll(/%(.?)/gs)) {
    const t = m[1] ?? ''
    if (t !== '%' && !allowed.includes(t === '' ? '\0' : t)) return t
  }
  return undefined
}
