// The post step: if main was killed while holding the deploy lock, release it — but only the lock
// this run took (its token is in the lock details), never one someone else took since.
import { resolve } from 'node:path'
import { loadConfig } from '../config/load.js'
import { releaseOwnLock } from '../flows/lock.js'
import { sshHostPool } from '../flows/remote.js'
import { SshPool } from '../transport/ssh.js'
import { errorMessage } from '../util/values.js'
import { readInputs } from './inputs.js'
import { credentialsFor } from './prepare.js'
import { STATE } from './state.js'

export async function post(env: Record<string, string | undefined> = process.env): Promise<void> {
  const core = await import('@actions/core')
  const saved = core.getState(STATE.lock)
  if (!saved || core.getState(STATE.lockReleased) === 'true') return
  if (core.getState(STATE.lockKept) === 'true') {
    core.info('The deploy lock was kept on purpose (hold-lock-on-error): release it with command: lock-release')
    return
  }
  const lock = JSON.parse(saved) as { host: string; path: string; token: string }
  let pool: SshPool | undefined
  try {
    const inputs = readInputs(env)
    const workingDirectory = resolve(env['GITHUB_WORKSPACE'] ?? process.cwd(), inputs.workingDirectory)
    const config = loadConfig({ workingDirectory, configFile: inputs.configFile, destination: inputs.destination })
    pool = new SshPool(credentialsFor(inputs, config, env), 1)
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
