// Everything a run needs before its first connection — inputs, config, targets, secrets, SSH
// credentials, the hooks there are — done without @actions/core, and the connections started right
// away. @actions/core (≈ 50 ms of CPU to load) waits until the hosts run the first commands (main.ts:
// loaded earlier, it would hold up the handshakes). With a `pre-connect` hook, the connections start
// only once it has succeeded (Kamal runs it before the first SSH connection and before a build); its
// output is shown in the step's log (step.ts).
import { resolve } from 'node:path'
import { latestTag } from '../commands/naming.js'
import { loadConfig } from '../config/load.js'
import {
  buildSecrets,
  planSecrets,
  readSecretFiles,
  requiredSecrets,
  resolveSecrets,
  sshKeySecrets,
  type SecretSource
} from '../config/secrets.js'
import type { DeployConfig } from '../config/types.js'
import { hostsInScope, selectTargets, type Targets } from '../flows/context.js'
import { NotConfirmedError } from '../flows/errors.js'
import { hookEnv, hooksOf, HOOKS_WITH_SECRETS, type HookName, type HookTags } from '../flows/hooks.js'
import { removalPreview } from '../flows/remove.js'
import { SshPool } from '../transport/ssh.js'
import { findHooks, spawnHook, type HookProcess } from './hooks.js'
import { DEPLOYING, getInput, readInputs, type Inputs } from './inputs.js'
import { sshCredentials, sshRoutes } from './ssh-setup.js'

type Env = Record<string, string | undefined>

/** What every prepared run has: the inputs, the config narrowed to its targets, and its secrets. */
interface PreparedRun {
  ok: true
  inputs: Inputs
  workingDirectory: string
  config: DeployConfig
  targets: Targets
  /** The hosts this command works on: deploy the app hosts, setup all, lock commands the primary. */
  hosts: string[]
  /** The version the run works with (an exec without a version input: the image tagged latest). */
  version: string
  secrets: Map<string, string>
  /** Kamal's hooks of this command that are there, name → path (none with skip-hooks). */
  hookFiles: Map<HookName, string>
  /** What every hook's KAMAL_* variables say about the run. */
  hookTags: HookTags
  /** Every secret of the secrets files, for the hooks Kamal gives them to (empty when none runs). */
  hookSecrets: Map<string, string>
  /** The pre-connect hook, started before any connection or build (which wait for it to succeed). */
  preConnect?: Promise<HookProcess>
  /** How each host is reached (`direct`, `via bastion b`, …) and what the ssh config files say that is not acted on. */
  ssh: { routes: Map<string, string>; warnings: string[] }
}

/** A run that talks to its hosts: their connections are already being opened. */
export interface RemoteRun extends PreparedRun {
  kind: 'remote'
  pool: SshPool
}

/** `build`: the image is built and pushed on the runner; no host is connected to. */
export interface BuildRun extends PreparedRun {
  kind: 'build'
}

/** `plan`: no connection; placeholders stand in for every secret, and the undefined ones are named. */
export interface PlanRun extends PreparedRun {
  kind: 'plan'
  missingSecrets: string[]
}

/** A run that stopped before touching anything, with what was known by then. */
export interface FailedRun {
  ok: false
  error: unknown
  command: string
  version: string
  /** Known once the inputs were read (config problems are located relative to it). */
  workingDirectory?: string
}

export type Prepared = RemoteRun | PlanRun | BuildRun | FailedRun

/** The command a run works as (`plan` plans one). */
function flowOf(inputs: Inputs): string {
  return (inputs.planned ?? inputs.line).command
}

/** The hosts a command works on (and, for one that locks, the lock host); `plan` plans one. */
export function hostsFor(inputs: Inputs, targets: Targets): string[] {
  const line = inputs.planned ?? inputs.line
  const flow = line.command
  // A build works on the runner only.
  if (flow === 'build') return []
  // The action's own words: setup all hosts, deploy-like flows the app hosts, lock commands the primary.
  if (
    !line.spec ||
    line.command === 'lock-status' ||
    line.command === 'lock-acquire' ||
    line.command === 'lock-release'
  )
    return flow === 'setup'
      ? targets.hosts
      : ['deploy', 'redeploy', 'rollback', 'exec'].includes(flow)
        ? targets.appHosts
        : [targets.primaryHost]
  const hosts = hostsInScope(targets, line.spec.scope, line.args[0])
  const locks = line.spec.locks === true || (line.spec.locks === 'with --stop' && line.options['stop'] === true)
  return locks && !hosts.includes(targets.primaryHost) ? [...hosts, targets.primaryHost] : hosts
}

