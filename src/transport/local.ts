// Commands run on the runner itself (the image build): one /bin/sh process per command, in its own
// process group so that a cancel stops everything it started, its output streamed as it comes and
// kept (its tail) for the caller. Like ssh.ts it carries bytes: it knows no config and no commands.
import { spawn } from 'node:child_process'

export interface LocalExecOptions {
  cwd: string
  env: Record<string, string | undefined>
  /** Written to the command's stdin, which is then closed (a password, never an argument). */
  stdin?: string
  signal?: AbortSignal
  /** Every chunk of stdout and stderr, as it comes. */
  onOutput?: (chunk: string) => void
}

export interface LocalResult {
  code: number | null
  signal?: string
  /** stdout and stderr interleaved as they came (the last `KEEP` characters). */
  output: string
}

/** A build log can be large: only its end is kept for error messages and parsing. */
const KEEP = 512 * 1024

/** Runs `command` under /bin/sh; resolves whatever its exit code (127: a program is missing). */
export function runLocal(command: string, opts: LocalExecOptions): Promise<LocalResult> {
  return new Promise((resolve) => {
    let output = ''
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true
    })
    const onData = (d: Buffer) => {
      const text = d.toString('utf8')
      output = (output + text).slice(-KEEP)
      opts.onOutput?.(text)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    // The process group: docker and whatever it started (a credential helper, buildx).
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    if (opts.signal?.aborted) kill()
    opts.signal?.addEventListener('abort', kill, { once: true })
    child.on('error', (e) => {
      output += `${e.message}\n`
    })
    child.on('close', (code, signal) => {
      opts.signal?.removeEventListener('abort', kill)
      resolve({ code, signal: signal ?? undefined, output })
    })
    child.stdin.on('error', () => undefined) // a command that exits without reading its stdin
    child.stdin.end(opts.stdin ?? '')
  })
}
