// Every workflow input, read in one place, only from INPUT_* (never from look-alike env vars such
// as SSH_HOST that could silently override an input). `command` may be a Kamal command line
// (kamal/parse.ts): its options that mirror inputs (`-d`, `-r`, `--version` ...) are applied as those
// inputs first, and one given both ways with different values is an error.
import { VERSION_PATTERN } from '../commands/naming.js'
import { cut } from '../util/values.js'
import { HANDLER_NAMES, type LineInput } from './kamal/grammar.js'
import { parseCommandLine, type AliasLookup, type ParsedLine } from './kamal/parse.js'

/** The action's original command words (each still a valid `command`). */
export const COMMANDS = ['setup', 'deploy', 'plan', 'lock-status', 'lock-acquire', 'lock-release'] as const
/** A handler name: one of HANDLER_NAMES (the action's words and the Kamal commands it runs). */
export type Command = string

/** The commands that deploy a version (and so need one, and may create a GitHub deployment). */
export const DEPLOYING: readonly Command[] = ['setup', 'deploy', 'redeploy', 'rollback']

export interface Inputs {
  command: Command
  /** The `command` input as parsed (a Kamal line or one of the action's words). */
  line: ParsedLine
  /** For `plan`: the command whose remote commands it shows. */
  planned?: ParsedLine
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
  /** What `plan` shows: the commands of a `setup`, a `deploy`, or any supported command line. */
  planFor: string
  /** Whether a version was given (input or `--version`), rather than defaulted to the tag or SHA. */
  versionGiven: boolean
  /** `confirm` (or `-y`): destructive commands run only with it. */
  confirm: boolean
  /** `-p`/`primary`: only the primary host. */
  primary: boolean
  /** `setup`/`deploy` (and their plan) build and push the image on the runner first. */
  build: boolean
  /** Kamal's `-H`: run no hook. */
  skipHooks: boolean
  /** Kamal 2.12's `--lock-wait`: wait for an automatic lock held by another deploy. */
  lockWait?: { timeoutSeconds: number; intervalSeconds: number }
  /** Keep the deploy lock when a setup, deploy, redeploy or rollback fails. */
  holdLockOnError: boolean
  /** `command: exec` (Kamal's `app exec`). */
  exec: ExecInputs
  /** Split the run's app hosts into this many shards, for the `shards` output (a job matrix). */
  shardCount?: number
  /** The token of a lock taken by `lock-acquire`: what `lock-release` releases, what KAMAL_LOCK=true runs check. */
  lockToken?: string
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

/** GitHub runs at most 256 jobs per matrix. */
export const MAX_SHARDS = 256

function readShardCount(value: string): number | undefined {
  if (!value) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS)
    throw new InputError(
      `Input shard-count: '${value}' is not a whole number from 1 to ${MAX_SHARDS} (a matrix runs at most ${MAX_SHARDS} jobs)`
    )
  return n
}

/** GitHub Deployment settings (used only when `enabled`). */
type Env = Record<string, string | undefined>

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
export function getInput(env: Env, name: string, opts: { trimWhitespace?: boolean } = {}): string {
  const value = env[inputKey(name)] ?? ''
  return opts.trimWhitespace === false ? value : value.trim()
}

