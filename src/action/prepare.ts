// Everything a run needs before its first connection — inputs, config, targets, secrets, SSH
// credentials — done without @actions/core, and the connections started right away: loading
// @actions/core (≈50 ms) then overlaps the SSH handshakes instead of delaying them.
import { resolve } from 'node:path'
import { loadConfig } from '../config/load.js'
import { planSecrets, readSecretFiles, resolveNames, resolveSecrets, sshKeySecrets } from '../config/secrets.js'
import type { DeployConfig } from '../config/types.js'
import { selectTargets, type Targets } from '../flows/context.js'
import { eachLimited, SshPool } from '../transport/ssh.js'
import { getInput, readInputs, type Inputs } from './inputs.js'
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
  secrets: Map<string, string>
  /** How each host is reached (`direct`, `via bastion b`, …) and what the ssh config files say that is not acted on. */
  ssh: { routes: Map<string, string>; warnings: string[] }
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
    const hosts = hostsFor(inputs, targets)
    const routes = sshRoutes(config, hosts, workingDirectory, env)
    const ssh = { routes: routes.routes, warnings: routes.warnings }
    const base = { ok: true as const, inputs, workingDirectory, config, targets, hosts, ssh }
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
      : sshKeySecrets(config).length > 0
        ? resolveNames(
            sshKeySecrets(config),
            readSecretFiles(workingDirectory, config.secretsPath, config.destination, env),
            env
          )
        : new Map<string, string>()
    const { creds, warnings } = sshCredentials(inputs, config, env, { workingDirectory, secrets, routes, hosts })
    ssh.warnings.push(...warnings)
    const pool = new SshPool(creds, Math.max(1, config.maxConcurrentStarts), routes.endpoint)
    // Connection errors surface later, from the first command on that host.
    void eachLimited(base.hosts, pool.limit, (h) => pool.get(h).connect())
    return { ...base, kind: 'remote', secrets, pool }
  } catch (error) {
    const command = inputs?.command ?? (getInput(env, 'command') || 'deploy')
    return { ok: false, error, command, version: inputs?.version ?? '', workingDirectory }
  }
}