/**
 * Loads configs as the inputs name them, keeping each (a line's alias is looked up in the config of
 * the line's destination; the run then loads the config of the final destination, usually the same).
 */
function configLoader(workingDirectory: () => string, env: Env) {
  const loaded = new Map<string, DeployConfig>()
  return (where: { destination?: string; configFile: string }): DeployConfig => {
    const key = JSON.stringify([where.configFile, where.destination ?? null])
    let config = loaded.get(key)
    if (!config) {
      config = loadConfig({
        workingDirectory: workingDirectory(),
        configFile: where.configFile,
        destination: where.destination,
        env
      })
      loaded.set(key, config)
    }
    return config
  }
}

/** Every input, the command line and its aliases resolved, and the config it names. */
export function resolveRun(env: Env): { inputs: Inputs; workingDirectory: string; config: DeployConfig } {
  const workingDirectory = () =>
    resolve(env['GITHUB_WORKSPACE'] ?? process.cwd(), getInput(env, 'working-directory') || '.')
  const load = configLoader(workingDirectory, env)
  const inputs = readInputs(env, (where) => load(where).aliases)
  const config = load({ destination: inputs.destination, configFile: inputs.configFile })
  return { inputs, workingDirectory: workingDirectory(), config }
}

/** The secret names a command needs: its flow's (with `build`, the build's too), or a build's alone. */
function secretNames(inputs: Inputs, config: DeployConfig): string[] {
  const line = inputs.planned ?? inputs.line
  if (line.command === 'build') return buildSecrets(config)
  // An exec in the running container writes no env file (`--reuse`).
  const needs =
    line.command === 'exec'
      ? !inputs.exec.reuse
      : line.spec
        ? line.spec.secrets === true
        : DEPLOYING.includes(line.command)
  if (!needs) return []
  return [...new Set([...requiredSecrets(config), ...(inputs.build ? buildSecrets(config) : [])])]
}

/** Kamal's tags of the run, as every hook gets them. */
function hookTagsFor(inputs: Inputs, config: DeployConfig, targets: Targets, env: Env): HookTags {
  return {
    performer: env['GITHUB_ACTOR'] ?? 'deckhand',
    service: config.service,
    version: inputs.version,
    destination: config.destination,
    roles: inputs.roles.length > 0 ? targets.roles.map((r) => r.name) : undefined,
    command: flowOf(inputs)
  }
}

/** The secrets a run needs, resolved up front (a missing one stops the run before anything touches a
 * host), and every secret of the secrets files when a hook that gets them (pre-connect, pre/post-deploy) will run. */
function secretsFor(
  inputs: Inputs,
  config: DeployConfig,
  hookFiles: Map<HookName, string>,
  read: () => SecretSource,
  env: Env,
  connects: boolean
): { secrets: Map<string, string>; hookSecrets: Map<string, string> } {
  // The secrets holding SSH keys (`ssh.key_data`): every command that connects needs them.
  const names = [...new Set([...secretNames(inputs, config), ...(connects ? sshKeySecrets(config) : [])])]
  const forHooks = [...hookFiles.keys()].some((name) => HOOKS_WITH_SECRETS.includes(name))
  if (names.length === 0 && !forHooks) return { secrets: new Map(), hookSecrets: new Map() }
  const source = read()
  return {
    secrets: names.length > 0 ? resolveSecrets(config, source, env, names) : new Map<string, string>(),
    hookSecrets: forHooks ? new Map(source.fromFiles) : new Map<string, string>()
  }
}

/** Kamal's pre-connect: once, before the first SSH connection or build, which wait for it to succeed. */
function startPreConnect(
  base: { workingDirectory: string; hookFiles: Map<HookName, string>; hookTags: HookTags; targets: Targets },
  hookSecrets: Map<string, string>,
  env: Env,
  signal: AbortSignal | undefined
): Promise<HookProcess> | undefined {
  const hook = base.hookFiles.get('pre-connect')
  if (!hook) return undefined
  const inherited = env['KAMAL_LOCK'] === 'true'
  return spawnHook(resolve(base.workingDirectory, hook), {
    cwd: base.workingDirectory,
    env: {
      ...env,
      ...hookEnv('pre-connect', base.hookTags, { hosts: base.targets.hosts, lock: inherited }, hookSecrets)
    },
    signal
  })
}

