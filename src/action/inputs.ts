// Every workflow input, read in one place, only from INPUT_* (never from look-alike env vars such
// as SSH_HOST that could silently override an input).
import { VERSION_PATTERN } from '../commands/naming.js'

export const COMMANDS = [
  'setup',
  'deploy',
  'plan',
  'lock-status',
  'lock-acquire',
  'lock-release',
  'redeploy',
  'rollback',
  'exec'
] as const
export type Command = (typeof COMMANDS)[number]

/** The commands whose remote commands `plan` shows (`plan-for`). */
export const PLANNABLE = ['setup', 'deploy', 'redeploy', 'rollback', 'exec'] as const
export type PlanFor = (typeof PLANNABLE)[number]

/** The commands that deploy a version (and so need one, and may create a GitHub deployment). */
export const DEPLOYING: readonly Command[] = ['setup', 'deploy', 'redeploy', 'rollback']

export interface Inputs {
  command: Command
  configFile: string
  destination?: string
  workingDirectory: string
  version: string
  /** Whether `version` was given as an input (else it is the tag or the commit SHA): `exec` then
   * uses the image tagged latest, as Kamal does, and `rollback` needs it. */
  versionGiven: boolean
  sshPrivateKey?: string
  knownHosts?: string
  hosts: string[]
  roles: string[]
  lockMessage?: string
  deployment: DeploymentInputs
  /** What `plan` shows: the commands of a `setup`, a `deploy`... */
  planFor: PlanFor
  /** Kamal's `-H`: run no hook. */
  skipHooks: boolean
  /** Kamal 2.12's `--lock-wait`: wait for an automatic lock held by another deploy. */
  lockWait?: { timeoutSeconds: number; intervalSeconds: number }
  /** Keep the deploy lock when a setup, deploy, redeploy or rollback fails. */
  holdLockOnError: boolean
  /** `command: exec` (Kamal's `app exec`). */
  exec: ExecInputs
}

/** Kamal's `app exec [-p] [--reuse] CMD`. */
export interface ExecInputs {
  /** The command line (empty unless the command, or the plan, is an exec). */
  command: string
  /** `-p`: on the primary host only. */
  primary: boolean
  /** `--reuse`: `docker exec` in the running container instead of a new one. */
  reuse: boolean
}

/** GitHub Deployment settings (used only when `enabled`). */
export interface DeploymentInputs {
  enabled: boolean
  token: string
  environment: string
  environmentUrl?: string
  transient: boolean
  /** Undefined: GitHub's default (true for an environment named `production`). */
  production?: boolean
}

export class InputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InputError'
  }
}

/** A comma (or newline) separated list. */
export function list(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** The tag on a tag push (`refs/tags/v1.2.3` gives `v1.2.3`), else the commit SHA. */
export function defaultVersion(env: Record<string, string | undefined>): string {
  const ref = env['GITHUB_REF'] ?? ''
  if (ref.startsWith('refs/tags/')) return ref.slice('refs/tags/'.length)
  return env['GITHUB_SHA'] ?? ''
}

/**
 * `core.getInput`'s rule (`INPUT_` + the name upper-cased, spaces to `_`, hyphens kept), without
 * loading @actions/core before the first connection is started.
 */
export function getInput(
  env: Record<string, string | undefined>,
  name: string,
  opts: { trimWhitespace?: boolean } = {}
): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
  return opts.trimWhitespace === false ? value : value.trim()
}

/** A YAML 1.2 core boolean, as `core.getBooleanInput` reads them, but empty means `fallback`. */
export function parseBoolean(name: string, value: string, fallback: boolean | undefined): boolean | undefined {
  const v = value.trim()
  if (v === '') return fallback
  if (['true', 'True', 'TRUE'].includes(v)) return true
  if (['false', 'False', 'FALSE'].includes(v)) return false
  throw new InputError(`Input ${name}: '${v}' is not a boolean (true or false)`)
}

/** The GitHub environment: the input, else the destination, else `production`. */
export function defaultEnvironment(environment: string, destination: string | undefined): string {
  return environment.trim() || destination || 'production'
}

/** A number of seconds: a whole number, at least `min`; empty means `fallback`. */
export function parseSeconds(name: string, value: string, fallback: number, min: number): number {
  const v = value.trim()
  if (v === '') return fallback
  if (!/^\d+$/.test(v) || Number(v) < min)
    throw new InputError(`Input ${name}: '${v}' is not a whole number of seconds of at least ${min}`)
  return Number(v)
}

