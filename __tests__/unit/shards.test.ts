// Sharded deploys: how hosts are dealt into shards, the inputs that drive them, and what a shard's
// job summary says about its hosts and the lock it works under.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { readInputs } from '../../src/action/inputs.js'
import { renderSummary } from '../../src/action/summary.js'
import { shardHosts } from '../../src/flows/context.js'
import { emptyReport } from '../../src/flows/report.js'

test('hosts are dealt round-robin into at most the asked number of shards, none empty', () => {
  const hosts = ['w1', 'w2', 'w3', 'w4', 'j1', 'j2', 'j3']
  assert.deepEqual(shardHosts(hosts, 3), [
    ['w1', 'w4', 'j3'],
    ['w2', 'j1'],
    ['w3', 'j2']
  ])
  assert.deepEqual(shardHosts(hosts, 1), [hosts])
  assert.deepEqual(shardHosts(['a', 'b'], 5), [['a'], ['b']])
  assert.deepEqual(shardHosts(hosts, 7).flat().sort(), [...hosts].sort())
})

test('shard-count is a whole number from 1 to 256; lock-token is passed on as given', () => {
  const base = { INPUT_COMMAND: 'lock-acquire' }
  assert.equal(readInputs({ ...base, 'INPUT_SHARD-COUNT': '4' }).shardCount, 4)
  assert.equal(readInputs(base).shardCount, undefined)
  for (const bad of ['0', '257', '2.5', 'four'])
    assert.throws(
      () => readInputs({ ...base, 'INPUT_SHARD-COUNT': bad }),
      /Input shard-count: '.*' is not a whole number from 1 to 256/
    )
  assert.equal(readInputs({ ...base, 'INPUT_LOCK-TOKEN': ' deckhand-1-1-ab ' }).lockToken, 'deckhand-1-1-ab')
})

test('a shard’s summary: its share of the hosts, and the lock as the workflow’s, checked or not', () => {
  const report = emptyReport('deploy', 'v2')
  report.hosts = ['10.0.0.2', '10.0.0.5']
  report.lock = {
    host: '10.0.0.1',
    path: '.kamal/lock-demo',
    taken: false,
    released: false,
    inherited: { checked: true }
  }
  const html = renderSummary(report, 'Deploy of demo v2', { scope: { of: 8 } })
  assert.ok(html.includes('<b>Hosts</b> 2 of 8 (hosts input)'), html)
  assert.ok(
    html.includes(
      '<p><b>Lock</b> held by the calling workflow (KAMAL_LOCK=true), neither taken nor released by this step; checked on 10.0.0.1: <code>.kamal/lock-demo</code> is held and carries the given lock-token</p>'
    ),
    html
  )
  report.lock = { taken: false, released: false, inherited: { checked: false } }
  assert.ok(renderSummary(report, 'Deploy').includes('; not checked (no lock-token given)</p>'))
  report.lock = {
    host: '10.0.0.1',
    path: '.kamal/lock-demo',
    taken: false,
    released: false,
    inherited: { checked: false }
  }
  assert.ok(
    renderSummary(report, 'Deploy').includes('; <b>the check of the given lock-token on 10.0.0.1 failed</b></p>')
  )
})
