// Every workflow input, read in one place, only from INPUT_* (never from look-alike env vars such
// as SSH_HOST that could silently override an input).
import { VERSION_PATTERN } from '../commands/naming.js'
import { cut } from '../util/values.js'

export const COMMANDS = ['setup', 'deploy', 'plan', 'lock-status', 'lock-acquire', 'lock-release'] as const
export type Command = (typeof COMMANDS)[number]

export interface Inputs {
  command: Command
  configFile: string
  destination?: string
  workingDirectory: string
  version: string
  sshPrivateKey?: string
  knownHosts?: string
  /** Seconds a connected host may stay silent before it counts as lost (`ssh-timeout`). */
  sshTimeoutSeconds: number
  hosts: string[]
  roles: string[]
  lockMessage?: string
  deployment: DeploymentInputs
  /** What `plan` shows: the commands of a `setup` or of a `deploy`. */
  planFor: 'setup' | 'deploy'
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

/** `ssh-timeout`: whole seconds, at least 10 (keepalives go every quarter of it); empty is 40. */
export function parseSshTimeout(value: string): number {
  const v = value.trim()
  if (v === '') return 40
  if (!/^\d+$/.test(v) || Number(v) < 10 || Number(v) > 3600)
    throw new InputError(`Input ssh-timeout: '${cut(v, 40)}' is not a whole number of seconds from 10 to 3600`)
  return Number(v)
}

/** The GitHub environment: the input, else the destination, else `production`. */
export function defaultEnvironment(environment: string, destination: string | undefined): string {
  return environment.trim() || destination || 'production'
}

export function readInputs(env: Record<string, string | undefined> = process.env): Inputs {
  const input = (name: string, opts?: { trimWhitespace?: boolean }) => getInput(env, name, opts)
  const command = (input('command') || 'deploy') as Command
  if (!COMMANDS.includes(command))
    throw new InputError(`Input command: '${command}' is not one of ${COMMANDS.join(', ')}`)
  const version = input('version') || defaultVersion(env)
  if (!version && (command === 'setup' || command === 'deploy' || command === 'plan'))
    throw new InputError('Input version: no version given and neither GITHUB_REF is a tag nor GITHUB_SHA is set')
  if (version && !VERSION_PATTERN.test(version))
    throw new InputError(
      `Input version: '${cut(version)}' is not a valid Docker tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')`
    )
  const planFor = input('plan-for') || 'deploy'
  if (planFor !== 'setup' && planFor !== 'deploy')
    throw new InputError(`Input plan-for: '${planFor}' is not one of setup, deploy`)
  const key = input('ssh-private-key', { trimWhitespace: false })
  const destination = input('destination') || undefined
  // Part of file names (config/deploy.<destination>.yml) and of container names.
  if (destination !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(destination))
    throw new InputError(
      `Input destination: '${cut(destination, 60)}' should hold only letters, digits, '_', '.' and '-' (it names files and containers)`
    )
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
    // Keys pasted into secrets often lose their final newline or gain CRLFs; ssh2 wants neither.
    sshPrivateKey: key.trim() ? key.replace(/\r\n?/g, '\n').trim() + '\n' : undefined,
    knownHosts: input('known-hosts') || undefined,
    sshTimeoutSeconds: parseSshTimeout(input('ssh-timeout')),
    hosts: list(input('hosts')),
    roles: list(input('roles')),
    lockMessage: input('lock-message') || undefined,
    deployment,
    planFor
  }
}