/** The exec inputs; the command line is required when an exec runs (or is planned). */
function readExec(input: (name: string) => string, needed: boolean): ExecInputs {
  const command = input('exec')
  if (needed && !command)
    throw new InputError(
      'Input exec: empty, but command is exec: give the command line to run (e.g. bin/rails db:migrate)'
    )
  if (/[\r\n]/.test(command))
    throw new InputError(
      "Input exec: one line only (Kamal's app exec takes one command line); join commands with && or use sh -c '...'"
    )
  return {
    command,
    primary: parseBoolean('primary', input('primary'), false) ?? false,
    reuse: parseBoolean('reuse', input('reuse'), false) ?? false
  }
}

/** The version: the input when given, else the tag or commit SHA; rollback needs it given. */
function readVersion(env: Record<string, string | undefined>, command: Command, flow: Command): [string, boolean] {
  const given = getInput(env, 'version')
  const version = given || defaultVersion(env)
  if (!given && flow === 'rollback')
    throw new InputError(
      `Input version: ${command === 'plan' ? 'plan-for ' : 'command '}rollback needs the version to go back to (e.g. the previous-version output of the deploy step)`
    )
  if (!version && (DEPLOYING.includes(flow) || command === 'plan'))
    throw new InputError('Input version: no version given and neither GITHUB_REF is a tag nor GITHUB_SHA is set')
  if (version && !VERSION_PATTERN.test(version))
    throw new InputError(
      `Input version: '${version}' is not a valid Docker tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')`
    )
  return [version, given !== '']
}

export function readInputs(env: Record<string, string | undefined> = process.env): Inputs {
  const input = (name: string, opts?: { trimWhitespace?: boolean }) => getInput(env, name, opts)
  const command = (input('command') || 'deploy') as Command
  if (!COMMANDS.includes(command))
    throw new InputError(`Input command: '${command}' is not one of ${COMMANDS.join(', ')}`)
  const planFor = (input('plan-for') || 'deploy') as PlanFor
  if (!PLANNABLE.includes(planFor))
    throw new InputError(`Input plan-for: '${planFor}' is not one of ${PLANNABLE.join(', ')}`)
  const flow: Command = command === 'plan' ? planFor : command
  const [version, versionGiven] = readVersion(env, command, flow)
  const lockWait = parseBoolean('lock-wait', input('lock-wait'), false)
  const key = input('ssh-private-key', { trimWhitespace: false })
  const destination = input('destination') || undefined
  const deployment: DeploymentInputs = {
    enabled: parseBoolean('github-deployment', input('github-deployment'), false) ?? false,
    token: input('github-token'),
    environment: defaultEnvironment(input('environment'), destination),
    environmentUrl: input('environment-url') || undefined,
    transient: parseBoolean('transient-environment', input('transient-environment'), false) ?? false,
    production: parseBoolean('production-environment', input('production-environment'), undefined)
  }
  if (deployment.enabled && !deployment.token)
    throw new InputError(
      'Input github-token: empty, but github-deployment is true (give a token with deployments: write)'
    )
  return {
    command,
    configFile: input('config-file') || 'config/deploy.yml',
    destination,
    workingDirectory: input('working-directory') || '.',
    version,
    versionGiven,
    // Keys pasted into secrets often lose their final newline or gain CRLFs; ssh2 wants neither.
    sshPrivateKey: key.trim() ? key.replace(/\r\n?/g, '\n').trim() + '\n' : undefined,
    knownHosts: input('known-hosts') || undefined,
    hosts: list(input('hosts')),
    roles: list(input('roles')),
    lockMessage: input('lock-message') || undefined,
    deployment,
    planFor,
    skipHooks: parseBoolean('skip-hooks', input('skip-hooks'), false) ?? false,
    lockWait: lockWait
      ? {
          timeoutSeconds: parseSeconds('lock-wait-timeout', input('lock-wait-timeout'), 900, 0),
          intervalSeconds: parseSeconds('lock-wait-interval', input('lock-wait-interval'), 15, 1)
        }
      : undefined,
    holdLockOnError: parseBoolean('hold-lock-on-error', input('hold-lock-on-error'), false) ?? false,
    exec: readExec(input, flow === 'exec')
  }
}
