// What a release needs from the repository's metadata, as pure checks over the files' text (the unit
// tests run them on the real files and on broken copies), and temporary clones for running
// scripts/release.sh without ever touching this repository's own tags.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../e2e/harness.js'

/** The Marketplace refuses a description of 125 characters or more. */
export const MAX_DESCRIPTION = 124
/** The colours GitHub accepts for `branding.color`. */
export const BRANDING_COLORS = ['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']
/** Another Kamal action's branding: ours must differ. */
export const TAKEN_BRANDING = { icon: 'anchor', color: 'blue' }

export interface ReleaseFiles {
  actionYml: string
  packageJson: string
  packageLock: string
  changelog: string
  /** The licence file's text, or undefined when there is none. */
  license?: string
  nodeVersion?: string
}

export function readReleaseFiles(root = ROOT): ReleaseFiles {
  const read = (name: string) => (existsSync(join(root, name)) ? readFileSync(join(root, name), 'utf8') : undefined)
  return {
    actionYml: read('action.yml') ?? '',
    packageJson: read('package.json') ?? '{}',
    packageLock: read('package-lock.json') ?? '{}',
    changelog: read('CHANGELOG.md') ?? '',
    license: read('LICENSE'),
    nodeVersion: read('.node-version')
  }
}

interface Action {
  name?: unknown
  description?: unknown
  author?: unknown
  branding?: { icon?: unknown; color?: unknown }
  runs?: { using?: unknown }
}
interface Package {
  version?: string
  license?: string
  engines?: { node?: string }
  devDependencies?: Record<string, string>
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Every way the files fall short of a release; empty when they are ready. */
export function releaseProblems(files: ReleaseFiles): string[] {
  const out: string[] = []
  const action = (parse(files.actionYml) ?? {}) as Action
  const pkg = JSON.parse(files.packageJson) as Package
  const lock = JSON.parse(files.packageLock) as { version?: string }

  for (const key of ['name', 'description', 'author'] as const)
    if (typeof action[key] !== 'string' || !action[key].trim()) out.push(`action.yml: no ${key}`)
  if (typeof action.description === 'string' && action.description.length > MAX_DESCRIPTION)
    out.push(
      `action.yml: the description has ${action.description.length} characters; the Marketplace needs fewer than 125`
    )
  if (typeof action.author === 'string' && /^deckhand$/i.test(action.author.trim()))
    out.push('action.yml: author is a placeholder')
  const { icon, color } = action.branding ?? {}
  if (typeof icon !== 'string' || !icon) out.push('action.yml: no branding.icon')
  if (typeof color !== 'string' || !BRANDING_COLORS.includes(color))
    out.push(`action.yml: branding.color must be one of ${BRANDING_COLORS.join(', ')}`)
  if (icon === TAKEN_BRANDING.icon && color === TAKEN_BRANDING.color)
    out.push('action.yml: branding anchor/blue is another Kamal action’s')

  if (files.license === undefined) out.push('LICENSE: missing')
  else if (!files.license.startsWith('MIT License')) out.push('LICENSE: not the MIT licence')
  if (pkg.license !== 'MIT') out.push(`package.json: license is ${pkg.license ?? 'missing'}, not MIT`)

  const version = pkg.version ?? ''
  if (!/^\d+\.\d+\.\d+$/.test(version)) out.push(`package.json: version '${version}' is not X.Y.Z`)
  if (lock.version !== version) out.push(`package-lock.json: version ${lock.version} differs from ${version}`)
  if (!new RegExp(`^## \\[${escape(version)}\\] - \\d{4}-\\d{2}-\\d{2}\\s*$`, 'm').test(files.changelog))
    out.push(`CHANGELOG.md: no '## [${version}] - YYYY-MM-DD' section`)

  // The runtime action.yml declares (node24) is the one engines, @types/node and .node-version name.
  const using = typeof action.runs?.using === 'string' ? action.runs.using : ''
  const runtime = /^node(\d+)$/.exec(using)?.[1]
  if (!runtime) out.push(`action.yml: runs.using is '${using}', not nodeNN`)
  else {
    if (pkg.engines?.node !== `>=${runtime}`)
      out.push(`package.json: engines.node is ${pkg.engines?.node}, not >=${runtime} (runs.using: node${runtime})`)
    const types = /\^?~?(\d+)\./.exec(pkg.devDependencies?.['@types/node'] ?? '')?.[1]
    if (types !== runtime) out.push(`package.json: @types/node ${types} is not the runtime's ${runtime}`)
    if (files.nodeVersion?.trim().split('.')[0] !== runtime)
      out.push(`.node-version: ${files.nodeVersion?.trim()} is not Node ${runtime}`)
  }
  return out
}

/** Name and e-mail for commits and annotated tags in a temporary clone (CI has no git identity). */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Deckhand tests',
  GIT_AUTHOR_EMAIL: 'tests@deckhand.invalid',
  GIT_COMMITTER_NAME: 'Deckhand tests',
  GIT_COMMITTER_EMAIL: 'tests@deckhand.invalid'
}

export interface Clone {
  dir: string
  /** The bare repository that is the clone's `origin`: a release pushes there, never here. */
  origin: string
  git(...args: string[]): string
  /** scripts/release.sh in the clone. */
  release(...args: string[]): { code: number; stdout: string; stderr: string }
  /** Deletes the clone and its origin. */
  remove(): void
}

/**
 * A clone of this repository's HEAD in a temporary directory whose `origin` is a new bare
 * repository, with `node_modules/` copied in when asked for (through a symlink, ncc would give the
 * bundle's modules other ids and dist/ would never compare equal).
 */
export function cloneHead(opts: { nodeModules?: boolean } = {}): Clone {
  const base = mkdtempSync(join(tmpdir(), 'deckhand-release-'))
  const dir = join(base, 'clone')
  const origin = join(base, 'origin.git')
  const head = execFileSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
  const env = { ...process.env, ...GIT_IDENTITY }
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env }).trim()
  execFileSync('git', ['clone', '-q', '--no-checkout', ROOT, dir])
  execFileSync('git', ['init', '-q', '--bare', origin])
  git('remote', 'set-url', 'origin', origin)
  git('checkout', '-q', '--detach', head)
  // Ignored by .gitignore, as in the real checkout.
  if (opts.nodeModules) execFileSync('cp', ['-a', join(ROOT, 'node_modules'), join(dir, 'node_modules')])
  return {
    dir,
    origin,
    git,
    release: (...args) => {
      const r = spawnSync('bash', ['scripts/release.sh', ...args], { cwd: dir, encoding: 'utf8', env })
      return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr }
    },
    remove: () => rmSync(base, { recursive: true, force: true })
  }
}
