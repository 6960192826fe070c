// SIMULATED HOSTS — they stand in for hosts only to measure the runner's side of a deploy; the
// real-fleet tests (test/fleet, __tests__/e2e) stay the proof that deploys work.
//
// One process serving N simulated hosts over REAL SSH (ssh2 `Server`s): host i listens on its own
// loopback address (127.1.0.1, 127.1.0.2 … — all of 127/8 is loopback on Linux) on one shared
// port, with its own ed25519 host key. It writes, into --dir: `known_hosts` (one plain
// `[addr]:port` line per host), `id_ed25519` (the client key every host accepts, signature
// checked) and `hosts.json` ({port, hosts}). Each exec's stdin is read to its end, then the exec is
// answered by answer.ts (after --delay-ms, plus up to --jitter-ms chosen per exec from --seed).
// Hosts picked by --fail-rate (deterministically from --seed) or named in --fail-hosts fail their
// boots. Run it niced, in a process of its own, so that it competes less with the measured action.
//
// With an IPC channel (spawned with 'ipc'), it says {type:'ready', port, hosts, dir} once listening
// and answers {type:'stats'} (handshakes in flight at most, connections, execs…) and {type:'reset'}
// (every host fresh again: no lock, the initial version running; counters zeroed).
//
//   node --import tsx bench/sim-hosts/server.ts --count 1000 --dir /tmp/sim [--initial-version v1]
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import ssh2 from 'ssh2'
import { answer, newHostState, type HostState } from './answer.js'

const { Server, utils } = ssh2

const { values: opt } = parseArgs({
  options: {
    count: { type: 'string', default: '10' },
    dir: { type: 'string' },
    'first-address': { type: 'string', default: '127.1.0.1' },
    port: { type: 'string', default: '0' },
    'delay-ms': { type: 'string', default: '0' },
    'jitter-ms': { type: 'string', default: '0' },
    'fail-rate': { type: 'string', default: '0' },
    'fail-hosts': { type: 'string', default: '' },
    seed: { type: 'string', default: '1' },
    'initial-version': { type: 'string', default: '' }
  }
})
if (!opt.dir) throw new Error('--dir is required')
const dir = opt.dir
const count = Number(opt.count)
const delayMs = Number(opt['delay-ms'])
const jitterMs = Number(opt['jitter-ms'])
let initialVersion = opt['initial-version'] ?? ''

/** mulberry32: a small seeded PRNG, so that failures and delays are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The i-th loopback address after `first` (the last octet runs 1…250). */
function address(first: string, i: number): string {
  const [a, b, c, d] = first.split('.').map(Number) as [number, number, number, number]
  const n = c * 250 + (d - 1) + i
  return `${a}.${b}.${Math.floor(n / 250)}.${(n % 250) + 1}`
}

const hosts = Array.from({ length: count }, (_, i) => address(opt['first-address'] ?? '127.1.0.1', i))
const failRandom = prng(Number(opt.seed))
const failing = new Set([
  ...hosts.filter(() => failRandom() < Number(opt['fail-rate'])),
  ...(opt['fail-hosts'] ?? '').split(',').filter(Boolean)
])
const delayRandom = prng(Number(opt.seed) + 1)
const states = new Map<string, HostState>()
const reset = () => {
  for (const h of hosts) states.set(h, newHostState(initialVersion, failing.has(h)))
}
reset()

const stats = { inFlight: 0, maxInFlight: 0, handshakes: 0, failedHandshakes: 0, connections: 0, execs: 0 }
const connectionsPerHost = new Map<string, number>()

/**
 * An ed25519 key pair in OpenSSH format. ssh2's generator drops a leading zero byte of the public
 * key about once in 256 keys, and then cannot read its own key back: such a pair is generated again.
 */
function keyPair(): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519')
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair
  }
}

const clientKey = keyPair()
const parsed = utils.parseKey(clientKey.public)
if (parsed instanceof Error) throw parsed
const allowed = parsed
mkdirSync(dir, { recursive: true })
writeFileSync(join(dir, 'id_ed25519'), clientKey.private, { mode: 0o600 })

