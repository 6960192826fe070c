// One run of the action's main step: it starts the flows' context from a prepared run, and ends
// the run — outputs, summary, the GitHub deployment's last state — once, whichever way it ends
// (done, failed, or cancelled by the runner).
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { renderAccessoryFile } from '../config/erb.js'
import { configWarnings } from '../config/warnings.js'
import { ConfigError, formatProblem } from '../config/errors.js'
import type { ReadLocalFile } from '../flows/accessory.js'
import { RecordingPool, silentReporter } from '../flows/plan.js'
import { sshHostPool } from '../flows/remote.js'
import { selectTargets, shardHosts, type RunContext } from '../flows/context.js'
import { emptyReport, type RunReport } from '../flows/report.js'
import { releaseRunLock, type LockHooks } from '../flows/run.js'
import { errorMessage } from '../util/values.js'
import type { Cancellation } from './cancel.js'
import { annotateConfigError, makeReporter, maskSecrets, type Core } from './core.js'
import { commitUrl, deploymentTarget, GitHubDeployment, readEventPayload } from './deployments.js'
import type { Command, Inputs } from './inputs.js'
import { hostsFor, type PlanRun, type Prepared, type RemoteRun } from './prepare.js'
import { publish, recordFailure } from './publish.js'
import { STATE } from './state.js'
import type { Commit, SummaryExtra } from './summary.js'
import { proxyUrl } from '../commands/proxy.js'

type Env = Record<string, string | undefined>

/** What a command's handler gets: the flows' context and what the adapter adds to it. */
export interface CommandRun {
  core: Core
  inputs: Inputs
  prepared: RemoteRun | PlanRun
  ctx: RunContext
  hooks: LockHooks
  readLocal: ReadLocalFile
  report: RunReport
}

/** The commit of the run: the PR head on pull_request events (GITHUB_SHA is the test merge there). */
function commitOf(env: Env): Commit | undefined {
  try {
    const { sha } = deploymentTarget(env, readEventPayload(env))
    return { sha, url: commitUrl(env, sha) }
  } catch {
    return undefined
  }
}

const DEPLOYING: readonly Command[] = ['setup', 'deploy']

/** How long a cancelled run under an inherited lock lets the hosts under way finish. */
const INHERITED_SETTLE_MS = 5000

export class Step {
  readonly report: RunReport
  private ctx?: RunContext
  private work?: Promise<void>
  private deployment?: GitHubDeployment
  private commit?: Commit

  constructor(
    private readonly core: Core,
    private readonly env: Env,
    private readonly prepared: Prepared,
    private readonly started: number,
    private readonly cancellation: Cancellation
  ) {
    this.report = prepared.ok
      ? emptyReport(prepared.inputs.command, prepared.inputs.version)
      : emptyReport(prepared.command, prepared.version)
  }

  /** A run that could not start: its config problems annotated, and the error to fail with. */
  failedEarly(error: unknown, workingDirectory: string | undefined): unknown {
    if (error instanceof ConfigError && workingDirectory)
      annotateConfigError(this.core, error, workingDirectory, this.env['GITHUB_WORKSPACE'] ?? process.cwd())
    return error
  }

  /** The flows' context for a prepared run (and the GitHub deployment, when asked for). */
  async begin(prepared: RemoteRun | PlanRun): Promise<CommandRun> {
    const { core, env, report } = this
    const { inputs, config } = prepared
    report.hosts = prepared.hosts
    this.commit = commitOf(env)
    if (DEPLOYING.includes(inputs.command) && inputs.deployment.enabled) await this.startDeployment(prepared)
    // A plan holds only <NAME> placeholders, nothing to mask.
    if (prepared.kind === 'remote') maskSecrets(core, prepared.secrets.values())
    for (const line of configWarnings(config)) core.warning(line)
    const ctx: RunContext = {
      config,
      targets: prepared.targets,
      version: inputs.version,
      performer: env['GITHUB_ACTOR'] ?? 'deckhand',
      secrets: prepared.secrets,
      pool: prepared.kind === 'plan' ? new RecordingPool() : sshHostPool(prepared.pool),
      reporter: prepared.kind === 'plan' ? silentReporter : makeReporter(core),
      lock: this.lockIdentity(),
      // The plan's flow pretends every step succeeded: keep that out of the real report.
      report: prepared.kind === 'plan' ? emptyReport(report.command, report.version) : report,
      signal: this.cancellation.signal
    }
    this.ctx = ctx
    return {
      core,
      inputs,
      prepared,
      ctx,
      hooks: this.lockHooks(prepared),
      readLocal: this.localFiles(prepared),
      report
    }
  }

