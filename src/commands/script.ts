// Several commands sent as one exec (one round trip), with secret material fed through stdin:
// each file travels as one base64 line that the script reads with the shell's `read` builtin,
// so no secret is ever part of a command line that `ps` could show. A script also records what
// each stdin line carries and what a successful run reports, so `plan` can name both without
// reading the shell text.
import { type Report } from './protocol.js'
import { word } from './shell.js'

/** What one item on a script's stdin is (never its value). */
export type StdinItem = { kind: 'file'; path: string } | { kind: 'login' }

/** A command ready to send: its text, its stdin, and what it reports when it succeeds. */
export interface RemoteCommand {
  readonly command: string
  readonly stdin?: string
  readonly carries: readonly StdinItem[]
  /** The report of a run where everything went well (what `plan`'s recording hosts answer). */
  readonly assumed: Report
}

/** Lines plus the report they give when they succeed: what a builder with a `reportLine` returns. */
export interface Fragment {
  readonly lines: readonly string[]
  readonly assumed?: Report
}

/** One command line sent as it is (no `set -e` prelude), e.g. a lock operation. */
export function single(command: string, assumed: Report = {}): RemoteCommand {
  return { command, carries: [], assumed }
}

/** `docker login` reading the base64 user name and password that the script read from stdin. */
const loginLine = (server: string | undefined) =>
  `printf '%s' "$DECKHAND_P" | base64 -d | docker login${server ? ` ${server}` : ''} -u "$(printf '%s' "$DECKHAND_U" | base64 -d)" --password-stdin > /dev/null`

const READ_CREDENTIALS = 'IFS= read -r DECKHAND_U; IFS= read -r DECKHAND_P'
const FORGET_CREDENTIALS = 'unset DECKHAND_U DECKHAND_P'

export class RemoteScript implements RemoteCommand {
  // Each docker CLI call is a short-lived Go program that allocates most of its memory while it
  // starts; with Go's default GOGC=100 that start-up runs several garbage collections. GOGC=400
  // (heap up to 5× the live data, a few MB for the CLI) lets it start with fewer of them;
  // `npm run bench` measures the CPU per call with and without it (bench/results.md).
  private readonly lines: string[] = ['set -e', 'export GOGC=400']
  private readonly input: string[] = []
  private readonly items: StdinItem[] = []
  private readonly report: Report = {}

  /** Commands that must succeed, as lines or as fragments of a builder. */
  add(...parts: (string | Fragment)[]): this {
    for (const part of parts) {
      if (typeof part === 'string') this.lines.push(part)
      else {
        this.lines.push(...part.lines)
        Object.assign(this.report, part.assumed)
      }
    }
    return this
  }

  /** Writes `content` to `path` (through a temp file, so a reader never sees half a file) with `mode`. */
  writeFile(path: string, content: string | Buffer, mode: string): this {
    const dir = word(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.')
    const [file, tmp] = [word(path), word(`${path}.deckhand-tmp`)]
    this.input.push(Buffer.from(content).toString('base64'))
    this.items.push({ kind: 'file', path })
    this.lines.push(
      `mkdir -p ${dir}`,
      `IFS= read -r DECKHAND_FILE; (umask 077 && printf '%s' "$DECKHAND_FILE" | base64 -d > ${tmp}) && chmod ${word(mode)} ${tmp} && mv -f ${tmp} ${file}`
    )
    return this
  }

  /** `docker login` with the user name and password read from stdin into shell variables. */
  login(server: string | undefined, username: string, password: string): this {
    this.readCredentials(username, password)
    this.lines.push(READ_CREDENTIALS, loginLine(server), FORGET_CREDENTIALS)
    return this
  }

  /**
   * Runs `command` (one line, e.g. a `docker pull`); only when it fails, logs in to the registry with
   * the user name and password from stdin and runs it once more. Where the host's stored credentials
   * still work (every deploy after the first) this saves a `docker login` — a CLI start and a
   * registry round trip per host; rotated or missing credentials cost one failed attempt.
   */
  withLogin(server: string | undefined, username: string, password: string, command: string): this {
    this.readCredentials(username, password)
    this.lines.push(
      READ_CREDENTIALS,
      'deckhand_attempt() {',
      command,
      '}',
      'if ! deckhand_attempt 2> /dev/null; then',
      loginLine(server),
      'deckhand_attempt',
      'fi',
      FORGET_CREDENTIALS
    )
    return this
  }

  private readCredentials(username: string, password: string): void {
    this.input.push(Buffer.from(username).toString('base64'), Buffer.from(password).toString('base64'))
    this.items.push({ kind: 'login' })
  }

  get command(): string {
    return this.lines.join('\n')
  }

  get stdin(): string | undefined {
    return this.input.length > 0 ? this.input.join('\n') + '\n' : undefined
  }

  get carries(): readonly StdinItem[] {
    return this.items
  }

  get assumed(): Report {
    return this.report
  }
}

/** What a command's stdin carries, named but never shown: `(stdin: 2 files (a, b), registry login)`. */
export function describeStdin(carries: readonly StdinItem[]): string | undefined {
  const files = carries.flatMap((c) => (c.kind === 'file' ? [c.path] : []))
  const logins = carries.filter((c) => c.kind === 'login').length
  const parts = [
    ...(files.length > 0 ? [`${files.length} file${files.length > 1 ? 's' : ''} (${files.join(', ')})`] : []),
    ...(logins > 0 ? [logins > 1 ? `${logins} registry logins` : 'registry login'] : [])
  ]
  return parts.length > 0 ? `(stdin: ${parts.join(', ')})` : undefined
}
