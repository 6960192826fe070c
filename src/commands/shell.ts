// Quoting for values that reach the remote shell. Two styles:
// - `word`: a safe token is passed bare (so command lines match Kamal's), anything else is single-quoted;
// - `kamalValue`: Kamal's double-quoted escaping for `--env`/`--label`/option values, which keeps
//   `${VAR}` for the remote shell to expand (Kamal users rely on it) and escapes every other `$`.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/** A shell word: bare when it has no special characters, otherwise single-quoted. */
export function word(value: string): string {
  if (SAFE.test(value)) return value
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** Always single-quoted (for patterns and filters). */
export function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

const DUMP_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\f': '\\f',
  '\v': '\\v',
  '\b': '\\b',
  '\u0007': '\\a',
  '\u001b': '\\e'
}

/** The inside of Ruby's `String#dump` for ASCII text (non-ASCII is passed through, as Kamal does). */
function dumpBody(value: string): string {
  let out = ''
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string
    const code = c.charCodeAt(0)
    if (c in DUMP_ESCAPES) out += DUMP_ESCAPES[c]
    else if (c === '#' && /[{$@]/.test(value[i + 1] ?? '')) out += '\\#'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
    else out += c
  }
  return out
}

/**
 * Kamal's `escape_shell_value`: `"dumped"`, backticks escaped, and `$` escaped unless it starts
 * `${...}`.
 */
export function kamalValue(value: string): string {
  return `"${dumpBody(value)
    .replace(/`/g, '\\`')
    .replace(/\$(?!\{[^}]*\})/g, '\\$')}"`
}

/**
 * A line of a Kamal env file (lib/kamal/env_file.rb): dumped, outer quotes dropped, `\"` and `\#`
 * unescaped; backticks stay as they are (only shell values escape them).
 */
export function envFileValue(value: string): string {
  return dumpBody(value).replace(/\\"/g, '"').replace(/\\#/g, '#')
}

/** `--flag KEY="value"` for each entry; a bare `--flag KEY` when the value is empty. */
export function argumentize(flag: string, entries: Record<string, string | undefined>): string[] {
  return Object.entries(entries).map(([k, v]) =>
    v === undefined || v === '' ? `${flag} ${word(k)}` : `${flag} ${word(k)}=${kamalValue(v)}`
  )
}

/** Docker options: `--key "value"`, `--key` for true/null, repeated for arrays. */
export function optionize(options: Record<string, string | null | string[]>): string[] {
  const out: string[] = []
  for (const [key, value] of Object.entries(options)) {
    const flag = `--${word(key)}`
    if (value === null || value === 'true') out.push(flag)
    else for (const v of Array.isArray(value) ? value : [value]) out.push(`${flag} ${kamalValue(v)}`)
  }
  return out
}

/** Ruby's Base64.encode64: lines of 60 characters, each ending in a newline. */
export function encode64(text: string): string {
  const b64 = Buffer.from(text, 'utf8').toString('base64')
  let out = ''
  for (let i = 0; i < b64.length; i += 60) out += b64.slice(i, i + 60) + '\n'
  return out
}

/** A command whose standard output is not wanted (Docker prints IDs and names on success). */
export function quietly(command: string): string {
  return `${command} > /dev/null`
}

/** Kamal's "may fail": the script goes on whatever the command's exit status. */
export function mayFail(command: string): string {
  return `${command} || true`
}

/** A command that may fail, with nothing of it shown (neither its output nor its errors). */
export function silently(command: string): string {
  return `${quietly(command)} 2>&1 || true`
}

/** A command that may fail, its error messages hidden (a missing directory, a gone route). */
export function errorsHidden(command: string): string {
  return `${command} 2> /dev/null || true`
}
