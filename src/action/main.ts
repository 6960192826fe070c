// The action's main step: inputs → config and secrets (checked before any host is touched) →
// connections → the chosen flow → outputs and job summary. The only layer that knows @actions/*.
import type * as Core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { proxyUrl } from '../commands/proxy.js'
import { envFileValue, kamalValue } from '../commands/shell.js'
import { renderAccessoryFile } from '../config/erb.js'
import { ConfigError, formatProblem } from '../config/errors.js'
import { configWarnings } from '../config/warnings.js'
import type { DeployConfig } from '../config/types.js'
import { type Reporter, type RunContext } from '../flows/context.js'
import { describeFailure } from '../flows/hosts.js'
import { emptyReport, type RunReport } from '../flows/report.js'
import {
  releaseRunLock,
  runDeploy,
  runLockAcquire,
  runLockRelease,
  runLockStatus,
  runSetup,
  type LockHooks
} from '../flows/run.js'
import type { SshPool } from '../transport/ssh.js'
import { commitUrl, deploymentTarget, GitHubDeployment, readEventPayload } from './deployments.js'
import type { Inputs } from './inputs.js'
import { prepare } from './prepare.js'
import { planByHost, RecordingPool, recordPlan, silentReporter } from '../flows/plan.js'
import type { ReadLocalFile } from '../flows/setup.js'
import { STATE } from './state.js'
import { renderSummary, type Commit, type SummaryExtra } from './summary.js'

/** Loaded in `main` once the connections are under way (see prepare.ts). */
let core: typeof Core

export function makeReporter(): Reporter {
  return {
    group: (title, fn) =>
      core.group(title, async () => {
        const t = performance.now()
        try {
          return await fn()
        } finally {
          core.debug(`deckhand: phase "${title}" took ${(performance.now() - t).toFixed(0)} ms`)
        }
      }),
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    remote: (host, text) => {
      // Remote output must not be able to issue workflow commands (::add-mask::, ::error:: ...).
      const token = randomBytes(16).toString('hex')
      core.info(`::stop-commands::${token}`)
      for (const line of text.split('\n')) core.info(`${host}: ${line}`)
      core.info(`::${token}::`)
    }
  }
}

/** Masks every secret and every form of it that could appear in output (escaped as in env files and --env). */
function maskSecrets(values: Iterable<string>): void {
  for (const v of values) {
    if (v.length < 4) continue // masking tiny strings would blank the logs; they are not printed anyway
    for (const form of new Set([v, envFileValue(v), kamalValue(v).slice(1, -1)])) core.setSecret(form)
  }
}

/** The runner shows at most 10 error annotations per step, and setFailed takes one of them. */
const MAX_ANNOTATIONS = 9

function annotateConfigError(error: ConfigError, workingDirectory: string, repoRoot: string): void {
  for (const p of error.problems.slice(0, MAX_ANNOTATIONS)) {
    const file = p.location ? relative(repoRoot, resolve(workingDirectory, p.location.file)) : undefined
    core.error(p.keyPath ? `${p.keyPath}: ${p.message}` : p.message, {
      title: 'Invalid deploy configuration',
      file,
      startLine: p.location?.line,
      startColumn: p.location?.column
    })
  }
  const more = error.problems.length - MAX_ANNOTATIONS
  if (more > 0)
    core.info(
      `${more} more configuration problem${more > 1 ? 's are' : ' is'} not annotated (the runner shows at most 10 annotations per step); all ${error.problems.length} are listed below and in the job summary`
    )
}

/** Every problem for the job summary, with the file and line as a person opens them. */
function summaryProblems(error: ConfigError): RunReport['configProblems'] {
  return error.problems.map((p) => ({
    where: p.location ? `${p.location.file}:${p.location.line}:${p.location.column}` : undefined,
    message: p.keyPath ? `${p.keyPath}: ${p.message}` : p.message
  }))
}

/** The commit of the run: the PR head on pull_request events (GITHUB_SHA is the test merge there). */
function commitOf(env: Record<string, string | undefined>): Commit | undefined {
  try {
    const { sha } = deploymentTarget(env, readEventPayload(env))
    return { sha, url: commitUrl(env, sha) }
  } catch {
    return undefined
  }
}