  /** The command's work, which a cancel lets finish what is under way (see cancel). */
  track(work: Promise<void>): Promise<void> {
    this.work = work
    return work
  }

  private lockIdentity(): RunContext['lock'] {
    const { env } = this
    const run = `${env['GITHUB_RUN_ID'] ?? 'local'}/${env['GITHUB_RUN_ATTEMPT'] ?? '1'}`
    return {
      name: `Deckhand ${env['GITHUB_REPOSITORY'] ?? 'local'} run ${run} by ${env['GITHUB_ACTOR'] ?? 'unknown'}`,
      token: `deckhand-${run.replace('/', '-')}-${randomBytes(4).toString('hex')}`
    }
  }

  private lockHooks(prepared: RemoteRun | PlanRun): LockHooks {
    const inherited = this.env['KAMAL_LOCK'] === 'true'
    const token = prepared.inputs.lockToken
    return {
      inherited,
      // The lock is where lock-acquire took it: on the primary host of the unfiltered hosts.
      inheritedLock:
        inherited && token
          ? { host: selectTargets(prepared.config, [], prepared.inputs.roles).primaryHost, token }
          : undefined,
      beforeAcquire: (info) => this.core.saveState(STATE.lock, JSON.stringify(info)),
      afterAcquire: () => this.deployment?.inProgress(),
      afterRelease: () => this.core.saveState(STATE.lockReleased, 'true')
    }
  }

  /** Accessory files as uploaded: read from the working directory, ERB files rendered. */
  private localFiles(prepared: RemoteRun | PlanRun): ReadLocalFile {
    return (path, accessory) => {
      let content: Buffer
      try {
        content = readFileSync(resolve(prepared.workingDirectory, path))
      } catch (error) {
        throw new Error(`Missing file: ${path}`, { cause: error })
      }
      return renderAccessoryFile(path, content, accessory, prepared.secrets, this.env)
    }
  }

  /** start() only loads Octokit; the creation runs while the hosts pull the image. */
  private async startDeployment(prepared: RemoteRun | PlanRun): Promise<void> {
    const { inputs, config } = prepared
    if (!this.commit) {
      this.core.warning(
        'GitHub deployment not created: no commit SHA (GITHUB_SHA, or pull_request.head.sha in the event payload)'
      )
      return
    }
    // The app's address defaults to the `url` output (the proxy host).
    const environmentUrl = inputs.deployment.environmentUrl ?? (proxyUrl(config) || undefined)
    this.deployment = await GitHubDeployment.start({
      log: this.core,
      inputs: { ...inputs.deployment, environmentUrl },
      target: { ref: this.commit.sha, sha: this.commit.sha },
      version: inputs.version,
      command: inputs.command,
      destination: config.destination,
      env: this.env
    })
  }

