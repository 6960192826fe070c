// The ERB people put in deploy.yml, without Ruby: ENV lookups, comments and trim marks. Anything
// else is Ruby we cannot run, and is an error naming the file, line and snippet.
import { secretAlias } from './env.js'
import { ConfigError, type ConfigProblem } from './errors.js'
import type { Accessory } from './types.js'

export interface ErbOptions {
  /** What errors call the file. */
  file: string
  /** The ENV the template sees. */
  env: Record<string, string | undefined>
  /** Trim mode `-` (deploy*.yml): `-%>` drops the newline after the tag, `<%-` the indent before it. */
  trim: boolean
}

export interface ErbResult {
  text: string
  /** For each output line (0-based), the 1-based line of the template it came from. */
  lineMap: number[]
}

export const ERB_SUPPORTED =
  'supported ERB: <%= ENV["NAME"] %>, <%= ENV.fetch("NAME") %>, <%= ENV.fetch("NAME", "default") %>, <%= ENV.fetch("NAME") { "default" } %> and <%# comments %>'

const STR = String.raw`(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')`
const INDEX = new RegExp(String.raw`^ENV\[\s*${STR}\s*\]$`)
const FETCH = new RegExp(String.raw`^ENV\.fetch\(\s*${STR}\s*\)$`)
const FETCH_DEFAULT = new RegExp(String.raw`^ENV\.fetch\(\s*${STR}\s*,\s*${STR}\s*\)$`)
const FETCH_BLOCK = new RegExp(String.raw`^ENV\.fetch\(\s*${STR}\s*\)\s*\{\s*${STR}\s*\}$`)

