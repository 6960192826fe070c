// A Kamal command line split into words exactly as Kamal splits an alias's text: Ruby's
// `Shellwords.split` (lib/shellwords.rb, used by lib/kamal/cli/alias/command.rb), ported regex for
// regex. POSIX quoting: 'single quotes' are literal, "double quotes" keep a backslash only before
// $ ` " \ and newline, a backslash outside quotes escapes the next character. Nothing is
// expanded: no variables, no globs, and `|`, `;`, `>` are ordinary characters.

export class CommandLineError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CommandLineError'
  }
}

const WORD = /\s*(?:([^\s\\'"]+)|'([^']*)'|"((?:[^"\\]|\\[\s\S])*)"|(\\[\s\S]?)|(\S))(\s|$)?/y

/** Ruby's `Shellwords.split(line)`; an unmatched quote is an error naming where it starts. */
export function splitWords(line: string): string[] {
  const words: string[] = []
  let field = ''
  let started = false
  WORD.lastIndex = 0
  while (WORD.lastIndex < line.length) {
    const at = WORD.lastIndex
    const m = WORD.exec(line)
    if (!m) break
    const [all, word, sq, dq, esc, garbage, sep] = m
    if (all === '') break
    if (garbage !== undefined) {
      const start = at + all.indexOf(garbage)
      throw new CommandLineError(
        `${garbage === '\0' ? 'Nul character' : 'Unmatched quote'} at ${start}: ${line.slice(start)}`
      )
    }
    const piece =
      word ??
      sq ??
      (dq !== undefined ? dq.replace(/\\([$`"\\\n])/g, '$1') : undefined) ??
      (esc ?? '').replace(/\\(.)/g, '$1')
    if (word !== undefined || sq !== undefined || dq !== undefined || esc !== undefined) {
      field += piece
      started = true
    }
    if (sep !== undefined) {
      if (started) words.push(field)
      field = ''
      started = false
    }
  }
  if (started) words.push(field)
  return words
}

/** A word as a person would type it back into a command line (for messages and the summary). */
export function showWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
