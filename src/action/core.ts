// The @actions/core module as the adapter passes it around (loaded once the connections are
// under way, see prepare.ts), and the adapter's pieces that only need it.
import type * as ActionsCore from '@actions/core'
import { randomBytes } from 'node:crypto'
import { relative, resolve } from 'node:path'
import { envFileValue, kamalValue } from '../commands/shell.js'
import type { ConfigError } from '../config/errors.js'
import type { Reporter } from '../flows/context.js'
import type { OutputSink } from '../flows/runner.js'

export type Core = typeof ActionsCore

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
