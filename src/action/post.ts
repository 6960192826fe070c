// The post step: if main was killed while holding the deploy lock, release it — but only the lock
// this run took (its token is in the lock details), never one someone else took since.
import { runnerLogout } from '../commands/build.js'
import { stopRunScriptsAndWait } from '../commands/boot.js'
import { single } from '../commands/script.js'
import { selectTargets, type HostPool } from '../flows/context.js'
import { releaseOwnLock } from '../flows/lock.js'
import { sshHostPool } from '../flows/remote.js'
import { runLocal } from '../transport/local.js'
import { eachLimited, SshPool } from '../transport/ssh.js'
import { errorMessage } from '../util/values.js'
import { readSecretFiles, resolveNames, sshKeySecrets } from '../config/secrets.js'
import type { Core } from './core.js'
import { resolveRun } from './prepare.js'
import { sshCredentials, sshRoutes } from './ssh-setup.js'
import { STATE } from './state.js'

export async function post(env: Record<string, string | undefined> = process.env): Promise<void> {
  const core = await import('@actions/core')
  await logOutRunner(core, env)
  const saved = core.getState(STATE.lock)
  if (!saved || core.getState(STATE.lockReleased) === 'true') return
  if (core.getState(STATE.lockKept) === 'true') {
    core.info('The deploy lock was kept on purpose (hold-lock-on-error): release it with command: lock-release')
    return
  }
  const lock = JSON.parse(saved) as { host: string; path: string; token: string }
  let pool: SshPool | undefined
  try {
    // The command line (and its aliases) may name the destination: resolved as the main step did.
    const { inputs, config, workingDirectory } = resolveRun(env)
    const targets = selectTargets(config, inputs.hosts, inputs.roles)
    const all = [...new Set([lock.host, ...targets.appHosts])]
    // The hosts are reached as main reached them (jump hosts, proxy command, the same keys).
    const routes = sshRoutes(config, all, workingDirectory, env)
    const names = sshKeySecrets(config)
    const secrets =
      names.length > 0
        ? resolveNames(names, readSecretFiles(workingDirectory, config.secretsPath, config.destination, env), env)
        : new Map<string, string>()
    for (const value of secrets.values()) core.setSecret(value)
    const { creds } = sshCredentials(inputs, config, env, { workingDirectory, secrets, routes, hosts: all })
    pool = new SshPool(creds, Math.max(1, config.maxConcurrentStarts), routes.endpoint)
    const hosts = sshHostPool(pool)
    // First the run's boot scripts that may still run (they stop on their own once main's
    // connections are gone, within seconds): the lock is released only once none runs behind it.
    await stopRunScripts(core, hosts, targets.appHosts, lock.token)
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

/** A main step killed between the build's login and logout: the runner keeps no registry credential. */
async function logOutRunner(core: Core, env: Record<string, string | undefined>): Promise<void> {
  const saved = core.getState(STATE.runnerLogin)
  if (!saved || core.getState(STATE.runnerLoggedOut) === 'true') return
  const { server } = JSON.parse(saved) as { server: string | null }
  const name = server ?? 'Docker Hub'
  const result = await runLocal(runnerLogout(server ?? undefined).command, { cwd: process.cwd(), env })
  if (result.code === 0) core.info(`Logged the runner out of ${name} (the main step ended before it could)`)
  else core.warning(`Could not log the runner out of ${name}: ${result.output.trim()}`)
}

/** How long the post step waits for a killed main step's boot scripts to end, per host. */
const POST_STOP_SECONDS = 15

async function stopRunScripts(
  core: { warning(message: string): void },
  hosts: HostPool,
  appHosts: string[],
  token: string
): Promise<void> {
  const settled = await eachLimited(appHosts, hosts.limit, async (host) => {
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
