// Several commands sent as one exec (one round trip), with secret material fed through stdin:
// each file travels as one base64 line that the script reads with the shell's `read` builtin,
// so no secret is ever part of a command line that `ps` could show.
import { word } from './shell.js'

/** `docker login` reading the base64 user name and password that the script read from stdin. */
const loginLine = (server: string | undefined) =>
  `printf '%s' "$DECKHAND_P" | base64 -d | docker login${server ? ` ${server}` : ''} -u "$(printf '%s' "$DECKHAND_U" | base64 -d)" --password-stdin > /dev/null`

export class RemoteScript {
  // Each docker CLI call is a short-lived Go program that allocates most of its memory while it
  // starts; with Go's default GOGC=100 that start-up runs several garbage collections. GOGC=400
  // (heap up to 5× the live data, a few MB for the CLI) cut its CPU by 10–15% per call on the test
  // hosts: a deploy sends ~17 calls per host, all of them competing with the running app.
  private readonly lines: string[] = ['set -e', 'export GOGC=400']
  private readonly input: string[] = []

  /** A command that must succeed. */
  add(...commands: string[]): this {
    this.lines.push(...commands)
    return this
  }

  /** Writes `content` to `path` (through a temp file, so a reader never sees half a file) with `mode`. */
  writeFile(path: string, content: string | Buffer, mode: string): this {
    const dir = word(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.')
    const [file, tmp] = [word(path), word(`${path}.deckhand-tmp`)]
    this.input.push(Buffer.from(content).toString('base64'))
    this.lines.push(
      `mkdir -p ${dir}`,
      `IFS= read -r DECKHAND_FILE; (umask 077 && printf '%s' "$DECKHAND_FILE" | base64 -d > ${tmp}) && chmod ${word(mode)} ${tmp} && mv -f ${tmp} ${file}`
    )
    return this
  }

  /** `docker login` with the user name and password read from stdin into shell variables. */
  login(server: string | undefined, username: string, password: string): this {
    this.input.push(Buffer.from(username).toString('base64'), Buffer.from(password).toString('base64'))
    this.lines.push(
      'IFS= read -r DECKHAND_U; IFS= read -r DECKHAND_P',
      loginLine(server),
      'unset DECKHAND_U DECKHAND_P'
    )
    return this
  }

  /**
   * Runs `command` (one line, e.g. a `docker pull`); only when it fails, logs in to the registry with
   * the user name and password from stdin and runs it once more. Where the host's stored credentials
   * still work (every deploy after the first) this saves a `docker login` — a CLI start and a
   * registry round trip per host; rotated or missing credentials cost one failed attempt.
   */
  withLogin(server: string | undefined, username: string, password: string, command: string): this {
    this.input.push(Buffer.from(username).toString('base64'), Buffer.from(password).toString('base64'))
    this.lines.push(
      'IFS= read -r DECKHAND_U; IFS= read -r DECKHAND_P',
      'deckhand_attempt() {',
      command,
      '}',
      'if ! deckhand_attempt 2> /dev/null; then',
      loginLine(server),
      'deckhand_attempt',
      'fi',
      'unset DECKHAND_U DECKHAND_P'
    )
    return this
  }

  get command(): string {
    return this.lines.join('\n')
  }

  get stdin(): string | undefined {
    return this.input.length > 0 ? this.input.join('\n') + '\n' : undefined
  }
}
