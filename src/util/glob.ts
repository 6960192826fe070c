// fnmatch-style wildcards, as Kamal's `-h`/`-r` and OpenSSH's host patterns use them.

/**
 * `*` (any run of characters) and `?` (one character); everything else literal. `ignoreCase` for
 * host names (OpenSSH compares them case-insensitively); Kamal's role and host filters are exact.
 */
export function globToRegExp(pattern: string, opts: { ignoreCase?: boolean } = {}): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${body}$`, opts.ignoreCase ? 'i' : '')
}

export function globMatch(pattern: string, value: string, opts: { ignoreCase?: boolean } = {}): boolean {
  return globToRegExp(pattern, opts).test(value)
}
