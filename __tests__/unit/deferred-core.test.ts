// @actions/core loaded late (DeferredCore): what is said before it loads reaches the log in its
// order once it does, state for the post step is written at once, and ExecStarts says when the
// hosts run the first commands (the moment main loads it).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { DeferredCore } from '../../src/action/core.js'
import { ExecStarts } from '../../src/transport/ssh.js'

const CORE_TS = join(import.meta.dirname, '../../src/action/core.ts')
const ACTIONS_CORE = import.meta.resolve('@actions/core')

/** Runs `body` (with `core`, a DeferredCore over the real @actions/core) in a process of its own. */
function withRealCore(body: string, env: Record<string, string> = {}): { stdout: string; code: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'deferred-core-'))
  const script = join(dir, 'run.mts')
  writeFileSync(
    script,
    `import { DeferredCore } from ${JSON.stringify(CORE_TS)}
const core = new DeferredCore(() => import(${JSON.stringify(ACTIONS_CORE)}), process.env)
${body}
`
  )
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
    cwd: join(import.meta.dirname, '../..'),
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8'
  })
  assert.equal(r.stderr, '')
  return { stdout: r.stdout, code: r.status }
}

test('DeferredCore: masks, groups, lines and the failure said before @actions/core loads reach the log in their order', () => {
  const r = withRealCore(`core.setSecret('s3cr3t-value')
const done = core.group('Pull', async () => { core.info('pulled s3cr3t-value'); return 7 })
core.warning('careful')
process.stdout.write('--- not loaded yet\\n')
const value = await done
await core.load()
core.info('after load: ' + value)
core.setFailed('it failed')`)
  assert.equal(
    r.stdout,
    [
      '--- not loaded yet',
      '::add-mask::s3cr3t-value',
      '::group::Pull',
      'pulled s3cr3t-value',
      // Said while the group ran (as with @actions/core's own group).
      '::warning::careful',
      '::endgroup::',
      'after load: 7',
      '::error::it failed',
      ''
    ].join('\n')
  )
  assert.equal(r.code, 1, 'setFailed sets the exit code')
})

test('DeferredCore: saveState is written at once, in the runner’s file-command format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deferred-state-'))
  const file = join(dir, 'state')
  writeFileSync(file, '')
  const core = new DeferredCore(() => new Promise(() => undefined), { GITHUB_STATE: file, STATE_lock: 'saved' })
  core.saveState('lock', JSON.stringify({ host: 'h1' }))
  core.saveState('empty', undefined)
  const text = readFileSync(file, 'utf8')
  const entries = [...text.matchAll(/^(\w+)<<(ghadelimiter_[0-9a-f-]{36})\n([^]*?)\n\2\n/gm)].map((m) => [m[1], m[3]])
  assert.deepEqual(entries, [
    ['lock', '{"host":"h1"}'],
    ['empty', '']
  ])
  assert.equal(core.getState('lock'), 'saved')
  assert.equal(core.getState('other'), '')
  assert.throws(() => core.summary, /not loaded yet/)
})

test('ExecStarts: calls back once, when no exec is opening any more', () => {
  const starts = new ExecStarts()
  const calls: string[] = []
  starts.once(() => calls.push('started'))
  starts.opening()
  starts.opening()
  starts.opened()
  assert.deepEqual(calls, [])
  starts.opened()
  assert.deepEqual(calls, ['started'])
  starts.opening()
  starts.opened()
  assert.deepEqual(calls, ['started'])
})
