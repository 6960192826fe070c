// Kamal's hooks on the runner (lib/kamal/cli/base.rb `run_hook`): the executables of `hooks_path`,
// run with the working directory as cwd and the step's environment plus the KAMAL_* variables the
// flows give (flows/hooks.ts). Each run is a log group of its own as `hooks_output` says — Kamal's
// default shows its start and end, `verbose` its output too, `quiet` nothing — its output can never
// issue workflow commands, and its time goes into the job summary.
import { spawn } from 'node:child_process'
import { accessSync, constants, realpathSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { hooksOutputFor } from '../config/hooks.js'
import type { DeployConfig } from '../config/types.js'
import { HookFailedError, HookNotExecutableError } from '../flows/errors.js'
import type { HookName, HookRunner } from '../flows/hooks.js'
import type { RunReport } from '../flows/report.js'
import type { Core } from './core.js'
import { withoutCommands } from './core.js'

/**
 * The hooks among `names` that are there, by name → path relative to the working directory.
 * A file that is there but not executable is an error naming it (Kamal would fail on it too), and
 * so is a hook whose real path (symbolic links followed) leaves the working directory.
 */
export function findHooks(
  workingDirectory: string,
  hooksPath: string,
  names: readonly HookName[]
): Map<HookName, string> {
  const found = new Map<HookName, string>()
  const root = realpathSync(workingDirectory)
  for (const name of names) {
    const shown = join(hooksPath, name)
    const file = resolve(workingDirectory, shown)
    const stat = statSync(file, { throwIfNoEntry: false })
    if (!stat) continue
    const real = realpathSync(file)
    if (relative(root, real).startsWith('..'))
      throw new Error(
        `Hook ${shown} leads outside the working directory (to ${real}): hooks must be files of the repository`
      )
    try {
      if (!stat.isFile()) throw new Error('not a file')
      accessSync(file, constants.X_OK)
    } catch {
      throw new HookNotExecutableError(shown)
    }
    found.set(name, shown)
  }
  return found
}

/** How a hook process ended, and its last lines of output (stdout and stderr as they came). */
export interface HookProcess {
  code: number | null
  signal: string | null
  seconds: number
  lines: string[]
  /** Lines dropped from the front of `lines` (a hook printing more than we keep). */
  dropped: number
}

const KEPT_LINES = 1000

/** Runs one hook executable; resolves whatever its exit (an executable that cannot start is exit null). */
export function spawnHook(
  file: string,
  opts: { cwd: string; env: Record<string, string | undefined>; signal?: AbortSignal; onLine?: (line: string) => void }
): Promise<HookProcess> {
  const started = performance.now()
  const lines: string[] = []
  let dropped = 0
  const add = (line: string) => {
    lines.push(line)
    if (lines.length > KEPT_LINES) {
      lines.shift()
      dropped++
    }
    opts.onLine?.(line)
  }
  return new Promise((resolvePromise) => {
    const child = spawn(file, [], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] })
    const kill = () => child.kill('SIGTERM')
    opts.signal?.addEventListener('abort', kill)
    for (const stream of [child.stdout, child.stderr]) {
      let partial = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => {
        const parts = (partial + chunk).split('\n')
        partial = parts.pop() ?? ''
        parts.forEach(add)
      })
      stream.on('end', () => {
        if (partial) add(partial)
        partial = ''
      })
    }
    let settled = false
    const end = (code: number | null, signal: string | null) => {
      if (settled) return
      settled = true
      opts.signal?.removeEventListener('abort', kill)
      resolvePromise({ code, signal, seconds: Math.round((performance.now() - started) / 100) / 10, lines, dropped })
    }
    child.on('error', (error: NodeJS.ErrnoException) => {
      add(
        error.code === 'ENOEXEC'
          ? `cannot run ${file}: it has no #! line naming its interpreter`
          : `cannot run ${file}: ${error.message}`
      )
      end(null, null)
    })
    child.on('close', (code, signal) => end(code, signal))
  })
}

export interface ActionHooksOptions {
  config: DeployConfig
  workingDirectory: string
  /** The hooks that are there (see findHooks); none with skip-hooks. */
  files: ReadonlyMap<HookName, string>
  /** The step's own environment, which every hook gets. */
  env: Record<string, string | undefined>
  report: RunReport
  signal: AbortSignal
}

/** The hook runner of a real run. */
export class ActionHooks implements HookRunner {
  constructor(
    private readonly core: Core,
    private readonly opts: ActionHooksOptions
  ) {}

  exists(name: HookName): boolean {
    return this.opts.files.has(name)
  }

  async run(name: HookName, env: Record<string, string>): Promise<void> {
    const shown = this.opts.files.get(name)
    if (!shown) return
    const level = hooksOutputFor(this.opts.config, name)
    const spawnIt = (onLine?: (line: string) => void) =>
      spawnHook(resolve(this.opts.workingDirectory, shown), {
        cwd: this.opts.workingDirectory,
        env: { ...this.opts.env, ...env },
        signal: this.opts.signal,
        onLine
      })
    const result =
      level === 'quiet'
        ? await spawnIt()
        : await this.inGroup(name, shown, () => (level === 'verbose' ? this.streamed(spawnIt) : spawnIt()))
    this.finish(name, result)
  }

  /** A hook that already ran (pre-connect, before this runner existed): shown and judged now. */
  async replay(name: HookName, result: HookProcess): Promise<void> {
    const shown = this.opts.files.get(name) ?? name
    const level = hooksOutputFor(this.opts.config, name)
    if (level !== 'quiet')
      await this.inGroup(name, shown, () => {
        if (level === 'verbose') this.print(result.lines, result.dropped)
        return Promise.resolve(result)
      })
    this.finish(name, result)
  }

  /** Kamal's start and end lines around the hook, in a log group of its own. */
  private inGroup(name: HookName, shown: string, fn: () => Promise<HookProcess>): Promise<HookProcess> {
    return this.core.group(`Run the ${name} hook`, async () => {
      this.core.info(`Running ${shown} on the runner`)
      const r = await fn()
      this.core.info(`Finished in ${r.seconds.toFixed(1)} seconds with ${describeExit(r)}`)
      return r
    })
  }

  /** The output as it comes, unable to issue workflow commands (the runner masks the secrets). */
  private async streamed(spawnIt: (onLine: (line: string) => void) => Promise<HookProcess>): Promise<HookProcess> {
    const token = withoutCommands(this.core)
    try {
      return await spawnIt((line) => this.core.info(line))
    } finally {
      token.resume()
    }
  }

  private print(lines: string[], dropped: number): void {
    const token = withoutCommands(this.core)
    if (dropped > 0) this.core.info(`(${dropped} earlier lines not kept)`)
    for (const line of lines) this.core.info(line)
    token.resume()
  }

  /** Records the run for the summary; a non-zero exit fails the run with the last lines. */
  private finish(name: HookName, r: HookProcess): void {
    const ok = r.code === 0
    this.opts.report.hooks.push({ name, ok, seconds: r.seconds, exit: ok ? undefined : describeExit(r) })
    if (!ok)
      throw new HookFailedError(
        name,
        describeExit(r),
        r.lines
          .filter((l) => l.trim())
          .slice(-15)
          .join('\n')
      )
  }
}

function describeExit(r: HookProcess): string {
  if (r.code === 0) return 'exit status 0 (successful)'
  return r.code !== null
    ? `exit status ${r.code}`
    : r.signal
      ? `signal ${r.signal}`
      : 'no exit status (it did not start)'
}
