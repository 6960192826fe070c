// Everything a run needs before its first connection — inputs, config, targets, secrets, SSH
// credentials, the hooks there are — done without @actions/core, and the connections started right
// away: loading @actions/core (≈50 ms) then overlaps the SSH handshakes instead of delaying them.
// With a `pre-connect` hook, the connections start only once it has succeeded (Kamal runs it
// before the first SSH connection); its output is shown once @actions/core is there (step.ts).
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { latestTag } from '../commands/naming.js'
import { loadConfig } from '../config/load.js'
import { planSecrets, readSecretFiles, resolveSecrets, type SecretSource } from '../config/secrets.js'
import type { DeployConfig } from '../config/types.js'
import { selectTargets, type Targets } from '../flows/context.js'
import { hookEnv, HOOKS_OF, HOOKS_WITH_SECRETS, type HookName, type HookTags } from '../flows/hooks.js'
import { parseKnownHosts } from '../transport/known-hosts.js'
import { eachLimited, SshPool, type Credentials } from '../transport/ssh.js'
import { findHooks, spawnHook, type HookProcess } from './hooks.js'
import { DEPLOYING, getInput, readInputs, type Command, type Inputs } from './inputs.js'

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
}

/** A run that talks to its hosts: their connections are already being opened. */
export interface RemoteRun extends PreparedRun {
  kind: 'remote'
  pool: SshPool
  /** The pre-connect hook, started before any connection (which waits for it to succeed). */
  preConnect?: Promise<HookProcess>
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

export type Prepared = RemoteRun | PlanRun | FailedRun

export function credentialsFor(inputs: Inputs, config: DeployConfig, env: Env): Credentials {
  let knownHostsText = inputs.knownHosts
  if (!knownHostsText) {
    try {
      knownHostsText = readFileSync(join(homedir(), '.ssh', 'known_hosts'), 'utf8')
    } catch {
      knownHostsText = ''
    }
  }
  if (!inputs.sshPrivateKey && !env['SSH_AUTH_SOCK'])
    throw new Error('Input ssh-private-key is empty and no ssh-agent is running (SSH_AUTH_SOCK): give the deploy key')
  return {
    user: config.ssh.user,
    port: config.ssh.port,
    privateKey: inputs.sshPrivateKey,
    agent: inputs.sshPrivateKey ? undefined : env['SSH_AUTH_SOCK'],
    knownHosts: parseKnownHosts(knownHostsText),
    connectTimeoutMs: 20_000
  }
}

/** The flow a command runs (`plan` plans one). */
function flowOf(inputs: Inputs): Command {
  return inputs.command === 'plan' ? inputs.planFor : inputs.command
}

/** The hosts a flow works on: setup all, the deploys the app hosts, exec those or the primary, lock commands the primary. */
function hostsFor(inputs: Inputs, targets: Targets): string[] {
  const flow = flowOf(inputs)
  if (flow === 'setup') return targets.hosts
  if (DEPLOYING.includes(flow) || (flow === 'exec' && !inputs.exec.primary)) return targets.appHosts
  return [targets.primaryHost]
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

/** Which secrets a run needs: the config's for the flows that write env files or log in, and every
 * secret of the secrets files when a hook that gets them (pre-connect, pre/post-deploy) will run. */
function secretsFor(
  inputs: Inputs,
  config: DeployConfig,
  hookFiles: Map<HookName, string>,
  read: () => SecretSource,
  env: Env
): { secrets: Map<string, string>; hookSecrets: Map<string, string> } {
  const flow = flowOf(inputs)
  const needed = DEPLOYING.includes(flow) || (flow === 'exec' && !inputs.exec.reuse)
  const forHooks = [...hookFiles.keys()].some((name) => HOOKS_WITH_SECRETS.includes(name))
  if (!needed && !forHooks) return { secrets: new Map(), hookSecrets: new Map() }
  const source = read()
  return {
    // Resolved up front: a missing one stops the run before anything touches a host.
    secrets: needed ? resolveSecrets(config, source, env) : new Map<string, string>(),
    hookSecrets: forHooks ? new Map(source.fromFiles) : new Map<string, string>()
  }
}

export function prepare(env: Env, signal?: AbortSignal): Prepared {
  let inputs: Inputs | undefined
  let workingDirectory: string | undefined
  try {
    inputs = readInputs(env)
    workingDirectory = resolve(env['GITHUB_WORKSPACE'] ?? process.cwd(), inputs.workingDirectory)
    const config = loadConfig({ workingDirectory, configFile: inputs.configFile, destination: inputs.destination })
    const targets = selectTargets(config, inputs.hosts, inputs.roles)
    const flow = flowOf(inputs)
    const hookFiles = inputs.skipHooks
      ? new Map<HookName, string>()
      : findHooks(workingDirectory, config.hooksPath, HOOKS_OF[flow] ?? [])
    const base = {
      ok: true as const,
      inputs,
      workingDirectory,
      config,
      targets,
      hosts: hostsFor(inputs, targets),
      version: flow === 'exec' && !inputs.versionGiven ? latestTag(config) : inputs.version,
      hookFiles,
      hookTags: hookTagsFor(inputs, config, targets, env)
    }
    if (inputs.command === 'plan') {
      // No values and no connections: `$(commands)` in the secrets files are not run either.
      const source = readSecretFiles(
        workingDirectory,
        config.secretsPath,
        config.destination,
        env,
        () => '<from command>'
      )
      const planned = planSecrets(config, source, env)
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
      env
    )
    const pool = new SshPool(credentialsFor(inputs, config, env), Math.max(1, config.maxConcurrentStarts))
    // Connection errors surface later, from the first command on that host.
    const connect = () => void eachLimited(base.hosts, pool.limit, (h) => pool.get(h).connect())
    const run = { ...base, kind: 'remote' as const, secrets, hookSecrets, pool }
    const hook = hookFiles.get('pre-connect')
    if (!hook) {
      connect()
      return run
    }
    // Kamal's pre-connect: once, before the first SSH connection (which waits for it to succeed).
    const inherited = env['KAMAL_LOCK'] === 'true'
    const preConnect = spawnHook(resolve(workingDirectory, hook), {
      cwd: workingDirectory,
      env: {
        ...env,
        ...hookEnv('pre-connect', base.hookTags, { hosts: targets.hosts, lock: inherited }, hookSecrets)
      },
      signal
    })
    void preConnect.then((r) => {
      if (r.code === 0 && !signal?.aborted) connect()
    })
    return { ...run, preConnect }
  } catch (error) {
    const command = inputs?.command ?? (getInput(env, 'command') || 'deploy')
    return { ok: false, error, command, version: inputs?.version ?? '', workingDirectory }
  }
}
