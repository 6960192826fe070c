// GitHub Deployments for a deploy run (input github-deployment): created on the exact commit, so a
// ruleset's "Require deployments to succeed" sees it, then in_progress once the lock is held, then
// success/failure. The API is best-effort: a refused or failed call is a warning, never a failed deploy.
import type { getOctokit } from '@actions/github'
import { readFileSync } from 'node:fs'
import type { DeploymentInputs } from './inputs.js'

type Env = Record<string, string | undefined>
type Octokit = ReturnType<typeof getOctokit>

/** What the deployment is for: `ref` is the exact SHA (a branch name could have moved on). */
export interface DeploymentTarget {
  ref: string
  sha: string
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target'])

/** The event payload the runner wrote to GITHUB_EVENT_PATH ({} when absent or unreadable). */
export function readEventPayload(env: Env): unknown {
  const path = env['GITHUB_EVENT_PATH']
  if (!path) return {}
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown
  } catch {
    return {}
  }
}

function prHeadSha(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined
  const pr = (payload as { pull_request?: { head?: { sha?: unknown } } }).pull_request
  const sha = pr?.head?.sha
  return typeof sha === 'string' && /^[0-9a-f]{40}$/i.test(sha) ? sha : undefined
}

/**
 * The commit to deploy and report on. On pull_request events GITHUB_SHA is the test merge commit,
 * which "Require deployments to succeed" never looks at: the PR head is what counts.
 */
export function deploymentTarget(env: Env, payload: unknown): DeploymentTarget {
  const event = env['GITHUB_EVENT_NAME'] ?? ''
  const head = PR_EVENTS.has(event) ? prHeadSha(payload) : undefined
  const sha = head ?? env['GITHUB_SHA'] ?? ''
  if (!sha)
    throw new Error(
      PR_EVENTS.has(event)
        ? `no pull_request.head.sha in the ${event} event payload and no GITHUB_SHA`
        : 'GITHUB_SHA is not set'
    )
  return { ref: sha, sha }
}

function serverUrl(env: Env): string {
  return (env['GITHUB_SERVER_URL'] || 'https://github.com').replace(/\/+$/, '')
}

/** The run's page (the attempt's page from the second attempt on). */
export function runLogUrl(env: Env): string | undefined {
  const repo = env['GITHUB_REPOSITORY']
  const run = env['GITHUB_RUN_ID']
  if (!repo || !run) return undefined
  const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '1')
  return `${serverUrl(env)}/${repo}/actions/runs/${run}${attempt > 1 ? `/attempts/${attempt}` : ''}`
}

export function commitUrl(env: Env, sha: string): string | undefined {
  const repo = env['GITHUB_REPOSITORY']
  return repo && sha ? `${serverUrl(env)}/${repo}/commit/${sha}` : undefined
}

export function splitRepository(repository: string | undefined): { owner: string; repo: string } {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(repository ?? '')
  if (!m) throw new Error(`GITHUB_REPOSITORY '${repository ?? ''}' is not owner/name`)
  return { owner: m[1] as string, repo: m[2] as string }
}

/** GitHub cuts descriptions at 140 characters. */
export function description(text: string): string {
  return text.length <= 140 ? text : `${text.slice(0, 139)}…`
}

function httpStatus(error: unknown): number | undefined {
  const s = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined
  return typeof s === 'number' ? s : undefined
}

function explain(error: unknown): string {
  const status = httpStatus(error)
  const message = error instanceof Error ? error.message : String(error)
  if (status === 403 || status === 404)
    return `HTTP ${status} (${message}): the token may not write deployments — give the job \`permissions: deployments: write\`; pull requests from forks only get a read-only token`
  return status ? `HTTP ${status} (${message})` : message
}

export type FinalState = 'success' | 'failure' | 'error'

/** Where messages go (the adapter passes @actions/core, loaded only after start-up). */
export interface DeploymentLog {
  info(message: string): void
  warning(message: string): void
}

export interface DeploymentRun {
  log: DeploymentLog
  inputs: DeploymentInputs
  target: DeploymentTarget
  version: string
  command: string
  destination?: string
  env: Env
}

export class GitHubDeployment {
  /** Undefined until created, and for good when creation failed or GitHub answered 202. */
  id?: number
  readonly logUrl?: string
  private readonly owner: string
  private readonly repo: string
  /** Every call waits for the previous one, so GitHub sees the states in order. */
  private chain: Promise<void>
  private finished = false

  private constructor(
    private readonly octokit: Octokit,
    private readonly run: DeploymentRun
  ) {
    ;({ owner: this.owner, repo: this.repo } = splitRepository(run.env['GITHUB_REPOSITORY']))
    this.logUrl = runLogUrl(run.env)
    this.chain = this.create()
  }

  /** Starts creating the deployment (the deploy does not wait for it). Loads Octokit only now. */
  static async start(run: DeploymentRun): Promise<GitHubDeployment | undefined> {
    try {
      const { getOctokit } = await import('@actions/github')
      const baseUrl = (run.env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/+$/, '')
      return new GitHubDeployment(getOctokit(run.inputs.token, { baseUrl }), run)
    } catch (error) {
      run.log.warning(`GitHub deployment not created: ${explain(error)}`)
      return undefined
    }
  }

  private async create(): Promise<void> {
    const { inputs, target, version } = this.run
    try {
      const res = await this.octokit.rest.repos.createDeployment({
        owner: this.owner,
        repo: this.repo,
        ref: target.ref,
        task: 'deploy',
        auto_merge: false,
        required_contexts: [],
        environment: inputs.environment,
        description: description(`Deckhand ${this.run.command} of ${version}`),
        transient_environment: inputs.transient,
        ...(inputs.production === undefined ? {} : { production_environment: inputs.production }),
        payload: { version, ...(this.run.destination ? { destination: this.run.destination } : {}) },
        request: { signal: AbortSignal.timeout(15_000) }
      })
      // 202 is GitHub's answer when it would merge first (auto_merge): a message, no deployment.
      if (!('id' in res.data)) {
        this.run.log.warning(
          `GitHub did not create a deployment (HTTP ${res.status}): ${res.data.message ?? 'no id in the answer'}`
        )
        return
      }
      this.id = res.data.id
      this.run.log.info(`GitHub deployment ${this.id} to environment ${inputs.environment} for ${target.sha}`)
    } catch (error) {
      this.run.log.warning(`GitHub deployment not created: ${explain(error)}`)
    }
  }

  private status(state: 'in_progress' | FinalState, text: string, timeoutMs: number): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.id === undefined) return
      const url = this.run.inputs.environmentUrl
      try {
        await this.octokit.rest.repos.createDeploymentStatus({
          owner: this.owner,
          repo: this.repo,
          deployment_id: this.id,
          state,
          description: description(text),
          ...(this.logUrl ? { log_url: this.logUrl } : {}),
          ...(url ? { environment_url: url } : {}),
          request: { signal: AbortSignal.timeout(timeoutMs) }
        })
      } catch (error) {
        this.run.log.warning(`Could not set GitHub deployment ${this.id} to ${state}: ${explain(error)}`)
      }
    })
    return this.chain
  }

  /** The deploy lock is held: the deploy is really under way. */
  inProgress(): void {
    if (!this.finished) void this.status('in_progress', `Deploying ${this.run.version}`, 15_000)
  }

  /** The last state (once); waits for every earlier call. `timeoutMs` bounds each pending call. */
  async finish(state: FinalState, text: string, timeoutMs = 15_000): Promise<void> {
    if (this.finished) return this.chain
    this.finished = true
    await this.status(state, text, timeoutMs)
  }
}