/** A Ruby string literal's value: double quotes know the usual escapes, single quotes only \' and \\. */
function literal(double: string | undefined, single: string | undefined): string {
  if (single !== undefined) return single.replace(/\\(['\\])/g, '$1')
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', e: '\u001b', s: ' ' }
  return (double ?? '').replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c)
}

/** Whether a double-quoted literal interpolates (`#{...}`), which would need Ruby. */
const interpolates = (m: RegExpExecArray) => [1, 3].some((i) => m[i]?.includes('#{'))

function evaluate(expr: string, env: ErbOptions['env']): { value: string } | { error: string } {
  let m: RegExpExecArray | null
  if ((m = INDEX.exec(expr)) && !interpolates(m)) return { value: env[literal(m[1], m[2])] ?? '' }
  if ((m = FETCH.exec(expr)) && !interpolates(m)) {
    const name = literal(m[1], m[2])
    const value = env[name]
    return value === undefined
      ? { error: `environment variable ${name} is not set (ENV.fetch("${name}") has no default)` }
      : { value }
  }
  if (((m = FETCH_DEFAULT.exec(expr)) || (m = FETCH_BLOCK.exec(expr))) && !interpolates(m)) {
    return { value: env[literal(m[1], m[2])] ?? literal(m[3], m[4]) }
  }
  return { error: 'unsupported' }
}

/** Renders `template`; every problem in it is reported at once (ConfigError). */
export function renderErb(template: string, opts: ErbOptions): ErbResult {
  const problems: ConfigProblem[] = []
  let out = ''
  const lineMap: number[] = [1]
  let line = 1
  let col = 1
  /** Appends text that starts on the template's current line (a value's newlines stay on it). */
  const emit = (text: string, fromTemplate: boolean) => {
    let l = line
    for (const ch of text) {
      out += ch
      if (ch === '\n') lineMap.push(fromTemplate ? ++l : l)
    }
  }
  const advance = (text: string) => {
    for (const ch of text) {
      if (ch === '\n') {
        line++
        col = 1
      } else col++
    }
  }
  let i = 0
  while (i < template.length) {
    const open = template.indexOf('<%', i)
    if (open < 0) {
      const rest = template.slice(i)
      emit(rest, true)
      advance(rest)
      break
    }
    let before = template.slice(i, open)
    if (template.startsWith('<%%', open)) {
      emit(before + '<%', true)
      advance(before + '<%%')
      i = open + 3
      continue
    }
    const leftTrim = opts.trim && template[open + 2] === '-'
    // `<%-` drops the spaces and tabs before it when they are all that precede it on the line.
    if (leftTrim) before = before.replace(/(^|\n)[ \t]*$/, '$1')
    emit(before, true)
    advance(template.slice(i, open))
    const tagLine = line
    const tagCol = col
    const close = template.indexOf('%>', open + 2)
    const where = { file: opts.file, line: tagLine, column: tagCol }
    if (close < 0) {
      problems.push({
        keyPath: '',
        message: `ERB tag is not closed with %>: ${snippet(template.slice(open))}`,
        location: where
      })
      break
    }
    const tag = template.slice(open, close + 2)
    advance(tag)
    i = close + 2
    let body = template.slice(open + 2 + (leftTrim ? 1 : 0), close)
    const rightTrim = body.endsWith('-')
    if (rightTrim) body = body.slice(0, -1)
    if (rightTrim && !opts.trim) {
      problems.push({
        keyPath: '',
        message: `ERB: -%> needs trim mode, which ${opts.file} is not rendered with: ${snippet(tag)}`,
        location: where
      })
      continue
    }
    if (body.startsWith('#')) {
      // a comment renders nothing
    } else if (body.startsWith('=')) {
      const result = evaluate(body.slice(1).trim(), opts.env)
      if ('value' in result) emit(result.value, false)
      else if (result.error === 'unsupported')
        problems.push({
          keyPath: '',
          message: `ERB: cannot evaluate ${snippet(tag)} without Ruby; ${ERB_SUPPORTED}`,
          location: where
        })
      else problems.push({ keyPath: '', message: `ERB: ${result.error}`, location: where })
    } else {
      problems.push({
        keyPath: '',
        message: `ERB: cannot run the Ruby code ${snippet(tag)}; ${ERB_SUPPORTED}`,
        location: where
      })
    }
    if (rightTrim && template[i] === '\n') {
      advance('\n')
      i++
    } else if (rightTrim && template.startsWith('\r\n', i)) {
      advance('\r\n')
      i += 2
    }
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return { text: out, lineMap }
}

function snippet(text: string): string {
  const one = text.replace(/\s*\n\s*/g, ' ').trim()
  return one.length > 80 ? `${one.slice(0, 77)}...` : one
}

/** The ENV deploy*.yml is rendered with: the process env with KAMAL_DESTINATION set or cleared. */
export function configErbEnv(
  env: Record<string, string | undefined>,
  destination: string | undefined
): Record<string, string | undefined> {
  const out = { ...env }
  if (destination) out['KAMAL_DESTINATION'] = destination
  else delete out['KAMAL_DESTINATION']
  return out
}

/** Kamal renders accessory files whose local name ends in `erb`. */
export const isErbFile = (local: string) => local.endsWith('.erb')

/**
 * An accessory's local file as uploaded: files named `*.erb` are rendered (no trim mode) with the
 * accessory's clear and secret env put into ENV, as Kamal's `expand_local_file` and `with_env_loaded`
 * do (lib/kamal/configuration/accessory.rb); others are left as they are.
 */
export function renderAccessoryFile(
  local: string,
  content: Buffer,
  accessory: Accessory,
  secrets: ReadonlyMap<string, string>,
  env: Record<string, string | undefined>
): Buffer {
  if (!isErbFile(local)) return content
  const erbEnv: Record<string, string | undefined> = { ...env, ...accessory.env.clear }
  for (const entry of accessory.env.secret) {
    const { name, source } = secretAlias(entry)
    erbEnv[name] = secrets.get(source)
  }
  return Buffer.from(renderErb(content.toString('utf8'), { file: local, env: erbEnv, trim: false }).text)
}