/** The runner's variable for an input. */
export function inputKey(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
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

/** Defaults of the inputs a command line can set, as action.yml declares them: equal means "not given". */
export const LINE_INPUT_DEFAULTS: Partial<Record<LineInput, string>> = {
  'config-file': 'config/deploy.yml',
  'plan-for': 'deploy',
  confirm: 'false',
  primary: 'false',
  reuse: 'false',
  'skip-hooks': 'false',
  'lock-wait': 'false',
  'lock-wait-timeout': '900',
  'lock-wait-interval': '15'
}

const BOOLEAN_LINE_INPUTS: readonly LineInput[] = ['confirm', 'primary', 'reuse', 'skip-hooks', 'lock-wait']
const LIST_LINE_INPUTS: readonly LineInput[] = ['roles', 'hosts']

/** Two values of an input that mean the same (lists as sets, booleans as booleans). */
function sameValue(name: LineInput, a: string, b: string): boolean {
  if (LIST_LINE_INPUTS.includes(name))
    return [...new Set(list(a))].sort().join(',') === [...new Set(list(b))].sort().join(',')
  if (BOOLEAN_LINE_INPUTS.includes(name)) return parseBoolean(name, a, false) === parseBoolean(name, b, false)
  return a.trim() === b.trim()
}

/**
 * The environment with a command line's input values applied (`-d staging` → INPUT_DESTINATION),
 * refusing an input given with another value both ways. An input left at its default counts as not given.
 */
export function applyLineInputs(env: Env, line: ParsedLine): Env {
  const out: Env = { ...env }
  for (const [name, value] of Object.entries(line.inputs) as [LineInput, string][]) {
    const given = getInput(env, name)
    const defaulted = given === '' || given === (LINE_INPUT_DEFAULTS[name] ?? '')
    if (!defaulted && !sameValue(name, given, value))
      throw new InputError(
        `Input ${name} is '${given}', but the command line \`${line.text}\` says '${value}': give it one way, or the same value both ways`
      )
    out[inputKey(name)] = value
  }
  return out
}

/** The loader of the config whose aliases a line may use (undefined: aliases are not looked up). */
export type ConfigAliases = (where: { destination?: string; configFile: string }) => Record<string, string>

/**
 * Reads every input, the `command` line first (aliases expanded with `aliases`, looked up in the
 * config its `-d`/`-c`, or else the inputs, name), then `plan-for`'s line for a plan.
 */
export function readInputs(env: Env = process.env, aliases?: ConfigAliases): Inputs {
  const lookup: AliasLookup | undefined = aliases
    ? (where) =>
        aliases({
          destination: where.destination ?? (getInput(env, 'destination') || undefined),
          configFile: where.configFile ?? (getInput(env, 'config-file') || 'config/deploy.yml')
        })
    : undefined
  const line = parseCommandLine(getInput(env, 'command') || 'deploy', lookup)
  let merged = applyLineInputs(env, line)
  let planned: ParsedLine | undefined
  if (line.command === 'plan') {
    planned = parseCommandLine(getInput(merged, 'plan-for') || 'deploy', lookup)
    if (planned.command === 'plan' || planned.command === 'help')
      throw new InputError(`Input plan-for: '${planned.text}' is no command to plan`)
    merged = applyLineInputs(merged, { ...planned, inputs: withoutConfirm(planned.inputs) })
  }
  return readActionInputs(merged, line, planned)
}

/** A plan never touches a host: `-y` in the planned line is not a confirmation of anything. */
function withoutConfirm(inputs: ParsedLine['inputs']): ParsedLine['inputs'] {
  return Object.fromEntries(Object.entries(inputs).filter(([name]) => name !== 'confirm'))
}

function readActionInputs(env: Env, line: ParsedLine, planned: ParsedLine | undefined): Inputs {
  const input = (name: string, opts?: { trimWhitespace?: boolean }) => getInput(env, name, opts)
  const command = line.command
  if (!HANDLER_NAMES.includes(command))
    throw new InputError(`Input command: '${command}' is not one of ${HANDLER_NAMES.join(', ')}`)
  const flow = planned?.command ?? command
  const [version, versionGiven] = readVersion(env, command, flow)
  const lockWait = parseBoolean('lock-wait', input('lock-wait'), false)
  const build = parseBoolean('build', input('build'), false) ?? false
  if (build && !['setup', 'deploy', 'redeploy', 'build'].includes(flow))
    throw new InputError(`Input build: true builds before a setup, deploy or redeploy; command ${flow} builds nothing`)
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
    line,
    ...(planned ? { planned } : {}),
    configFile: input('config-file') || 'config/deploy.yml',
    destination,
    workingDirectory: input('working-directory') || '.',
    version,
    versionGiven,
    // Keys pasted into secrets often lose their final newline or gain CRLFs; ssh2 wants neither.
    sshPrivateKey: key.trim() ? key.replace(/\r\n?/g, '\n').trim() + '\n' : undefined,
    knownHosts: input('known-hosts') || undefined,
    sshTimeoutSeconds: parseSshTimeout(input('ssh-timeout')),
    hosts: list(input('hosts')),
    roles: list(input('roles')),
    lockMessage: input('lock-message') || undefined,
    deployment,
    planFor: planned ? planned.text : 'deploy',
    confirm: parseBoolean('confirm', input('confirm'), false) ?? false,
    primary: parseBoolean('primary', input('primary'), false) ?? false,
    build,
    skipHooks: parseBoolean('skip-hooks', input('skip-hooks'), false) ?? false,
    lockWait: lockWait
      ? {
          timeoutSeconds: parseSeconds('lock-wait-timeout', input('lock-wait-timeout'), 900, 0),
          intervalSeconds: parseSeconds('lock-wait-interval', input('lock-wait-interval'), 15, 1)
        }
      : undefined,
    holdLockOnError: parseBoolean('hold-lock-on-error', input('hold-lock-on-error'), false) ?? false,
    exec: readExec(input, flow === 'exec'),
    shardCount: readShardCount(input('shard-count')),
    lockToken: input('lock-token') || undefined
  }
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
function readVersion(env: Env, command: Command, flow: Command): [string, boolean] {
  const given = getInput(env, 'version')
  const version = given || defaultVersion(env)
  if (!given && flow === 'rollback')
    throw new InputError(
      `Input version: ${command === 'plan' ? 'the planned ' : 'command '}rollback needs the version to go back to (e.g. the previous-version output of the deploy step)`
    )
  if (!version && (DEPLOYING.includes(flow) || flow === 'build' || command === 'plan'))
    throw new InputError('Input version: no version given and neither GITHUB_REF is a tag nor GITHUB_SHA is set')
  if (version && !VERSION_PATTERN.test(version))
    throw new InputError(
      `Input version: '${cut(version)}' is not a valid Docker tag (letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-')`
    )
  return [version, given !== '']
}
