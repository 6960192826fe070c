// The @actions/core module as the adapter passes it around (loaded once the connections are
// under way, see prepare.ts), and the adapter's pieces that only need it.
import type * as ActionsCore from '@actions/core'
import { randomBytes } from 'node:crypto'
import { relative, resolve } from 'node:path'
import { envFileValue, kamalValue } from '../commands/shell.js'
import type { ConfigError } from '../config/errors.js'
import type { Reporter } from '../flows/context.js'
import type { OutputSink } from '../flows/runner.js'
import { saveStateNow } from './state.js'

/** What the action uses of @actions/core. */
export type Core = Pick<
  typeof ActionsCore,
  | 'info'
  | 'warning'
  | 'error'
  | 'debug'
  | 'setSecret'
  | 'setOutput'
  | 'saveState'
  | 'getState'
  | 'setFailed'
  | 'group'
  | 'summary'
>

/**
 * @actions/core, loaded only when `load()` is called: main loads it once the hosts work on the
 * first remote command (loading it takes ≈ 50 ms of CPU, which would otherwise hold up the SSH
 * handshakes). Calls made before are kept and replayed in their order once it is there — masks
 * before the lines they mask, group starts before their lines. `saveState` is written at once
 * (the post step must find the lock even if main is killed a moment later); `summary` is there
 * only once loaded (main loads it before it ends the run).
 */
export class DeferredCore implements Core {
  private real?: typeof ActionsCore
  private loading?: Promise<void>
  private queue: ((core: typeof ActionsCore) => void)[] = []

  constructor(
    private readonly importCore: () => Promise<typeof ActionsCore>,
    private readonly env: Record<string, string | undefined>
  ) {}

  /** Loads @actions/core (once) and replays the calls made so far. */
  load(): Promise<void> {
    this.loading ??= this.importCore().then((core) => {
      this.real = core
      for (const call of this.queue) call(core)
      this.queue = []
    })
    return this.loading
  }

  /** `load()` without waiting for it; a failed load surfaces where main awaits it. */
  loadSoon(): void {
    this.load().catch(() => undefined)
  }

  private call(fn: (core: typeof ActionsCore) => void): void {
    if (this.real) fn(this.real)
    else this.queue.push(fn)
  }

  info: Core['info'] = (message) => this.call((c) => c.info(message))
  warning: Core['warning'] = (message, properties) => this.call((c) => c.warning(message, properties))
  error: Core['error'] = (message, properties) => this.call((c) => c.error(message, properties))
  debug: Core['debug'] = (message) => this.call((c) => c.debug(message))
  setSecret: Core['setSecret'] = (secret) => this.call((c) => c.setSecret(secret))
  setOutput: Core['setOutput'] = (name, value) => this.call((c) => c.setOutput(name, value))
  setFailed: Core['setFailed'] = (message) => this.call((c) => c.setFailed(message))
  saveState: Core['saveState'] = (name, value) => {
    const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)
    if (!saveStateNow(this.env, name, text)) this.call((c) => c.saveState(name, value))
  }
  getState: Core['getState'] = (name) => this.env[`STATE_${name}`] ?? ''

  /** As @actions/core's group: the group's lines between its start and end. */
  group: Core['group'] = async (name, fn) => {
    this.call((c) => c.startGroup(name))
    try {
      return await fn()
    } finally {
      this.call((c) => c.endGroup())
    }
  }

  get summary(): Core['summary'] {
    if (!this.real) throw new Error('@actions/core is not loaded yet (DeferredCore.load)')
    return this.real.summary
  }
}

/** Log groups, messages and remote output for the flows. */
export function makeReporter(core: Core): Reporter {
  return {
    group: (title, fn) =>
      core.group(title, async () => {
        const t = performance.now()
        try {
          return await fn()
        } finally {
          core.debug(`deckhand: phase "${title}" took ${(performance.now() - t).toFixed(0)} ms`)
        }
      }),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    remote: (host, text) => {
      // Remote output must not be able to issue workflow commands (::add-mask::, ::error:: ...).
      const paused = withoutCommands(core)
      for (const line of text.split('\n')) core.info(`${host}: ${line}`)
      paused.resume()
    }
  }
}

/**
 * Stops the runner from reading workflow commands (`::add-mask::`, `::error::`...) in what is
 * printed next — output of hosts and hooks — until `resume()`; the token is random, so the
 * output cannot end the pause itself.
 */
export function withoutCommands(core: Core): { resume(): void } {
  const token = randomBytes(16).toString('hex')
  core.info(`::stop-commands::${token}`)
  return { resume: () => core.info(`::${token}::`) }
}

/**
 * A runner command's output shown as it comes, line by line; workflow commands in it
 * (`::add-mask::`, `::error::`...) are not acted on, as for remote output.
 */
export function makeOutput(core: Core): OutputSink {
  let paused: { resume(): void } | undefined
  let partial = ''
  return {
    write(chunk) {
      paused ??= withoutCommands(core)
      const lines = (partial + chunk).split(/\r?\n/)
      partial = lines.pop() ?? ''
      for (const line of lines) core.info(line)
    },
    end() {
      if (!paused) return
      if (partial) core.info(partial)
      partial = ''
      paused.resume()
    }
  }
}

/** Masks every secret and every form of it that could appear in output (escaped as in env files and --env). */
export function maskSecrets(core: Core, values: Iterable<string>): void {
  for (const v of values) {
    if (v.length < 4) continue // masking tiny strings would blank the logs; they are not printed anyway
    for (const form of new Set([v, envFileValue(v), kamalValue(v).slice(1, -1)])) core.setSecret(form)
  }
}

/** The runner shows at most 10 error annotations per step, and setFailed takes one of them. */
const MAX_ANNOTATIONS = 9

/** Each problem of the config as an annotation on its file and line (the first nine). */
export function annotateConfigError(core: Core, error: ConfigError, workingDirectory: string, repoRoot: string): void {
  for (const p of error.problems.slice(0, MAX_ANNOTATIONS)) {
    const file = p.location ? relative(repoRoot, resolve(workingDirectory, p.location.file)) : undefined
    core.error(p.keyPath ? `${p.keyPath}: ${p.message}` : p.message, {
      title: 'Invalid deploy configuration',
      file,
      startLine: p.location?.line,
      startColumn: p.location?.column
    })
  }
  const more = error.problems.length - MAX_ANNOTATIONS
  if (more > 0)
    core.info(
      `${more} more configuration problem${more > 1 ? 's are' : ' is'} not annotated (the runner shows at most 10 annotations per step); all ${error.problems.length} are listed below and in the job summary`
    )
}
