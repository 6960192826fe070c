// Everything a run needs before its first connection — inputs, config, targets, secrets, SSH
// credentials — done without @actions/core, and the connections started right away: loading
// @actions/core (≈50 ms) then overlaps the SSH handshakes instead of delaying them.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { loadConfig } from '../config/load.js'
import { planSecrets, readSecretFiles, resolveSecrets } from '../config/secrets.js'
import type { DeployConfig } from '../config/types.js'
import { selectTargets, type Targets } from '../flows/context.js'
import { parseKnownHosts } from '../transport/known-hosts.js'
import { eachLimited, SshPool, type Credentials } from '../transport/ssh.js'
import { getInput, readInputs, type Inputs } from './inputs.js'

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
  secrets: Map<string, string>
}

/** A run that talks to its hosts: their connections are already being opened. */
export interface RemoteRun extends PreparedRun {
  kind: 'remote'
  pool: SshPool
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
    connectTimeoutMs: 20_000,
    silenceTimeoutMs: inputs.sshTimeoutSeconds * 1000
  }
}

/** The flow whose hosts a command works on (`plan` plans one). */
function hostsFor(inputs: Inputs, targets: Targets): string[] {
  const flow = inputs.command === 'plan' ? inputs.planFor : inputs.command
  return flow === 'setup' ? targets.hosts : flow === 'deploy' ? targets.appHosts : [targets.primaryHost]
}

export function prepare(env: Env): Prepared {
  let inputs: Inputs | undefined
  let workingDirectory: string | undefined
  try {
    inputs = readInputs(env)
    workingDirectory = resolve(env['GITHUB_WORKSPACE'] ?? process.cwd(), inputs.workingDirectory)
    const config = loadConfig({ workingDirectory, configFile: inputs.configFile, destination: inputs.destination })
    const targets = selectTargets(config, inputs.hosts, inputs.roles)
    const base = { ok: true as const, inputs, workingDirectory, config, targets, hosts: hostsFor(inputs, targets) }
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
      return { ...base, kind: 'plan', secrets: planned.secrets, missingSecrets: planned.missing }
    }
    // Secrets are resolved up front: a missing one stops the run before anything touches a host.
    const deploying = inputs.command === 'setup' || inputs.command === 'deploy'
    const secrets = deploying
      ? resolveSecrets(config, readSecretFiles(workingDirectory, config.secretsPath, config.destination, env), env)
      : new Map<string, string>()
    const pool = new SshPool(credentialsFor(inputs, config, env), Math.max(1, config.maxConcurrentStarts))
    // Connection errors surface later, from the first command on that host.
    void eachLimited(base.hosts, pool.limit, (h) => pool.get(h).connect())
    return { ...base, kind: 'remote', secrets, pool }
  } catch (error) {
    const command = inputs?.command ?? (getInput(env, 'command') || 'deploy')
    return { ok: false, error, command, version: inputs?.version ?? '', workingDirectory }
  }
}
