// The post step: if main was killed while holding the deploy lock, release it — but only the lock
// this run took (its token is in the lock details), never one someone else took since.
import { resolve } from 'node:path'
import { loadConfig } from '../config/load.js'
import { releaseOwnLock } from '../flows/lock.js'
import { sshHostPool } from '../flows/remote.js'
import { SshPool } from '../transport/ssh.js'
import { errorMessage } from '../util/values.js'
import { readInputs } from './inputs.js'
import { readSecretFiles, resolveNames, sshKeySecrets } from '../config/secrets.js'
import { sshCredentials, sshRoutes } from './ssh-setup.js'
import { STATE } from './state.js'

export async function post(env: Record<string, string | undefined> = process.env): Promise<void> {
  const core = await import('@actions/core')
  const saved = core.getState(STATE.lock)
  if (!saved || core.getState(STATE.lockReleased) === 'true') return
  const lock = JSON.parse(saved) as { host: string; path: string; token: string }
  let pool: SshPool | undefined
  try {
    const inputs = readInputs(env)
    const workingDirectory = resolve(env['GITHUB_WORKSPACE'] ?? process.cwd(), inputs.workingDirectory)
    const config = loadConfig({ workingDirectory, configFile: inputs.configFile, destination: inputs.destination })
    // The lock host is reached as main reached it (jump hosts, proxy command, the same keys).
    const routes = sshRoutes(config, [lock.host], workingDirectory, env)
    const names = sshKeySecrets(config)
    const secrets =
      names.length > 0
        ? resolveNames(names, readSecretFiles(workingDirectory, config.secretsPath, config.destination, env), env)
        : new Map<string, string>()
    for (const value of secrets.values()) core.setSecret(value)
    const { creds } = sshCredentials(inputs, config, env, { workingDirectory, secrets, routes, hosts: [lock.host] })
    pool = new SshPool(creds, 1, routes.endpoint)
    const outcome = await releaseOwnLock(sshHostPool(pool).get(lock.host), config, { name: '', token: lock.token })
    if (outcome === 'released')
      core.warning(
        `The main step ended without releasing the deploy lock ${lock.path} on ${lock.host}; released it now`
      )
    else
      core.info(
        `Deploy lock ${lock.path} on ${lock.host}: ${outcome === 'absent' ? 'not there' : 'held by another run, left alone'}`
      )
  } catch (error) {
    core.setFailed(`Could not release the deploy lock ${lock.path} on ${lock.host}: ${errorMessage(error)}`)
  } finally {
    pool?.closeAll()
  }
}
