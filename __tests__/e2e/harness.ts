// Runs the bundled action (dist/index.js) the way the Actions runner does — INPUT_* variables,
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files, then the post step with STATE_* —
// against the local fleet of real hosts that test/fleet/fleet.sh brings up.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const FLEET = join(ROOT, 'test/fleet/fleet.sh')

export interface Fleet {
  registry: { server: string; username: string; password: string; pushServer: string }
  ssh: { user: string; port: number; privateKeyPath: string; knownHostsPath: string }
  hosts: { name: string; ip: string; docker: boolean }[]
  images: { app: string; versions: string[]; accessory: string }
}

/**
 * Tests name hosts logically (h1, h2 …); DECKHAND_FLEET_PREFIX makes the real names unique, so
 * that suites from several checkouts can share this machine's fleet without recreating each
 * other's hosts.
 */
export function hostName(name: string): string {
  return `${process.env['DECKHAND_FLEET_PREFIX'] ?? ''}${name}`
}

export function fleetUp(specs: string[]): Fleet {
  execFileSync('bash', [FLEET, 'up', ...specs.map(hostName)], { stdio: ['ignore', 'inherit', 'inherit'] })
  return fleetStatus()
}

export function fleetStatus(): Fleet {
  return JSON.parse(execFileSync('bash', [FLEET, 'status'], { encoding: 'utf8' })) as Fleet
}

export function fleetDown(names: string[]): void {
  if (names.length === 0) throw new Error('fleetDown needs host names (fleet.sh down without names removes every host)')
  execFileSync('bash', [FLEET, 'down', ...names.map(hostName)], { stdio: ['ignore', 'inherit', 'inherit'] })
}

export function ip(fleet: Fleet, name: string): string {
  const h = fleet.hosts.find((x) => x.name === hostName(name))
  if (!h) throw new Error(`no fleet host ${name}`)
  return h.ip
}

/** A shell command on a fleet host, run through `docker exec` (not through the action's SSH), in
 * the SSH user's home directory like the action's commands. */
export function onHost(name: string, command: string): string {
  return execFileSync('docker', ['exec', '-w', '/root', `deckhand-fleet-${hostName(name)}`, 'bash', '-lc', command], {
    encoding: 'utf8'
  }).trim()
}

export function tryOnHost(name: string, command: string): { code: number; out: string } {
  try {
    return { code: 0, out: onHost(name, command) }
  } catch (e) {
    const err = e as { status?: number; stdout?: string }
    return { code: err.status ?? 1, out: (err.stdout ?? '').trim() }
  }
}

/** A repository checkout: config/deploy.yml, .kamal/secrets and any extra files. */
export function makeRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-repo-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

export interface ActionRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  outputs: Record<string, string>
  summary: string
  state: Record<string, string>
}

/** GITHUB_OUTPUT / GITHUB_STATE use `name<<DELIMITER` … `DELIMITER` blocks (and `name=value`). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i] as string)
      out[name] = value.join('\n')
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
  }
  return out
}

export interface StartOptions {
  repo: string
  inputs: Record<string, string>
  env?: Record<string, string>
  /** STATE_* values for a post run. */
  state?: Record<string, string>
}

/**
 * What the runner gives an action step: fresh GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and GITHUB_STATE
 * files (in `paths`, under the temporary `files` directory) and the GITHUB_ and RUNNER_ variables,
 * with `extra` on top. Inputs are the caller's (INPUT_<NAME>).
 */
export function runnerEnv(
  repo: string,
  extra: Record<string, string> = {}
): { files: string; paths: { output: string; summary: string; state: string }; env: Record<string, string> } {
  const files = mkdtempSync(join(tmpdir(), 'deckhand-step-'))
  const paths = { output: join(files, 'output'), summary: join(files, 'summary'), state: join(files, 'state') }
  for (const p of Object.values(paths)) writeFileSync(p, '')
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    GITHUB_WORKSPACE: repo,
    GITHUB_OUTPUT: paths.output,
    GITHUB_STEP_SUMMARY: paths.summary,
    GITHUB_STATE: paths.state,
    GITHUB_REPOSITORY: 'acme/demo',
    GITHUB_RUN_ID: String(Date.now()),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    RUNNER_TEMP: files,
    ...extra
  }
  return { files, paths, env }
}

/** Starts one action step (main, or post when `state` has isPost) and returns its process. */
export function startStep(opts: StartOptions): { child: ChildProcess; done: Promise<ActionRun> } {
  const { paths, env } = runnerEnv(opts.repo, opts.env)
  // The runner turns `with:` into INPUT_<NAME> with the name upper-cased and hyphens kept.
  for (const [k, v] of Object.entries(opts.inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  for (const [k, v] of Object.entries(opts.state ?? {})) env[`STATE_${k}`] = v
  const child = spawn(process.execPath, [join(ROOT, 'dist/index.js')], {
    cwd: opts.repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stdout += d.toString()))
  const done = new Promise<ActionRun>((resolvePromise) => {
    child.on('close', (code, signal) => {
      resolvePromise({
        code,
        signal,
        stdout,
        outputs: parseFileCommands(readFileSync(paths.output, 'utf8')),
        summary: readFileSync(paths.summary, 'utf8'),
        state: parseFileCommands(readFileSync(paths.state, 'utf8'))
      })
    })
  })
  return { child, done }
}

/** Main and then post, as the runner runs a step with `post:`. */
export async function runAction(opts: StartOptions): Promise<{ main: ActionRun; post: ActionRun }> {
  const main = await startStep(opts).done
  const post = await startStep({ ...opts, state: main.state }).done
  return { main, post }
}

export function fleetInputs(fleet: Fleet, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'ssh-private-key': readFileSync(fleet.ssh.privateKeyPath, 'utf8'),
    'known-hosts': readFileSync(fleet.ssh.knownHostsPath, 'utf8'),
    ...extra
  }
}

export async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The head of a deploy.yml for the fleet's demo app: service, image and the fleet registry
 * (its password is the secret REGISTRY_PASSWORD). */
export function demoConfigHead(fleet: Fleet): string {
  return `service: demo
image: deckhand/demo
registry:
  server: ${fleet.registry.server}
  username: ${fleet.registry.username}
  password: [REGISTRY_PASSWORD]
`
}
