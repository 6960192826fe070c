// The dotenv syntax of Kamal's secrets files: `$VAR`/`${VAR}` from earlier keys or the environment, and `$(command)`
// run through the shell (Kamal: lib/kamal/secrets/dotenv/inline_command_substitution.rb).
import { execFileSync } from 'node:child_process'

/** Runs a `$(command)` of a secrets file and gives its output without the final newlines. */
export type CommandRunner = (command: string, env: Record<string, string | undefined>) => string

/** Through `/bin/sh -c` on the runner, like Kamal's dotenv. Nothing it prints is shown: it may be secret. */
export const runShellCommand: CommandRunner = (command, env) =>
  execFileSync('/bin/sh', ['-c', command], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024
  }).replace(/\n+$/, '')

export class SecretsFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretsFileError'
  }
}

export interface DotenvOptions {
  /** What errors call the file. */
  file?: string
  /** How `$(command)` is run (tests and `plan` give their own). */
  runCommand?: CommandRunner
}

type Lookup = (name: string) => string
type Substitute = (command: string) => string

/**
 * `KEY=value` lines, later keys seeing earlier ones (then `known`, then `env`) in `$VAR`.
 * Hand-written rather than dotenv + dotenv-expand: Kamal's precedence (file beats env) and
 * single-quote literals differ from dotenv-expand's, and the parser is small.
 */
export function parseDotenv(
  text: string,
  env: Record<string, string | undefined>,
  known: Map<string, string> = new Map(),
  opts: DotenvOptions = {}
): Map<string, string> {
  const out = new Map<string, string>()
  const lookup = (name: string) => out.get(name) ?? known.get(name) ?? env[name] ?? ''
  // A command sees the environment plus every key defined so far in the files.
  const commandEnv = () => ({ ...env, ...Object.fromEntries(known), ...Object.fromEntries(out) })
  const run = opts.runCommand ?? runShellCommand
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(lines[i] ?? '')
    if (!m) continue
    const key = m[1] as string
    const command = substitution(`${opts.file ?? 'secrets'}:${i + 1}: ${key}`, run, commandEnv)
    const rest = m[2] ?? ''
    const quote = rest[0]
    if (quote === '"' || quote === "'") {
      const quoted = readQuoted(lines, i, rest.slice(1), quote)
      i = quoted.lastLine
      out.set(key, quote === "'" ? quoted.body : expandDoubleQuoted(quoted.body, lookup, command))
    } else out.set(key, expandUnquoted(rest, lookup, command))
  }
  return out
}

/**
 * Runs a `$(command)` for the key at `where` (file:line: KEY). A failure names the place and the
 * exit status only; its output may hold secrets, so it is neither shown nor kept as the `cause`.
 */
function substitution(where: string, run: CommandRunner, env: () => Record<string, string | undefined>): Substitute {
  return (cmd) => {
    try {
      return run(cmd, env())
    } catch (e) {
      const status = (e as { status?: number | null }).status
      throw new SecretsFileError(
        `${where}: the command $(${cmd}) failed${typeof status === 'number' ? ` (exit ${status})` : ''}; its output is not shown, as it may hold secrets`
      )
    }
  }
}

/** A quoted value may span lines until its closing quote: its body and the last line it took. */
function readQuoted(
  lines: string[],
  first: number,
  afterQuote: string,
  quote: string
): { body: string; lastLine: number } {
  let body = afterQuote
  let i = first
  while (!hasClosing(body, quote) && i + 1 < lines.length) body += '\n' + (lines[++i] ?? '')
  const end = closingIndex(body, quote)
  return { body: end >= 0 ? body.slice(0, end) : body, lastLine: i }
}

/** Double quotes: `\n` is a newline, `\"`, `\\` and `\$` are literal, then `$VAR` and `$(command)` expand. */
function expandDoubleQuoted(body: string, lookup: Lookup, command: Substitute): string {
  return expand(
    body.replace(/\\n/g, '\n').replace(/\\(["\\$])/g, (_, c: string) => (c === '$' ? '\u0000' : c)),
    lookup,
    command
  ).replaceAll('\u0000', '$')
}

/** Unquoted: a ` #` comment ends the value, which is trimmed; `\$` is a literal `$`. */
function expandUnquoted(rest: string, lookup: Lookup, command: Substitute): string {
  const value = rest.replace(/\s+#.*$/, '').trim()
  return expand(value.replace(/\\\$/g, '\u0000'), lookup, command).replaceAll('\u0000', '$')
}

function closingIndex(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && quote === '"') i++
    else if (body[i] === quote) return i
  }
  return -1
}
const hasClosing = (body: string, quote: string) => closingIndex(body, quote) >= 0

/** `$(command)` (nested parentheses allowed), `${VAR}` and `$VAR`, left to right. */
function expand(value: string, lookup: Lookup, command: Substitute): string {
  let out = ''
  let i = 0
  while (i < value.length) {
    const c = value[i] as string
    if (c === '$' && value[i + 1] === '(') {
      let depth = 0
      let j = i + 1
      for (; j < value.length; j++) {
        if (value[j] === '(') depth++
        else if (value[j] === ')' && --depth === 0) break
      }
      if (j < value.length) {
        out += command(value.slice(i + 2, j))
        i = j + 1
        continue
      }
    }
    const v = c === '$' ? /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(value.slice(i)) : null
    if (v) {
      out += lookup((v[1] ?? v[2]) as string)
      i += v[0].length
    } else {
      out += c
      i++
    }
  }
  return out
}
