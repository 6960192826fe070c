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
import { readInputs, type Inputs } from './inputs.js'

export interface Prepared {
  inputs?: Inputs
  workingDirectory?: string
  config?: DeployConfig
  targets?: Targets
  /** The hosts this command works on: deploy the app hosts, setup all, lock commands the primary. */
  hosts?: string[]
  secrets?: Map<string, string>
  /** `plan`: secrets neither the files nor the environment define (placeholders stand in for all). */
  missingSecrets?: string[]
  pool?: SshPool
  /** The first problem found; the fields before it are filled in. */
  error?: unknown
}

export function credentialsFor(
  inputs: Inputs,
  config: DeployConfig,
  env: Record<string, string | undefined>
): Credentials {
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

export function prepare(env: Record<string, string | undefined>): Prepared {
  const p: Prepared = {}
  try {
    const inputs = (p.inputs = readInputs(env))
    const workingDirectory = (p.workingDirectory = resolve(
      env['GITHUB_WORKSPACE'] ?? process.cwd(),
      inputs.workingDirectory
    ))
    const config = (p.config = loadConfig({
      workingDirectory,
      configFile: inputs.configFile,
      destination: inputs.destination
    }))
    const targets = (p.targets = selectTargets(config, inputs.hosts, inputs.roles))
    const planning = inputs.command === 'plan'
    const flow = planning ? inputs.planFor : inputs.command
    p.hosts = flow === 'setup' ? targets.hosts : flow === 'deploy' ? targets.appHosts : [targets.primaryHost]
    const deploying = flow === 'setup' || flow === 'deploy'
    if (planning) {
      // No values and no connections: `$(commands)` in the secrets files are not run either.
      const source = readSecretFiles(
        workingDirectory,
        config.secretsPath,
        config.destination,
        env,
        () => '<from command>'
      )
      const planned = planSecrets(config, source, env)
      p.secrets = planned.secrets
      p.missingSecrets = planned.missing
      return p
    }
    // Secrets are resolved up front: a missing one stops the run before anything touches a host.
    p.secrets = deploying
      ? resolveSecrets(config, readSecretFiles(workingDirectory, config.secretsPath, config.destination, env), env)
      : new Map<string, string>()
    const pool = (p.pool = new SshPool(credentialsFor(inputs, config, env), Math.max(1, config.maxConcurrentStarts)))
    // Connection errors surface later, from the first command on that host.
    void eachLimited(p.hosts, pool.limit, (h) => pool.get(h).connect())
  } catch (error) {
    p.error = error
  }
  return p
}
