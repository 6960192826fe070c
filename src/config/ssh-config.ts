// OpenSSH client config files (ssh_config(5)) as far as they decide where and how to connect.
// The `ssh-config` package tokenizes the files (quoting, `=` or blanks between key and value,
// comments, Host/Match sections); host matching and "first obtained value wins" are done here,
// not by its compute(): that one runs `Match exec` commands and `nslookup`, matches `?` as "zero or
// one character", and does not tell which lines applied — which the warnings need.
import SSHConfig, { LineType, type Line } from 'ssh-config'
import { ConfigError } from './errors.js'

/** One `Key value` line: the key lower-cased, its values split as OpenSSH splits them. */
export interface SshDirective {
  key: string
  /** The key as written, for messages. */
  name: string
  values: string[]
  /** The value as one string (a ProxyCommand's command line). */
  text: string
  file: string
  line: number
}

interface Block {
  /** Host patterns; undefined for the lines before the first Host, which apply to every host. */
  patterns?: string[]
  directives: SshDirective[]
}

export interface SshConfigFile {
  file: string
  blocks: Block[]
  /** What in the file is not acted on at all (Match blocks, Include). */
  notes: string[]
}

type Value = string | { val: string; separator: string; quoted?: boolean }[]

function valuesOf(value: Value): string[] {
  return typeof value === 'string' ? [value] : value.map((v) => v.val)
}

/** The value as one string, quotes kept where they were (ProxyCommand is split by the tokenizer). */
function textOf(value: Value): string {
  if (typeof value === 'string') return value
  return value
    .map(({ val, separator, quoted }) => `${separator}${quoted ? `"${val.replace(/"/g, '\\"')}"` : val}`)
    .join('')
    .trim()
}

function newlines(text: string): number {
  return text.split('\n').length - 1
}

/** Parses one file; `file` names it in messages. A file OpenSSH could not read either is a ConfigError. */
export function parseSshConfig(text: string, file: string): SshConfigFile {
  let parsed: SSHConfig
  try {
    parsed = SSHConfig.parse(text)
  } catch (e) {
    throw new ConfigError([
      { keyPath: 'ssh/config', message: `${file}: cannot be read as an OpenSSH config (${(e as Error).message})` }
    ])
  }
  const out: SshConfigFile = { file, blocks: [{ directives: [] }], notes: [] }
  let line = 1
  let current = out.blocks[0] as Block
  let skipping = false
  const visit = (node: Line) => {
    line += newlines(node.before)
    const at = line
    line += newlines(node.after)
    if (node.type !== LineType.DIRECTIVE) return
    const key = node.param.toLowerCase()
    if (key === 'host') {
      current = { patterns: valuesOf(node.value), directives: [] }
      out.blocks.push(current)
      skipping = false
    } else if (key === 'match') {
      out.notes.push(`${file}:${at}: Match blocks are not supported: the settings under this one are not used`)
      skipping = true
    } else if (key === 'include') {
      out.notes.push(`${file}:${at}: Include is not followed: ${textOf(node.value)} is not read`)
    } else if (!skipping) {
      const value = node.value
      current.directives.push({ key, name: node.param, values: valuesOf(value), text: textOf(value), file, line: at })
    }
    if ('config' in node) for (const child of node.config) visit(child)
  }
  for (const node of parsed) visit(node)
  return out
}

/** One ssh_config pattern: `*` any run of characters, `?` exactly one; case does not matter. */
function patternMatches(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${re}$`, 'i').test(name)
}

/** A Host line applies when one of its patterns matches and none of its `!` patterns does. */
export function hostMatches(patterns: string[], name: string): boolean {
  let matched = false
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (patternMatches(p.slice(1), name)) return false
    } else if (patternMatches(p, name)) matched = true
  }
  return matched
}

/** Keys that take every value obtained instead of the first one. */
const ACCUMULATED = new Set(['identityfile', 'certificatefile', 'localforward', 'remoteforward', 'dynamicforward'])

/** What the files say for one host: per key the first value obtained, and every IdentityFile. */
export interface HostOptions {
  first: Map<string, SshDirective>
  identityFiles: SshDirective[]
  /** Every line that applied (first obtained per key, all accumulated ones), for the warnings. */
  applied: SshDirective[]
}

/** The settings for `name` (the host as given, before HostName), files and lines in order. */
export function lookupHost(files: SshConfigFile[], name: string): HostOptions {
  const first = new Map<string, SshDirective>()
  const identityFiles: SshDirective[] = []
  const applied: SshDirective[] = []
  for (const f of files)
    for (const block of f.blocks) {
      if (block.patterns && !hostMatches(block.patterns, name)) continue
      for (const d of block.directives) {
        if (ACCUMULATED.has(d.key)) {
          if (d.key === 'identityfile') identityFiles.push(d)
          applied.push(d)
        } else if (!first.has(d.key)) {
          first.set(d.key, d)
          applied.push(d)
        }
      }
    }
  return { first, identityFiles, applied }
}
