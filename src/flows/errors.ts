// The errors the flows raise, each with its own name and what a person needs to act on it.
import { withoutReport } from '../commands/protocol.js'
import type { ExecResult } from '../transport/ssh.js'
import { cut, errorMessage } from '../util/values.js'
import type { BootResult } from './report.js'

/** The last `n` lines of a command's output, without the report lines our scripts print. */
export function lastLines(text: string, n: number): string {
  return withoutReport(text.trim())
    .split('\n')
    .filter(Boolean)
    .slice(-n)
    .map((line) => cut(line, 500))
    .join('\n')
}

/** A remote command that exited non-zero; `label` is what the log and summary show. */
export class RemoteCommandError extends Error {
  constructor(
    readonly host: string,
    readonly label: string,
    readonly result: ExecResult
  ) {
    const out = lastLines(`${result.stdout}\n${result.stderr}`, 5)
    super(
      `host ${host}: ${label} failed (${result.code !== null ? `exit ${result.code}` : result.signal ? `killed by signal ${result.signal}` : 'ended without an exit status'})${out ? `: ${out}` : ''}`
    )
    this.name = 'RemoteCommandError'
  }
}

/** One role's boot on one host failed: `boot` is what the summary shows for it. */
export class BootFailedError extends Error {
  constructor(
    readonly boot: BootResult,
    options?: { cause?: unknown }
  ) {
    super(
      options?.cause === undefined
        ? (boot.error ?? `boot of ${boot.role} on ${boot.host} failed`)
        : errorMessage(options.cause),
      options
    )
    this.name = 'BootFailedError'
  }
}

/** How many failures a HostsError's message spells out; the other hosts are only named. */
const LISTED_FAILURES = 20

/** The failures spelled out (the first LISTED_FAILURES), then the other hosts by name. */
function listFailures(failures: { host: string; error: unknown }[]): string {
  const listed = failures.slice(0, LISTED_FAILURES).map((f) => `- ${errorMessage(f.error)}`)
  const rest = failures.slice(LISTED_FAILURES).map((f) => f.host)
  return `${listed.join('\n')}${rest.length > 0 ? `\n- and ${rest.length} more hosts: ${rest.join(', ')}` : ''}`
}

/** Work on several hosts failed on some of them; every failure is kept (Kamal's "fail slow"). */
export class HostsError extends Error {
  constructor(readonly failures: { host: string; error: unknown }[]) {
    super(
      failures.length === 1
        ? errorMessage(failures[0]?.error)
        : `Failures on ${failures.length} hosts:\n${listFailures(failures)}`
    )
    this.name = 'HostsError'
  }
}

/** Someone else holds the deploy lock; `details` are theirs, decoded. `message` replaces the
 * default one (lock-wait: a manual lock, or the time ran out). */
export class LockHeldError extends Error {
  constructor(
    readonly host: string,
    readonly details: string,
    message?: string
  ) {
    super(
      message ??
        `Deploy lock already in place on ${host}!\n${details.trim()}\nDeploy lock found. Run the action with command: lock-release (or \`kamal lock release\`) once you are sure nobody is deploying.`
    )
    this.name = 'LockHeldError'
  }
}

/** A hook exited non-zero (Kamal's HookError): its exit status and last output lines. */
export class HookFailedError extends Error {
  constructor(
    readonly hook: string,
    readonly exit: string,
    readonly output: string
  ) {
    super(`Hook \`${hook}\` failed (${exit})${output ? `:\n${output}` : ''}`)
    this.name = 'HookFailedError'
  }
}

/** A hook file that is there but cannot be run. */
export class HookNotExecutableError extends Error {
  constructor(readonly path: string) {
    super(
      `Hook ${path} is not executable: make it executable (chmod +x ${path}, and in git: git update-index --chmod=+x ${path}) or remove it`
    )
    this.name = 'HookNotExecutableError'
  }
}

/** The rollback version is not a container on some targeted host and role: nothing was changed. */
export class RollbackUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RollbackUnavailableError'
  }
}

/** The deploy lock could not be taken or released for another reason than someone holding it. */
export class LockError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'LockError'
  }
}

export class CancelledError extends Error {
  constructor() {
    super('the run was cancelled')
    this.name = 'CancelledError'
  }
}

/** The `hosts`/`roles` filters leave nothing, or name nothing that exists. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TargetError'
  }
}

export class DockerMissingError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DockerMissingError'
  }
}

/** A destructive command without `confirm: true`: nothing was touched; `preview` says what would go. */
export class NotConfirmedError extends Error {
  constructor(
    readonly command: string,
    readonly preview: { host: string; items: string[] }[]
  ) {
    super(
      `\`${command}\` removes or interrupts things on the hosts, so it runs only with the input confirm: true (or -y in the command line). Nothing was touched. It would:\n${preview
        .map((p) => `${p.host}:\n${p.items.map((i) => `  - ${i}`).join('\n')}`)
        .join('\n')}`
    )
    this.name = 'NotConfirmedError'
  }
}

/**
 * The image could not be built or pushed on the runner (nothing was done on any host); `label` and
 * `output` (its last lines) name the runner command that failed, when one did.
 */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly failed?: { label: string; output: string },
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = 'BuildError'
  }
}

/**
 * Preflight: some hosts of the run could not be connected to (or failed their host-key check), so
 * nothing was run on any host. Every failing host is listed.
 */
export class PreflightError extends Error {
  constructor(
    readonly failures: { host: string; error: unknown }[],
    total: number
  ) {
    super(
      `Could not connect to ${failures.length} of ${total} host${total > 1 ? 's' : ''}; nothing was run on any host:\n${listFailures(failures)}`
    )
    this.name = 'PreflightError'
  }
}