function sshServer(host: string): InstanceType<typeof Server> {
  const key = keyPair()
  const server = new Server({ hostKeys: [key.private] }, (client) => {
    client.on('error', () => undefined)
    // ssh2 keeps the socket on the connection: the handshake it belongs to ends at 'ready'.
    client.once('ready', () => handshakeEnds.get((client as unknown as { _sock: Socket })._sock)?.(true))
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.key.algo !== 'ssh-ed25519' || !ctx.key.data.equals(allowed.getPublicSSH()))
        return ctx.reject(['publickey'])
      if (!ctx.signature || !ctx.blob) return ctx.accept() // the client asks whether the key would do
      return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(['publickey'])
    })
    client.on('session', (accept) => {
      const session = accept()
      session.on('exec', (acceptExec, _reject, info) => {
        const stream = acceptExec()
        stats.execs++
        stream.on('data', () => undefined) // stdin: read to its end, like the script's `read`s do
        stream.on('end', () => {
          const state = states.get(host)
          if (!state) throw new Error(`no state for ${host}`)
          const result = answer(state, info.command)
          const reply = () => {
            if (result.stdout) stream.write(result.stdout)
            if (result.stderr) stream.stderr.write(result.stderr)
            stream.exit(result.code)
            stream.end()
          }
          const wait = delayMs + (jitterMs > 0 ? Math.floor(delayRandom() * jitterMs) : 0)
          if (wait > 0) setTimeout(reply, wait)
          else reply()
        })
      })
    })
  })
  ;(server as unknown as { publicKey: string }).publicKey = key.public
  return server
}

const handshakeEnds = new WeakMap<Socket, (ok: boolean) => void>()

/** Counts a handshake from the TCP accept until the client is authenticated (or gone). */
function track(socket: Socket, server: InstanceType<typeof Server>, host: string): void {
  stats.connections++
  connectionsPerHost.set(host, (connectionsPerHost.get(host) ?? 0) + 1)
  stats.inFlight++
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
  let done = false
  const end = (ok: boolean) => {
    if (done) return
    done = true
    stats.inFlight--
    if (ok) stats.handshakes++
    else stats.failedHandshakes++
  }
  socket.once('close', () => end(false))
  handshakeEnds.set(socket, end)
  server.injectSocket(socket)
}

async function listenAll(): Promise<number> {
  let port = Number(opt.port)
  const lines: string[] = []
  for (const host of hosts) {
    const ssh = sshServer(host)
    const tcp = createServer({ noDelay: true }, (socket) => track(socket, ssh, host))
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject)
      tcp.listen({ host, port, backlog: 4096 }, () => resolve())
    })
    port = (tcp.address() as { port: number }).port
    const pub = (ssh as unknown as { publicKey: string }).publicKey.split(' ').slice(0, 2).join(' ')
    lines.push(`[${host}]:${port} ${pub}`)
  }
  writeFileSync(join(dir, 'known_hosts'), lines.join('\n') + '\n')
  writeFileSync(join(dir, 'hosts.json'), JSON.stringify({ port, hosts, failing: [...failing] }))
  return port
}

const port = await listenAll()
type Message = { type: 'stats' } | { type: 'reset'; initialVersion?: string }
if (process.send) {
  process.send({ type: 'ready', port, hosts, dir, failing: [...failing] })
  process.on('message', (m: Message) => {
    if (m.type === 'reset') {
      if (m.initialVersion !== undefined) initialVersion = m.initialVersion
      reset()
      Object.assign(stats, {
        maxInFlight: stats.inFlight,
        handshakes: 0,
        failedHandshakes: 0,
        connections: 0,
        execs: 0
      })
      connectionsPerHost.clear()
      process.send?.({ type: 'reset' })
    } else if (m.type === 'stats') {
      const perHost = [...connectionsPerHost.values()]
      process.send?.({ type: 'stats', ...stats, maxConnectionsPerHost: Math.max(0, ...perHost) })
    }
  })
  process.on('disconnect', () => process.exit(0))
} else console.log(`${count} simulated hosts on port ${port}; known_hosts and key in ${dir}`)
