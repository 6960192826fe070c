// onHosts: what a phase logs per host (a line each on small fleets, grouped outcomes on large ones),
// and that a cancelled run starts no further host.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Reporter, RunContext } from '../../src/flows/context.js'
import { CancelledError, HostsError } from '../../src/flows/errors.js'
import { HOST_LINES_UP_TO, hostsText, onHosts } from '../../src/flows/hosts.js'

function context(limit: number): { ctx: RunContext; lines: string[]; abort: () => void } {
  const lines: string[] = []
  const reporter: Reporter = {
    group: (_t, fn) => fn(),
    info: (m) => lines.push(m),
    warning: (m) => lines.push(`warning: ${m}`),
    remote: () => undefined
  }
  const controller = new AbortController()
  const ctx = {
    reporter,
    pool: { limit, get: () => assert.fail('no connections here') },
    signal: controller.signal
  } as unknown as RunContext
  return { ctx, lines, abort: () => controller.abort() }
}

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i + 1}`)

test(`up to ${HOST_LINES_UP_TO} hosts, a line per host as each finishes`, async () => {
  const { ctx, lines } = context(Infinity)
  await onHosts(ctx, hosts(3), (host, log) =>
    Promise.resolve(log.done(host, 'pulled app:v2', host === 'h2' ? 1.5 : undefined))
  )
  assert.deepEqual(lines, ['h1: pulled app:v2', 'h2: pulled app:v2 (1.5s)', 'h3: pulled app:v2'])
  assert.equal(hostsText(hosts(3)), 'h1, h2, h3')
})

test('more hosts: progress every tenth, then one line per outcome, the common one first, the others named', async () => {
  const { ctx, lines } = context(Infinity)
  await onHosts(ctx, hosts(100), (host, log) => {
    const started = host === 'h7' || host === 'h42'
    log.done(host, started ? 'kamal-proxy started' : 'kamal-proxy was already running', started ? 2 : 0.5)
    return Promise.resolve()
  })
  assert.deepEqual(lines, [
    ...[10, 20, 30, 40, 50, 60, 70, 80, 90].map((n) => `${n}/100 hosts done`),
    '98 hosts: kamal-proxy was already running (0.5s)',
    '2 host(s) (h7, h42): kamal-proxy started (2s)'
  ])
  assert.equal(hostsText(hosts(100)), '100 hosts (h1 … h100)')
})

test('grouped seconds show their spread; failures still fail the phase with every host', async () => {
  const { ctx, lines } = context(Infinity)
  const run = onHosts(ctx, hosts(30), (host, log) => {
    if (host === 'h3') return Promise.reject(new Error('pull failed on h3'))
    log.done(host, 'pulled', Number(host.slice(1)) / 10)
    return Promise.resolve()
  })
  await assert.rejects(run, (e: unknown) => e instanceof HostsError && e.failures.map((f) => f.host).join() === 'h3')
  assert.equal(lines.at(-1), '29 hosts: pulled (0.1–3 s, median 1.6 s)')
})

test('once the run is cancelled, hosts not started yet are not started', async () => {
  const { ctx, abort } = context(1)
  const started: string[] = []
  const run = onHosts(ctx, hosts(5), (host) => {
    started.push(host)
    if (host === 'h2') abort()
    return Promise.resolve()
  })
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof HostsError)
    assert.deepEqual(
      e.failures.map((f) => [f.host, f.error instanceof CancelledError]),
      [
        ['h3', true],
        ['h4', true],
        ['h5', true]
      ]
    )
    return true
  })
  assert.deepEqual(started, ['h1', 'h2'])
})
