// One run of the action's main step: it starts the flows' context from a prepared run, and ends
// the run — outputs, summary, the GitHub deployment's last state — once, whichever way it ends
// (done, failed, or cancelled by the runner).
import { randomBytes } from 'node:crypto'
import { renderAccessoryFile } from '../config/erb.js'
import { readInside } from '../config/paths.js'
import { configWarnings } from '../config/warnings.js'
import { ConfigError, formatProblem } from '../config/errors.js'
import type { ReadLocalFile } from '../flows/accessory.js'
import type { BuildContext } from '../flows/build.js'
import type { HookSetup } from '../flows/hooks.js'
import { runPreBuildHook } from '../flows/hooks.js'
import { RecordingHooks, RecordingPool, silentReporter } from '../flows/plan.js'
import { sshHostPool } from '../flows/remote.js'
import { selectTargets, shardHosts, type HostPool, type RunContext } from '../flows/context.js'
import { emptyReport, type RunReport } from '../flows/report.js'
import { releaseRunLock, type LockHooks } from '../flows/run.js'
import { localRunner, RecordingRunner } from '../flows/runner.js'
import { describeHostStates, RunningScripts, stopRunningScripts } from '../flows/stop.js'
import { PreflightError } from '../flows/errors.js'
import { errorMessage } from '../util/values.js'
import type { Cancellation } from './cancel.js'
import { annotateConfigError, DeferredCore, makeOutput, makeReporter, maskSecrets, type Core } from './core.js'
import { commitUrl, deploymentTarget, GitHubDeployment, readEventPayload } from './deployments.js'
import { ActionHooks } from './hooks.js'
import { DEPLOYING, type Inputs } from './inputs.js'
import { hostsFor, type BuildRun, type PlanRun, type Prepared, type RemoteRun } from './prepare.js'
import { publish, recordFailure } from './publish.js'
import { STATE } from './state.js'
import type { Commit, SummaryExtra } from './summary.js'
import { proxyUrl } from '../commands/proxy.js'

type Env = Record<string, string | undefined>

/** What a command's handler gets: the flows' context and what the adapter adds to it. */
export interface CommandRun {
  core: Core
  inputs: Inputs
  prepared: RemoteRun | PlanRun | BuildRun
  ctx: RunContext
  hooks: LockHooks
  readLocal: ReadLocalFile
  report: RunReport
  /** The build on the runner (recorded, for a plan). */
  build: BuildContext
  /**
   * The preflight: every host of the run connected and key-checked, else a PreflightError and no
   * host touched. `begin` runs it, unless the run builds first (then the handler runs it after the
   * build, so that a failed build connects to no host).
   */
  reachHosts: () => Promise<void>
}

/** A build touches no host: nothing may ask for one. */
const NO_HOSTS: HostPool = {
  limit: 1,
  get(host) {
    throw new Error(`a build works on no host (asked for ${host})`)
  }
}

/** The runner's environment for the build's commands, without the step's inputs (the SSH key...). */
function runnerEnv(env: Env): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('INPUT_')))
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

/** The run's version as the summary and the `version` output show it: a Kamal console command that
 * deploys, builds or runs nothing of a version has none, unless one was given. */
function reportedVersion(prepared: RemoteRun | PlanRun | BuildRun): string {
  const { inputs } = prepared
  const versionless = inputs.line.spec !== undefined && ![...DEPLOYING, 'exec', 'build'].includes(inputs.command)
  return versionless && !inputs.versionGiven ? '' : prepared.version
}

/**
 * How long a cancelled run under an inherited lock lets the hosts under way finish, before the
 * CANCEL budget below starts (2.5 + 7 s: out before the runner's kill at 10 s).
 */
const INHERITED_SETTLE_MS = 2500

/**
 * A cancel's budget, from the signal: the runner sends SIGTERM 7.5 s after SIGINT and kills the
 * process 2.5 s later. The remote scripts get STOP_MS to stop, the lock release what is left of
 * RELEASE_BY_MS; the process exits by EXIT_BY_MS whatever happens (the post step is the net).
 */