export function prepare(env: Env, signal?: AbortSignal): Prepared {
  let inputs: Inputs | undefined
  let workingDirectory: string | undefined
  try {
    workingDirectory = resolve(env['GITHUB_WORKSPACE'] ?? process.cwd(), getInput(env, 'working-directory') || '.')
    const resolved = resolveRun(env)
    inputs = resolved.inputs
    const { config } = resolved
    const targets = selectRunTargets(config, inputs)
    const flow = flowOf(inputs)
    const hookFiles = inputs.skipHooks
      ? new Map<HookName, string>()
      : findHooks(workingDirectory, config.hooksPath, hooksOf(flow, inputs.build))
    const hosts = hostsFor(inputs, targets)
    const routes = sshRoutes(config, hosts, workingDirectory, env)
    const ssh = { routes: routes.routes, warnings: routes.warnings }
    const base = {
      ok: true as const,
      inputs,
      workingDirectory,
      config,
      targets,
      hosts,
      ssh,
      version: flow === 'exec' && !inputs.versionGiven ? latestTag(config) : inputs.version,
      hookFiles,
      hookTags: hookTagsFor(inputs, config, targets, env)
    }
    refuseUnconfirmed(inputs, config, targets)
    if (inputs.command === 'help')
      return { ...base, kind: 'plan', secrets: new Map(), hookSecrets: new Map(), missingSecrets: [] }
    if (inputs.command === 'plan') {
      // No values and no connections: `$(commands)` in the secrets files are not run either.
      const source = readSecretFiles(
        workingDirectory,
        config.secretsPath,
        config.destination,
        env,
        () => '<from command>'
      )
      const planned = planSecrets(config, source, env, secretNames(inputs, config))
      return {
        ...base,
        kind: 'plan',
        secrets: planned.secrets,
        hookSecrets: new Map(),
        missingSecrets: planned.missing
      }
    }
    const { secrets, hookSecrets } = secretsFor(
      inputs,
      config,
      hookFiles,
      () => readSecretFiles(base.workingDirectory, config.secretsPath, config.destination, env),
      env,
      hosts.length > 0
    )
    const preConnect = startPreConnect(base, hookSecrets, env, signal)
    const prepared = { ...base, secrets, hookSecrets, ...(preConnect ? { preConnect } : {}) }
    if (inputs.command === 'build') return { ...prepared, kind: 'build' }
    const { creds, warnings } = sshCredentials(inputs, config, env, { workingDirectory, secrets, routes, hosts })
    ssh.warnings.push(...warnings)
    const pool = new SshPool(creds, Math.max(1, config.maxConcurrentStarts), routes.endpoint)
    // Every connection is asked for at once; the pool starts at most max_concurrent_starts handshakes
    // at a time, and the step's preflight waits for them all (step.ts: a failing host stops the run
    // before anything runs). A run that builds first connects only once the image is pushed: a
    // failed build touches no host at all; with a pre-connect hook, only once it has succeeded.
    const connect = () => {
      for (const host of base.hosts)
        pool
          .get(host)
          .connect()
          .catch(() => undefined)
    }
    if (!inputs.build) {
      if (!preConnect) connect()
      else
        void preConnect.then((r) => {
          if (r.code === 0 && !signal?.aborted) connect()
        })
    }
    return { ...prepared, kind: 'remote', pool }
  } catch (error) {
    const command = inputs?.line.text ?? (getInput(env, 'command') || 'deploy')
    return { ok: false, error, command, version: inputs?.version ?? '', workingDirectory }
  }
}

/** The run's targets: the hosts and roles inputs, and `-p` (the primary host only: of the first
 * role given with -r, else of the config, as Kamal's specific_primary!). */
export function selectRunTargets(config: DeployConfig, inputs: Inputs): Targets {
  const targets = selectTargets(config, inputs.hosts, inputs.roles)
  return inputs.primary ? selectTargets(config, [targets.primaryHost], inputs.roles) : targets
}

/** A destructive command without confirm stops here, before any connection, saying what it would remove. */
function refuseUnconfirmed(inputs: Inputs, config: DeployConfig, targets: Targets): void {
  const spec = inputs.line.spec
  if (!spec?.destructive || inputs.confirm) return
  throw new NotConfirmedError(inputs.line.text, removalPreview(config, targets, spec.command, inputs.line.args[0]))
}
