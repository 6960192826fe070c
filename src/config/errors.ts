// How config problems are described and reported: a problem's place (file, line, column, key path),
// the error that carries every problem at once, and the `Add` callback the section checks report with.

export interface Location {
  file: string
  line: number
  column: number
}

export interface ConfigProblem {
  /** Kamal-style key path, e.g. `servers/web/options`. Empty for whole-file problems. */
  keyPath: string
  message: string
  location?: Location
}

/** A problem at `path` (Kamal's context), located at `at` when that is more precise; `atKey` for the key itself. */
export type Add = (path: (string | number)[], message: string, atKey?: boolean, at?: (string | number)[]) => void

/** Every problem found, each on a line of the message; `cause` when a lower-level error led to them. */
export class ConfigError extends Error {
  constructor(
    readonly problems: ConfigProblem[],
    options?: ErrorOptions
  ) {
    super(problems.map(formatProblem).join('\n'), options)
    this.name = 'ConfigError'
  }
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.location ? `${p.location.file}:${p.location.line}:${p.location.column}: ` : ''
  return `${where}${p.keyPath ? `${p.keyPath}: ` : ''}${p.message}`
}
