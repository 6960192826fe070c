// Connection start pacing (Kamal's sshkit.max_concurrent_starts): an SshPool asked for every
// connection at once has at most `limit` handshakes in flight, counted by the servers themselves —
// real SSH servers (the benchmark's simulated hosts, in this process) on loopback addresses.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { SimHosts } from '../../bench/sim-hosts/hosts.js'
import { parseKnownHosts } from '../../src/transport/known-hosts.js'
import { SshPool } from '../../src/transport/ssh.js'

let sim: SimHosts
before(async () => {
  sim = await SimHosts.start({
    count: 12,
    dir: mkdtempSync(join(tmpdir(), 'deckhand-sim-')),
    firstAddress: '127.3.0.1'
  })
})
after(() => sim.close())

async function connectAll(limit: number): Promise<ReturnType<SimHosts['stats']>> {
  sim.reset()
  const pool = new SshPool(
    {
      user: 'root',
      port: sim.port,
      privateKeys: [readFileSync(join(sim.dir, 'id_ed25519'), 'utf8')],
      knownHosts: parseKnownHosts(readFileSync(join(sim.dir, 'known_hosts'), 'utf8')),
      connectTimeoutMs: 20_000
    },
    limit
  )
  try {
    // Every connection asked for in the same tick, as prepare.ts does; then one exec each.
    await Promise.all(sim.hosts.map((h) => pool.get(h).connect()))
    const results = await Promise.all(sim.hosts.map((h) => pool.get(h).exec('echo "DECKHAND_STATUS=$STATUS"')))
    assert.deepEqual(new Set(results.map((r) => `${r.code} ${r.stdout}`)), new Set(['0 DECKHAND_STATUS=healthy\n']))
    return sim.stats()
  } finally {
    pool.closeAll()
  }
}

test('at most max_concurrent_starts handshakes are in flight, and every host gets its one connection', async () => {
  for (const limit of [1, 3]) {
    const stats = await connectAll(limit)
    assert.ok(stats.maxInFlight >= 1 && stats.maxInFlight <= limit, `limit ${limit}: ${JSON.stringify(stats)}`)
    assert.equal(stats.handshakes, 12)
    assert.equal(stats.maxConnectionsPerHost, 1)
  }
})

test('the pacing is what bounds them: with a limit above the host count, the hosts see more at once', async () => {
  const stats = await connectAll(100)
  assert.ok(stats.maxInFlight > 3, JSON.stringify(stats))
})
