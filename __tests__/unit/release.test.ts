// Release readiness: action.yml's Marketplace metadata, the licence, the version in package.json,
// package-lock.json and CHANGELOG.md, the Node runtime named consistently; and the checks of
// scripts/release.sh that fail before it builds anything, run in temporary clones (its full runs,
// which build dist/, are in __tests__/release/, run by scripts/test-all.sh).
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { cloneHead, readReleaseFiles, releaseProblems } from '../release/checks.js'

const files = readReleaseFiles()

test('the repository is ready to release: Marketplace metadata, MIT licence, version in the changelog, one Node runtime', () => {
  assert.deepEqual(releaseProblems(files), [])
})

test('dist/: every bundled module is a function expression in parentheses (scripts/fix-dist.mjs), none is left an arrow function', () => {
  // The rewrite matches ncc's own lines; if ncc wrote its modules otherwise, it would silently stop
  // applying (CI checks that dist/ is the build of src/, not what the build does).
  const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist')
  const chunks = readdirSync(dist).filter((f) => f.endsWith('.js'))
  const count = (re: RegExp) =>
    chunks.reduce((n, f) => n + (readFileSync(join(dist, f), 'utf8').match(re)?.length ?? 0), 0)
  assert.equal(count(/^\/\*\*\*\/ \(\(/gm), 0, 'modules still written as arrow functions')
  assert.ok(count(/^\/\*\*\*\/ \(function\(/gm) > 300, 'the bundled modules as function expressions')
})

test('the release checks fail on a long description, a missing licence, a version missing from the changelog', () => {
  const description = `description: "${'x'.repeat(125)}"`
  const broken = {
    ...files,
    actionYml: files.actionYml
      .replace(/^description: .*$/m, description)
      .replace(/icon: .*/, 'icon: anchor')
      .replace(/color: .*/, 'color: blue'),
    license: undefined,
    packageJson: JSON.stringify({ ...(JSON.parse(files.packageJson) as object), version: '9.8.7', license: undefined })
  }
  const problems = releaseProblems(broken)
  for (const expected of [
    'action.yml: the description has 125 characters; the Marketplace needs fewer than 125',
    'action.yml: branding anchor/blue is another Kamal action’s',
    'LICENSE: missing',
    'package.json: license is missing, not MIT',
    `package-lock.json: version ${(JSON.parse(files.packageLock) as { version: string }).version} differs from 9.8.7`,
    "CHANGELOG.md: no '## [9.8.7] - YYYY-MM-DD' section"
  ])
    assert.ok(problems.includes(expected), `${expected}\n${problems.join('\n')}`)
  // 124 characters is fine.
  const fits = { ...files, actionYml: files.actionYml.replace(/^description: .*$/m, `description: ${'x'.repeat(124)}`) }
  assert.deepEqual(releaseProblems(fits), [])
  const runtime = {
    ...files,
    nodeVersion: '20\n',
    actionYml: files.actionYml.replace(/using: node\d+/, 'using: node22')
  }
  assert.deepEqual(releaseProblems(runtime), [
    'package.json: engines.node is >=24, not >=22 (runs.using: node22)',
    "package.json: @types/node 24 is not the runtime's 22",
    '.node-version: 20 is not Node 22'
  ])
})

test('release.sh --notes prints the changelog section of a version, without its heading', (t) => {
  const clone = cloneHead()
  t.after(() => clone.remove())
  const { version } = JSON.parse(files.packageJson) as { version: string }
  const notes = clone.release('--notes')
  assert.equal(notes.code, 0, notes.stderr)
  assert.ok(!notes.stdout.includes(`## [${version}]`), notes.stdout)
  assert.ok(files.changelog.includes(notes.stdout.trim()), 'the section text as it is in CHANGELOG.md')
  assert.ok(!/^\[[^\]]+\]: /m.test(notes.stdout), 'no link references')
  assert.deepEqual(clone.release('--notes', '0.0.1'), {
    code: 1,
    stdout: '',
    stderr: 'release: CHANGELOG.md has no section for 0.0.1\n'
  })
})

test('release.sh refuses an unclean tree, a version without a changelog section and a tag that exists', (t) => {
  const clone = cloneHead()
  t.after(() => clone.remove())
  writeFileSync(join(clone.dir, 'stray.txt'), 'x')
  let r = clone.release('--dry-run')
  assert.equal(r.code, 1)
  assert.match(r.stderr, /\?\? stray\.txt\nrelease: the tree is not clean/)
  clone.git('clean', '-fq')

  const pkg = JSON.parse(files.packageJson) as { version: string }
  const bumped = (text: string) => text.replace(`"version": "${pkg.version}"`, '"version": "9.8.7"')
  writeFileSync(join(clone.dir, 'package.json'), bumped(files.packageJson))
  writeFileSync(join(clone.dir, 'package-lock.json'), bumped(bumped(files.packageLock)))
  clone.git('commit', '-qam', 'bump without a changelog entry')
  r = clone.release('--dry-run')
  assert.equal(r.code, 1)
  assert.match(r.stderr, /CHANGELOG\.md has no '## \[9\.8\.7\] - YYYY-MM-DD' section/)
  clone.git('reset', '-q', '--hard', 'HEAD~1')

  clone.git('tag', `v${pkg.version}`)
  r = clone.release('--dry-run')
  assert.equal(r.code, 1)
  assert.match(r.stderr, new RegExp(`the tag v${pkg.version.replaceAll('.', '\\.')} exists already here`))
  clone.git('tag', '-d', `v${pkg.version}`)
  clone.git('push', '-q', 'origin', `HEAD:refs/tags/v${pkg.version}`)
  r = clone.release('--dry-run')
  assert.equal(r.code, 1)
  assert.match(r.stderr, /exists already on origin/)
})
