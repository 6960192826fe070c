// How the build runs commands on the runner itself: one /bin/sh process each in a real run
// (transport/local.ts), a recorder in a plan — what HostConnection is for the hosts.
import type { RunnerCommand } from '../commands/build.js'
import { runLocal } from '../transport/local.js'

export interface RunnerResult {
  code: number | null
  /** stdout and stderr as they came (the end of it). */
  output: string
}

export interface RunnerIo {
  /** The values of the command's `secrets`, put in its environment only. */
  secretValues?: Record<string, string>
  /** What its stdin carries (the registry password). */
  stdin?: string
  /** Shown in the log as it comes (a build's progress). */
  stream?: boolean
  /** Runs even once the run is cancelled (the logout that leaves no credential behind). */
  always?: boolean
}

export interface Runner {
  /** A plan records the commands instead of running them (and takes buildx for granted). */
  readonly planning: boolean
  run(cmd: RunnerCommand, label: string, io?: RunnerIo): Promise<RunnerResult>
}

/** Where streamed output goes: chunks as they come, then the end of the stream. */
export interface OutputSink {
  write(chunk: string): void
  end(): void
}

/** Commands run for real, in `cwd`, with `env` (the runner's environment) under their own. */
export function localRunner(opts: {
  cwd: string
  env: Record<string, string | undefined>
  signal: AbortSignal
  output: () => OutputSink
}): Runner {
  return {
    planning: false,
    async run(cmd, _label, io = {}) {
      const sink = io.stream ? opts.output() : undefined
      try {
        const result = await runLocal(cmd.command, {
          cwd: opts.cwd,
          env: { ...opts.env, ...cmd.env, ...io.secretValues },
          stdin: io.stdin,
          signal: io.always ? undefined : opts.signal,
          onOutput: sink ? (chunk) => sink.write(chunk) : undefined
        })
        return { code: result.code, output: result.output }
      } finally {
        sink?.end()
      }
    }
  }
}

/** A runner command as a plan shows it (never a secret's or the password's value). */
export interface PlannedRunnerStep {
  label: string
  command: string
  env: Readonly<Record<string, string>>
  secrets: readonly string[]
  stdin?: 'password'
}

/** A plan's runner: records each command and answers what a fresh runner with buildx would. */
export class RecordingRunner implements Runner {
  readonly planning = true
  readonly log: PlannedRunnerStep[] = []

  run(cmd: RunnerCommand, label: string): Promise<RunnerResult> {
    this.log.push({ label, command: cmd.command, env: cmd.env, secrets: cmd.secrets, stdin: cmd.stdin })
    return Promise.resolve(cmd.assumed)
  }
}

/** `# 3. label (env: K=V; secrets in env: A, B; stdin: registry password)` and the command. */
export function describeRunnerSteps(steps: PlannedRunnerStep[]): string[] {
  return steps.map((s, i) => {
    const notes = [
      ...(Object.keys(s.env).length > 0
        ? [
            `env: ${Object.entries(s.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`
          ]
        : []),
      ...(s.secrets.length > 0 ? [`secrets in env: ${s.secrets.join(', ')}`] : []),
      ...(s.stdin ? ['stdin: registry password'] : [])
    ]
    return `# ${i + 1}. ${s.label}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}\n${s.command}`
  })
}