const TITLES: Record<string, string> = {
  setup: 'Setup',
  deploy: 'Deploy',
  plan: 'Plan',
  'lock-status': 'Lock status',
  'lock-acquire': 'Lock acquire',
  'lock-release': 'Lock release'
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const started = Date.now()
  const repoRoot = env['GITHUB_WORKSPACE'] ?? process.cwd()
  const early = prepare(env)
  core = await import('@actions/core')
  if (early.inputs?.deployment.token) core.setSecret(early.inputs.deployment.token)
  let report: RunReport = emptyReport(
    early.inputs?.command ?? (env['INPUT_COMMAND'] || 'deploy'),
    early.inputs?.version ?? ''
  )
  let config: DeployConfig | undefined
  let inputs: Inputs | undefined
  let pool: SshPool | undefined
  const abort = new AbortController()
  let ctx: RunContext | undefined
  let deployment: GitHubDeployment | undefined
  let commit: Commit | undefined

  const finish = async (failure?: unknown, cancelled = false) => {
    report.durationSeconds = (Date.now() - started) / 1000
    if (pool) {
      report.execCounts = pool.execCounts()
      const first = pool.firstConnectMs()
      if (first !== undefined)
        core.debug(`deckhand: first SSH connection started ${first.toFixed(0)} ms after process start`)
      core.debug(`deckhand: SSH commands per host ${JSON.stringify(report.execCounts)}`)
    }
    if (failure instanceof ConfigError) {
      report.configProblems = summaryProblems(failure)
      report.failure = {
        message: `the deploy configuration has ${failure.problems.length} problem${failure.problems.length > 1 ? 's' : ''}`
      }
    } else if (failure) report.failure = describeFailure(failure)
    if (deployment) {
      const state = cancelled ? 'error' : failure ? 'failure' : 'success'
      const reason = report.failure?.message.split('\n')[0] ?? ''
      const text = cancelled
        ? `Deploy of ${report.version} ${reason}`
        : failure
          ? `Failed: ${reason}`
          : `Deployed ${report.version}`
      // Cancelled: the runner kills us 7.5 s after SIGINT, and our own budget is 5 s.
      await deployment.finish(state, text, cancelled ? 2500 : 15_000)
    }
    core.setOutput('version', report.version)
    core.setOutput('previous-version', report.previousVersion ?? '')
    core.setOutput('hosts', JSON.stringify(report.hosts))
    core.setOutput('duration', report.durationSeconds.toFixed(1))
    core.setOutput('deployment-id', deployment?.id === undefined ? '' : String(deployment.id))
    core.setOutput('url', config ? proxyUrl(config) : '')
    const title = `${TITLES[report.command] ?? report.command}${config ? ` of ${config.service}${config.destination ? ` (${config.destination})` : ''}` : ''}${report.version ? ` ${report.version}` : ''}`
    const extra: SummaryExtra = {
      commit,
      deployment:
        deployment?.id === undefined
          ? undefined
          : { id: deployment.id, environment: inputs?.deployment.environment ?? '' }
    }
    try {
      await core.summary.addRaw(renderSummary(report, title, extra)).write()
    } catch (e) {
      core.warning(`Could not write the job summary: ${e instanceof Error ? e.message : String(e)}`)
    }
  }

  // Cancellation: the runner sends SIGINT, then SIGTERM 7.5 s later, then kills. Release our lock
  // within a few seconds and exit; the post step is the safety net if even that is cut short.
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    core.warning(`Received ${signal}: stopping and releasing the deploy lock`)
    abort.abort()
    const timer = setTimeout(() => process.exit(1), 5000)
    const release = ctx
      ? releaseRunLock(ctx).then(() => {
          if (ctx?.report.lock.released) core.saveState(STATE.lockReleased, 'true')
        })
      : Promise.resolve()
    release
      .catch((e: unknown) =>
        core.error(`Could not release the deploy lock: ${e instanceof Error ? e.message : String(e)}`)
      )
      .then(() => finish(new Error(`cancelled by ${signal}`), true))
      .finally(() => {
        clearTimeout(timer)
        pool?.closeAll()
        process.exit(1)
      })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  try {
    pool = early.pool
    if (early.error) {
      if (early.error instanceof ConfigError && early.workingDirectory)
        annotateConfigError(early.error, early.workingDirectory, repoRoot)
      throw early.error
    }
    inputs = early.inputs as Inputs
    config = early.config as DeployConfig
    const targets = early.targets as RunContext['targets']
    const workingDirectory = early.workingDirectory as string
    const secrets = early.secrets as Map<string, string>
    report.hosts = early.hosts ?? []
    const deploying = inputs.command === 'setup' || inputs.command === 'deploy'
    commit = commitOf(env)
    if (deploying && inputs.deployment.enabled) {
      // start() only loads Octokit; the creation runs while the hosts pull the image. The app's
      // address defaults to the `url` output (the proxy host).
      if (commit)
        deployment = await GitHubDeployment.start({
          log: core,
          inputs: {
            ...inputs.deployment,
            environmentUrl: inputs.deployment.environmentUrl ?? (proxyUrl(config) || undefined)
          },
          target: { ref: commit.sha, sha: commit.sha },
          version: inputs.version,
          command: inputs.command,
          destination: config.destination,
          env
        })
      else
        core.warning(
          'GitHub deployment not created: no commit SHA (GITHUB_SHA, or pull_request.head.sha in the event payload)'
        )
    }
    const recording = inputs.command === 'plan' ? new RecordingPool() : undefined
    // A plan holds only <NAME> placeholders, nothing to mask.
    if (!recording) maskSecrets(secrets.values())
    for (const line of configWarnings(config)) core.warning(line)
    const repo = env['GITHUB_REPOSITORY'] ?? 'local'
    const token = `deckhand-${env['GITHUB_RUN_ID'] ?? 'local'}-${env['GITHUB_RUN_ATTEMPT'] ?? '1'}-${randomBytes(4).toString('hex')}`
    ctx = {
      config,
      targets,
      version: inputs.version,
      performer: env['GITHUB_ACTOR'] ?? 'deckhand',
      secrets,
      pool: recording ?? (pool as SshPool),
      reporter: recording ? silentReporter : makeReporter(),
      lock: {
        name: `Deckhand ${repo} run ${env['GITHUB_RUN_ID'] ?? 'local'}/${env['GITHUB_RUN_ATTEMPT'] ?? '1'} by ${env['GITHUB_ACTOR'] ?? 'unknown'}`,
        token
      },
      // The plan's flow pretends every step succeeded: keep that out of the real report.
      report: recording ? emptyReport(report.command, report.version) : report,
      signal: abort.signal
    }
    const hooks: LockHooks = {
      inherited: env['KAMAL_LOCK'] === 'true',
      beforeAcquire: (info) => core.saveState(STATE.lock, JSON.stringify(info)),
      afterAcquire: () => deployment?.inProgress(),
      afterRelease: () => core.saveState(STATE.lockReleased, 'true')
    }
    const readLocal: ReadLocalFile = (path, accessory) => {
      let content: Buffer
      try {
        content = readFileSync(resolve(workingDirectory, path))
      } catch {
        throw new Error(`Missing file: ${path}`)
      }
      return renderAccessoryFile(path, content, accessory, secrets, env)
    }
    switch (inputs.command) {
      case 'deploy':
        await runDeploy(ctx, hooks)
        break
      case 'setup':
        await runSetup(ctx, hooks, readLocal)
        break
      case 'plan': {
        const planFor = inputs.planFor
        for (const name of early.missingSecrets ?? [])
          core.warning(
            `Secret '${name}' is not defined by the secrets files nor the step's environment: a ${planFor} would stop before touching any host`
          )
        const log = await recordPlan({ ...ctx, pool: recording as RecordingPool }, planFor, readLocal)
        const byHost = planByHost(log)
        for (const [host, steps] of byHost) {
          await core.group(
            `Plan of a ${planFor} on ${host}: ${steps.length} exec${steps.length > 1 ? 's' : ''}`,
            async () => {
              for (const step of steps) core.info(`${step}\n`)
            }
          )
        }
        report.plan = {
          planFor,
          hosts: [...byHost].map(([host, steps]) => ({ host, steps })),
          missingSecrets: early.missingSecrets ?? []
        }
        break
      }
      case 'lock-status':
        await runLockStatus(ctx)
        break
      case 'lock-acquire':
        await runLockAcquire(ctx, inputs.lockMessage ?? '')
        break
      case 'lock-release':
        await runLockRelease(ctx)
        break
    }
    if (stopping) return
    await finish()
  } catch (error) {
    if (stopping) return
    await finish(error)
    const message =
      error instanceof ConfigError
        ? error.problems.map(formatProblem).join('\n')
        : error instanceof Error
          ? error.message
          : String(error)
    core.setFailed(message)
  } finally {
    if (!stopping) {
      pool?.closeAll()
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