const CANCEL = { STOP_MS: 4500, RELEASE_BY_MS: 6000, EXIT_BY_MS: 7000 } as const

/** The run was cancelled: the message says the signal, the phase, the lock's fate and what each host runs. */
export class CancelledRunError extends Error {
  constructor(
    readonly signal: NodeJS.Signals,
    message: string
  ) {
    super(message)
    this.name = 'CancelledRunError'
  }
}
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
      ? emptyReport(prepared.inputs.command, reportedVersion(prepared))
      : emptyReport(prepared.command, prepared.version)
  }

  /** A run that could not start: its config problems annotated, and the error to fail with. */
  failedEarly(error: unknown, workingDirectory: string | undefined): unknown {
    if (error instanceof ConfigError && workingDirectory)
      annotateConfigError(this.core, error, workingDirectory, this.env['GITHUB_WORKSPACE'] ?? process.cwd())
    return error
  }

  /** The flows' context for a prepared run (and the GitHub deployment, when asked for). */
  async begin(prepared: RemoteRun | PlanRun | BuildRun): Promise<CommandRun> {
    const { core, env, report } = this
    const { inputs, config } = prepared
    report.hosts = prepared.hosts
    if (inputs.line.text !== inputs.command) report.line = inputs.line.text
    report.routes = Object.fromEntries(prepared.ssh.routes)
    for (const line of prepared.ssh.warnings) core.warning(line)
    this.commit = commitOf(env)
    // A plan holds only <NAME> placeholders, nothing to mask.
    if (prepared.kind !== 'plan') maskSecrets(core, [...prepared.secrets.values(), ...prepared.hookSecrets.values()])
    for (const line of configWarnings(config)) core.warning(line)
    const ctx: RunContext = {
      config,
      targets: prepared.targets,
      version: prepared.version,
      performer: prepared.hookTags.performer,
      secrets: prepared.secrets,
      pool:
        prepared.kind === 'plan'
          ? new RecordingPool()
          : prepared.kind === 'build'
            ? NO_HOSTS
            : sshHostPool(prepared.pool),
      reporter: prepared.kind === 'plan' ? silentReporter : this.phaseRecording(makeReporter(core)),
      lock: this.lockIdentity(),
      // The plan's flow pretends every step succeeded: keep that out of the real report.
      report: prepared.kind === 'plan' ? emptyReport(report.command, report.version) : report,
      signal: this.cancellation.signal,
      lockWait: inputs.lockWait,
      holdLockOnError: inputs.holdLockOnError,
      running: new RunningScripts()
    }
    ctx.kamalHooks = this.kamalHooks(prepared, ctx)
    this.ctx = ctx
    // Kamal's pre-connect ran before the first connection or build (prepare.ts): shown and judged now.
    if (prepared.kind !== 'plan' && prepared.preConnect && ctx.kamalHooks?.runner instanceof ActionHooks)
      await ctx.kamalHooks.runner.replay('pre-connect', await prepared.preConnect)
    const reachHosts = async () => {
      if (prepared.kind !== 'remote') return
      const { pool, hosts } = prepared
      const n = hosts.length
      await ctx.reporter.group(`Connect to ${n} host${n === 1 ? '' : 's'}`, async () => {
        // A bastion that cannot be reached, or whose key is unknown or changed, stops the run here.
        await pool.jumpHostsReady(hosts)
        // Preflight: nothing runs on any host until every host of the run has connected and passed
        // its host-key check (the connections were started in prepare, before @actions/core loaded).
        const failed = await pool.connectAll(hosts)
        if (failed.length > 0) throw new PreflightError(failed, n)
      })
    }
    if (!inputs.build) await reachHosts()
    if (DEPLOYING.includes(inputs.command) && inputs.deployment.enabled) await this.startDeployment(prepared)
    const build: BuildContext = {
      config,
      version: inputs.version,
      secrets: prepared.secrets,
      reporter: ctx.reporter,
      runner:
        prepared.kind === 'plan'
          ? new RecordingRunner()
          : localRunner({
              cwd: prepared.workingDirectory,
              env: runnerEnv(env),
              signal: this.cancellation.signal,
              output: () => makeOutput(core)
            }),
      workingDirectory: prepared.workingDirectory,
      env,
      report: ctx.report,
      ...(prepared.kind === 'plan'
        ? {}
        : {
            onLogin: (server: string | undefined) =>
              core.saveState(STATE.runnerLogin, JSON.stringify({ server: server ?? null })),
            onLogout: () => core.saveState(STATE.runnerLoggedOut, 'true')
          }),
      // Kamal's pre-build hook: after the runner's login, before the build.
      preBuild: () => runPreBuildHook(ctx)
    }
    const readLocal = this.localFiles(prepared)
    return { core, inputs, prepared, ctx, hooks: this.lockHooks(prepared), readLocal, report, build, reachHosts }
  }

  /** Kamal's hooks of the run: run on the runner, or recorded by a plan; none with skip-hooks. */
  private kamalHooks(prepared: RemoteRun | PlanRun | BuildRun, ctx: RunContext): HookSetup | undefined {
    const files = prepared.hookFiles
    if (files.size === 0) return undefined
    const runner =
      ctx.pool instanceof RecordingPool
        ? new RecordingHooks(ctx.pool, ctx.targets.primaryHost, (name) => files.get(name))
        : new ActionHooks(this.core, {
            config: prepared.config,
            workingDirectory: prepared.workingDirectory,
            files,
            env: this.env,
            report: this.report,
            signal: this.cancellation.signal
          })
    return {
      runner,
      tags: prepared.hookTags,
      secrets: prepared.hookSecrets,
      lockInherited: this.env['KAMAL_LOCK'] === 'true'
    }
  }

  /** The command's work, which a cancel lets finish what is under way (see cancel). */
  track(work: Promise<void>): Promise<void> {
    this.work = work
    return work
  }

  /** The reporter, recording the log group the run is in (what a cancel names). */
  private phaseRecording(reporter: RunContext['reporter']): RunContext['reporter'] {
    return {
      ...reporter,
      group: (title, fn) => {
        this.report.phase = title
        return reporter.group(title, fn)
      }
    }
  }

  private lockIdentity(): RunContext['lock'] {
    const { env } = this
    const run = `${env['GITHUB_RUN_ID'] ?? 'local'}/${env['GITHUB_RUN_ATTEMPT'] ?? '1'}`
    return {
      name: `Deckhand ${env['GITHUB_REPOSITORY'] ?? 'local'} run ${run} by ${env['GITHUB_ACTOR'] ?? 'unknown'}`,
      token: `deckhand-${run.replace('/', '-')}-${randomBytes(4).toString('hex')}`
    }
  }

  private lockHooks(prepared: RemoteRun | PlanRun | BuildRun): LockHooks {
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
      afterRelease: () => this.core.saveState(STATE.lockReleased, 'true'),
      afterKeep: () => this.core.saveState(STATE.lockKept, 'true')
    }
  }

  /** Accessory files as uploaded: read from the working directory, ERB files rendered. */
  private localFiles(prepared: RemoteRun | PlanRun | BuildRun): ReadLocalFile {
    return (path, accessory) => {
      let content: Buffer
      try {
        content = readInside(prepared.workingDirectory, path)
      } catch (error) {
        throw new Error(`Accessory ${accessory.name} file ${errorMessage(error)}`, { cause: error })
      }
      return renderAccessoryFile(path, content, accessory, prepared.secrets, this.env)
    }
  }

  /** start() only loads Octokit; the creation runs while the hosts pull the image. */
  private async startDeployment(prepared: RemoteRun | PlanRun | BuildRun): Promise<void> {
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
      version: prepared.version,
      command: inputs.command,
      destination: config.destination,
      env: this.env
    })
  }

  /** Ends the run: duration, failure, the deployment's last state, outputs and summary. */
  async finish(failure?: unknown, cancelled = false): Promise<void> {
    const { core, report } = this
    // The summary needs @actions/core itself.
    if (core instanceof DeferredCore) await core.load()
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
        ? `Deploy of ${report.version} cancelled${failure instanceof CancelledRunError ? ` by ${failure.signal}` : ''}`
        : failure
          ? `Failed: ${reason}`
          : `Deployed ${report.version}`
      // Cancelled: the runner kills us 7.5 s after SIGINT (see CANCEL).
      await this.deployment.finish(state, text, cancelled ? 1000 : 15_000)
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
   * The runner cancelled the run. In order, within the runner's budget (CANCEL): the scripts still
   * running on the hosts are stopped (each leaves its role consistent: the old version serving,
   * or the new one when it already served), THEN this run's lock is released, then the run ends
   * with an error line naming the signal, the phase, the lock's fate and what each host runs.
   * Under an inherited lock (KAMAL_LOCK=true: a shard of a sharded deploy, cancelled by
   * `fail-fast` when another shard failed) there is no lock to release: the hosts under way first
   * get up to INHERITED_SETTLE_MS to finish, and only the scripts still running then are stopped.
   */
  cancel(signal: NodeJS.Signals): void {
    const { core } = this
    const received = Date.now()
    const inherited = this.env['KAMAL_LOCK'] === 'true'
    core.warning(
      inherited
        ? `Received ${signal}: starting no further host, letting the hosts under way finish (the deploy lock is the calling workflow's)`
        : `Received ${signal}: stopping this run's scripts on the hosts, then releasing the deploy lock`
    )
    const settle = inherited && this.work ? INHERITED_SETTLE_MS : 0
    const timer = setTimeout(() => process.exit(1), settle + CANCEL.EXIT_BY_MS)
    void this.stopThenRelease(signal, received, settle)
      .catch((e: unknown) => core.setFailed(`Cancelled by ${signal}: ${errorMessage(e)}`))
      .finally(() => {
        clearTimeout(timer)
        this.close()
        process.exit(1)
      })
  }

  private async stopThenRelease(signal: NodeJS.Signals, received: number, settle: number): Promise<void> {
    const { core, ctx, report } = this
    let late: string[] = []
    let lockError: string | undefined
    if (settle > 0) await Promise.race([this.work?.catch(() => undefined), new Promise((r) => setTimeout(r, settle))])
    const start = received + settle
    if (ctx) {
      late = await stopRunningScripts(ctx, start + CANCEL.STOP_MS)
      try {
        await withDeadline(releaseRunLock(ctx), start + CANCEL.RELEASE_BY_MS, 'the release did not answer in time')
        if (ctx.report.lock.released) core.saveState(STATE.lockReleased, 'true')
      } catch (e) {
        lockError = errorMessage(e)
      }
    }
    const phase = report.phase ? ` during "${report.phase}"` : ' before any host was worked on'
    const hosts = ctx && DEPLOYING.includes(report.command) ? ` Hosts now run: ${describeHostStates(ctx, late)}.` : ''
    const error = new CancelledRunError(
      signal,
      `Cancelled by ${signal}${phase}. ${lockFate(report.lock, lockError)}.${hosts}`
    )
    await this.finish(error, true)
    core.setFailed(error.message)
  }

  close(): void {
    if (this.prepared.ok && this.prepared.kind === 'remote') this.prepared.pool.closeAll()
  }
}

/** The deploy lock's fate after a cancel, as the last line says it. */
function lockFate(lock: RunReport['lock'], error: string | undefined): string {
  const where = lock.path && lock.host ? ` ${lock.path} on ${lock.host}` : ''
  if (!lock.host) return 'No deploy lock was taken'
  if (lock.released) return `Deploy lock${where}: released`
  if (error) return `Deploy lock${where}: NOT released (${error}); the post step releases it`
  return lock.taken ? `Deploy lock${where}: still held; the post step releases it` : `Deploy lock${where}: not taken`
}

/** `promise`, or a rejection with `message` at `deadline` (a Date.now() value). */
function withDeadline<T>(promise: Promise<T>, deadline: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), Math.max(0, deadline - Date.now()))
  })
  return Promise.race([promise, late]).finally(() => clearTimeout(timer))
}
