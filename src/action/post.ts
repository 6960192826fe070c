// The post step: if main was killed while holding the deploy lock, release it — but only the lock
// this run took (its token is in the lock details), never one someone else took since.
import { resolve } from 'node:path'
import { stopRunScriptsAndWait } from '../commands/boot.js'
import { single } from '../commands/script.js'
import { loadConfig } from '../config/load.js'
import type { DeployConfig } from '../config/types.js'
import { selectTargets } from '../flows/context.js'
import type { HostPool } from '../flows/context.js'
import { releaseOwnLock } from '../flows/lock.js'
import { sshHostPool } from '../flows/remote.js'
import { eachLimited, SshPool } from '../transport/ssh.js'
import { errorMessage } from '../util/values.js'
import { readInputs } from './inputs.js'
import { credentialsFor } from './prepare.js'
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
    pool = new SshPool(credentialsFor(inputs, config, env), Math.max(1, config.maxConcurrentStarts))
    const hosts = sshHostPool(pool)
    // First the run's boot scripts that may still run (they stop on their own once main's
    // connections are gone, within seconds): the lock is released only once none runs behind it.
    await stopRunScripts(core, hosts, config, inputs, lock.token)
    const outcome = await releaseOwnLock(hosts.get(lock.host), config, { name: '', token: lock.token })
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

/** How long the post step waits for a killed main step's boot scripts to end, per host. */
const POST_STOP_SECONDS = 15

async function stopRunScripts(
  core: { warning(message: string): void },
  hosts: HostPool,
  config: DeployConfig,
  inputs: ReturnType<typeof readInputs>,
  token: string
): Promise<void> {
  const targets = selectTargets(config, inputs.hosts, inputs.roles)
  const settled = await eachLimited(targets.appHosts, hosts.limit, async (host) => {
    const result = await hosts
      .get(host)
      .exec(single(stopRunScriptsAndWait(token, POST_STOP_SECONDS)), "stop this run's scripts", {
        timeoutSeconds: POST_STOP_SECONDS + 15
      })
    if (result.code !== 0)
      throw new Error(`host ${host}: a boot of this run was still running after ${POST_STOP_SECONDS} s`)
  })
  for (const s of settled)
    if (s.status === 'rejected')
      core.warning(`Could not make sure no boot of this run still runs: ${errorMessage(s.reason)}`)
}
