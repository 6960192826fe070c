// scripts/release.sh end to end, in temporary clones of HEAD whose `origin` is a temporary bare
// repository: this repository's own tags are never touched. Each run builds dist/ (about 20 s), so
// these tests run from scripts/test-all.sh (npm run test:release) rather than with the unit tests.
// dist/ is first brought up to date in the clone (committed there only), so that the outcome does
// not depend on whether this commit's dist/ was rebuilt yet; test-all.sh checks that separately.
import assert from 'node:assert/strict'
import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { execFileSync } from 'node:child_process'
import { cloneHead, type Clone } from './checks.js'

/** A clone of HEAD with node_modules and a current dist/: a clean tree that can be released. */
function releasable(): Clone {
  const clone = cloneHead({ nodeModules: true })
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: clone.dir, stdio: 'ignore' })
  if (clone.git('status', '--porcelain')) {
    clone.git('add', '-A', 'dist')
    clone.git('commit', '-qm', 'dist: rebuilt (temporary clone only)')
  }
  return clone
}

describe('scripts/release.sh on a clean tree', { timeout: 10 * 60_000 }, () => {
  let clone: Clone
  let version: string
  after(() => clone?.remove())
  before(() => {
    clone = releasable()
    version = (JSON.parse(readFileSync(join(clone.dir, 'package.json'), 'utf8')) as { version: string }).version
  })

  test('--dry-run passes every check, prints the tag and push it would run, and creates nothing', () => {
    const head = clone.git('rev-parse', 'HEAD')
    const r = clone.release('--dry-run')
    assert.equal(r.code, 0, r.stdout + r.stderr)
    const major = `v${version.split('.')[0]}`
    assert.ok(r.stdout.includes('release: ok: dist/ is the build of src/'), r.stdout)
    assert.ok(
      r.stdout.endsWith(
        `release: dry run: every check passed; a release would run:\n` +
          `  git tag -a v${version} -m 'Deckhand v${version}' ${head}\n` +
          `  git tag -f ${major} ${head}\n` +
          `  git push --atomic origin refs/tags/v${version} +refs/tags/${major}\n`
      ),
      r.stdout
    )
    assert.equal(clone.git('tag'), '')
    assert.equal(execFileSync('git', ['-C', clone.origin, 'tag'], { encoding: 'utf8' }), '')
    assert.equal(clone.git('status', '--porcelain'), '', 'the build left the tree as it was')
  })

  test('a release tags HEAD vX.Y.Z (annotated), moves vX to it and pushes both to origin', () => {
    const head = clone.git('rev-parse', 'HEAD')
    const major = `v${version.split('.')[0]}`
    // An older major tag elsewhere is moved, as after a previous release.
    clone.git('push', '-q', 'origin', `${head}~1:refs/tags/${major}`)
    clone.git('fetch', '-q', 'origin', `+refs/tags/${major}:refs/tags/${major}`)
    const r = clone.release()
    assert.equal(r.code, 0, r.stdout + r.stderr)
    const remote = (ref: string) =>
      execFileSync('git', ['-C', clone.origin, 'rev-parse', ref], { encoding: 'utf8' }).trim()
    assert.equal(remote(`v${version}^{commit}`), head)
    assert.equal(remote(`${major}^{commit}`), head)
    assert.equal(
      execFileSync('git', ['-C', clone.origin, 'cat-file', '-t', `v${version}`], { encoding: 'utf8' }).trim(),
      'tag'
    )
    // Once released, the same version cannot be tagged again.
    const again = clone.release('--dry-run')
    assert.equal(again.code, 1)
    assert.match(again.stderr, /exists already here/)
  })
})

test('release.sh refuses a dist/ that is not the build of src/, and puts dist/ back', { timeout: 10 * 60_000 }, (t) => {
  const clone = releasable()
  t.after(() => clone.remove())
  appendFileSync(join(clone.dir, 'dist/index.js'), '// edited by hand\n')
  clone.git('commit', '-qam', 'dist: edited by hand')
  const r = clone.release('--dry-run')
  assert.equal(r.code, 1)
  assert.match(r.stderr, /dist\/index\.js/)
  assert.match(r.stderr, /release: dist\/ is not the build of src\/: run 'npm run build' and commit dist\/\n$/)
  assert.equal(clone.git('status', '--porcelain'), '')
  assert.equal(clone.git('tag'), '')
})