  /** Ends the run: duration, failure, the deployment's last state, outputs and summary. */
  async finish(failure?: unknown, cancelled = false): Promise<void> {
    const { core, report } = this
    report.durationSeconds = (Date.now() - this.started) / 1000
    if (this.prepared.ok && this.prepared.kind === 'remote') {
      const pool = this.prepared.pool
      report.execCounts = pool.execCounts()
      const first = pool.firstConnectMs()
      if (first !== undefined)
        core.debug(`deckhand: first SSH connection started ${first.toFixed(0)} ms after process start`)
      core.debug(`deckhand: SSH commands per host ${JSON.stringify(report.execCounts)}`)
    }
    if (failure) recordFailure(report, failure)
    if (this.deployment) {
      const state = cancelled ? 'error' : failure ? 'failure' : 'success'
      const reason = report.failure?.message.split('\n')[0] ?? ''
      const text = cancelled
        ? `Deploy of ${report.version} ${reason}`
        : failure
          ? `Failed: ${reason}`
          : `Deployed ${report.version}`
      // Cancelled: the runner kills us 7.5 s after SIGINT, and our own budget is 5 s.
      await this.deployment.finish(state, text, cancelled ? 2500 : 15_000)
    }
    const deployment =
      this.deployment?.id === undefined
        ? undefined
        : { id: this.deployment.id, environment: this.prepared.ok ? this.prepared.inputs.deployment.environment : '' }
    await publish(
      core,
      report,
      this.prepared.ok ? this.prepared.config : undefined,
      { commit: this.commit, deployment, scope: this.scope() },
      {
        shards: this.shardsOutput(),
        'lock-token': report.lock.taken && this.ctx ? this.ctx.lock.token : ''
      }
    )
  }

  /** With a `hosts` filter: how many hosts the command would have worked on without it. */
  private scope(): SummaryExtra['scope'] {
    if (!this.prepared.ok || this.prepared.inputs.hosts.length === 0) return undefined
    try {
      const all = selectTargets(this.prepared.config, [], this.prepared.inputs.roles)
      return { of: hostsFor(this.prepared.inputs, all).length }
    } catch {
      return undefined
    }
  }

  /** The `shards` output: the run's app hosts split for a job matrix (`shard-count`). */
  private shardsOutput(): string {
    if (!this.prepared.ok || this.prepared.inputs.shardCount === undefined) return ''
    const shards = shardHosts(this.prepared.targets.appHosts, this.prepared.inputs.shardCount)
    return JSON.stringify(
      shards.map((hosts, i) => ({ index: i + 1, count: shards.length, size: hosts.length, hosts: hosts.join(',') }))
    )
  }

  /** A failed run: ended as above, then the step marked failed with every problem. */
  async fail(error: unknown): Promise<void> {
    await this.finish(error)
    this.core.setFailed(
      error instanceof ConfigError ? error.problems.map(formatProblem).join('\n') : errorMessage(error)
    )
  }

  /**
   * The runner cancelled the run: release our lock within a few seconds, end the run and exit; the
   * post step is the safety net if even that is cut short. No further host is started. Under an
   * inherited lock (KAMAL_LOCK=true: a shard of a sharded deploy, cancelled by `fail-fast` when
   * another shard failed) there is no lock to release, so the hosts under way get up to
   * INHERITED_SETTLE_MS to finish, and the summary shows how they ended; the runner sends SIGTERM
   * 7.5 s after SIGINT and kills the process 2.5 s later.
   */
  cancel(signal: NodeJS.Signals): void {
    const { core, ctx } = this
    const inherited = this.env['KAMAL_LOCK'] === 'true'
    core.warning(
      inherited
        ? `Received ${signal}: starting no further host, letting the hosts under way finish (the deploy lock is the calling workflow's)`
        : `Received ${signal}: stopping and releasing the deploy lock`
    )
    const settle = inherited && this.work ? INHERITED_SETTLE_MS : 0
    const timer = setTimeout(() => process.exit(1), settle + 5000)
    const settled = settle
      ? Promise.race([this.work?.catch(() => undefined), new Promise((r) => setTimeout(r, settle))])
      : Promise.resolve()
    const release = settled.then(() =>
      ctx
        ? releaseRunLock(ctx).then(() => {
            if (ctx.report.lock.released) core.saveState(STATE.lockReleased, 'true')
          })
        : undefined
    )
    void release
      .catch((e: unknown) => core.error(`Could not release the deploy lock: ${errorMessage(e)}`))
      .then(() => this.finish(new Error(`cancelled by ${signal}`), true))
      .finally(() => {
        clearTimeout(timer)
        this.close()
        process.exit(1)
      })
  }

  close(): void {
    if (this.prepared.ok && this.prepared.kind === 'remote') this.prepared.pool.closeAll()
  }
}
