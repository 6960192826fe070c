// OpenSSH known_hosts: plain, `[host]:port`, wildcard and hashed (`|1|salt|hash`) entries,
// `@revoked` markers. ssh2 accepts every host key unless told otherwise; this is what we tell it.
import { createHash, createHmac } from 'node:crypto'

export interface KnownKey {
  type: string
  /** The raw key blob (base64-decoded key field). */
  blob: Buffer
  revoked: boolean
}

interface Entry extends KnownKey {
  patterns: string[]
}

export function parseKnownHosts(text: string): Entry[] {
  const entries: Entry[] = []
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const fields = line.split(/\s+/)
    let revoked = false
    if (fields[0]?.startsWith('@')) {
      const marker = fields.shift()
      if (marker === '@cert-authority') continue // ssh2 has no certificate support
      revoked = marker === '@revoked'
    }
    const [hosts, type, key] = fields
    if (!hosts || !type || !key) continue
    entries.push({ patterns: hosts.split(','), type, blob: Buffer.from(key, 'base64'), revoked })
  }
  return entries
}

/** The name a host is looked up by: `host` on port 22, `[host]:port` otherwise. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
    'i'
  )
  return re.test(value)
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|')
    if (!salt || !hash) return false
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash
  }
  return globMatch(pattern, name)
}

function entryMatches(entry: Entry, name: string): boolean {
  let matched = false
  for (const p of entry.patterns) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false
    } else if (patternMatches(p, name)) matched = true
  }
  return matched
}

/**
 * Where to look for a host's entries: entries whose patterns are all plain names, by name (lower
 * case), and the others (wildcards, negations, hashed names), which every lookup scans. Without it,
 * a 1,000-host known_hosts matched by 1,000 hosts compiled a million patterns (a second of CPU).
 * Hashed entries still cost one HMAC per entry and host: for large fleets, plain lines are cheaper.
 */
interface Index {
  byName: Map<string, number[]>
  scanned: number[]
}

const indexes = new WeakMap<Entry[], Index>()

const isPlain = (pattern: string) => !/[*?!]/.test(pattern) && !pattern.startsWith('|')

function indexOf(entries: Entry[]): Index {
  let index = indexes.get(entries)
  if (index) return index
  index = { byName: new Map(), scanned: [] }
  for (const [i, e] of entries.entries()) {
    if (!e.patterns.every(isPlain)) {
      index.scanned.push(i)
      continue
    }
    for (const name of new Set(e.patterns.map((p) => p.toLowerCase()))) {
      const list = index.byName.get(name)
      if (list) list.push(i)
      else index.byName.set(name, [i])
    }
  }
  indexes.set(entries, index)
  return index
}

/** The keys known for `host` on `port`, in file order. */
export function keysForHost(entries: Entry[], host: string, port: number): KnownKey[] {
  const name = hostKeyName(host, port)
  const index = indexOf(entries)
  const candidates = [...(index.byName.get(name.toLowerCase()) ?? []), ...index.scanned].sort((a, b) => a - b)
  return candidates
    .map((i) => entries[i] as Entry)
    .filter((e) => entryMatches(e, name))
    .map(({ type, blob, revoked }) => ({ type, blob, revoked }))
}

/** OpenSSH's fingerprint: `SHA256:` + unpadded base64 of the blob's SHA-256. */
export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')
}

/** Host-key algorithms to offer, limited to the types we hold keys for (so negotiation cannot pick another). */
export function hostKeyAlgorithms(keys: KnownKey[]): string[] {
  const out: string[] = []
  for (const { type } of keys.filter((k) => !k.revoked)) {
    const algos = type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]
    for (const a of algos) if (!out.includes(a)) out.push(a)
  }
  return out
}

export type HostKeyVerdict = { ok: true } | { ok: false; reason: string }

export function verifyHostKey(keys: KnownKey[], presented: Buffer, host: string, port: number): HostKeyVerdict {
  const fp = fingerprint(presented)
  if (keys.some((k) => k.revoked && k.blob.equals(presented)))
    return { ok: false, reason: `host key ${fp} is marked @revoked in known-hosts` }
  if (keys.some((k) => !k.revoked && k.blob.equals(presented))) return { ok: true }
  const name = hostKeyName(host, port)
  if (keys.filter((k) => !k.revoked).length === 0)
    return {
      ok: false,
      reason: `host key ${fp} is not in known-hosts (no entry for ${name}); add the output of \`ssh-keyscan ${port === 22 ? '' : `-p ${port} `}${host}\` to the known-hosts input after checking it`
    }
  return {
    ok: false,
    reason: `HOST KEY MISMATCH: the server presented ${fp}, which is not the key known-hosts has for ${name} (${keys.map((k) => fingerprint(k.blob)).join(', ')}); someone may be intercepting the connection, or the host was rebuilt`
  }
}
