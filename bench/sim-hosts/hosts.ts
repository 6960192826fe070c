// SIMULATED HOSTS — they stand in for hosts only to measure the runner's side of a deploy; the
// real-fleet tests (test/fleet, __tests__/e2e) stay the proof that deploys work.
//
// N simulated hosts over REAL SSH (ssh2 `Server`s) in this process: host i listens on its own
// loopback address (127.1.0.1, 127.1.0.2 … — all of 127/8 is loopback on Linux) on one shared
// port, with its own ed25519 host key. `dir` gets `known_hosts` (one plain `[addr]:port` line per
// host), `id_ed25519` (the client key every host accepts, its signature checked) and `hosts.json`.
// Each exec's stdin is read to its end, then the exec is answered by answer.ts (after `delayMs`,
// plus up to `jitterMs` chosen per exec from `seed`). Hosts picked by `failRate` (deterministically
// from `seed`) or named in `failHosts` fail their boots. The hosts count every handshake from the
// TCP accept to the end of authentication, so a test or benchmark can see how many were in flight.
import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server as NetServer, type Socket } from 'node:net'
import { join } from 'node:path'
import ssh2 from 'ssh2'
import { answer, newHostState, type HostState } from './answer.js'
import { seeded } from '../../__tests__/seeded.js'

const { Server, utils } = ssh2

export interface SimOptions {
  count: number
  dir: string
  firstAddress?: string
  /** 0: a free port (the first host's), then the same port on every address. */
  port?: number
  delayMs?: number
  jitterMs?: number
  failRate?: number
  failHosts?: string[]
  seed?: number
  /** The version every role runs before the first boot ('' = fresh hosts). */
  initialVersion?: string
}

export interface SimStats {
  /** The most handshakes (TCP accept → authenticated) in flight at once since the last reset. */
  maxInFlight: number
  handshakes: number
  failedHandshakes: number
  connections: number
  maxConnectionsPerHost: number
  execs: number
  /** CPU seconds (user + sys) this process spent since the last reset. */
  cpuSeconds: number
}

/** The i-th loopback address after `first` (the last octet runs 1…250). */
function address(first: string, i: number): string {
  const [a, b, c, d] = first.split('.').map(Number) as [number, number, number, number]
  const n = c * 250 + (d - 1) + i
  return `${a}.${b}.${Math.floor(n / 250)}.${(n % 250) + 1}`
}

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

export class SimHosts {
  readonly hosts: string[]
  readonly failing: Set<string>
  port = 0
  private initialVersion: string
  private readonly states = new Map<string, HostState>()
  private readonly listeners: NetServer[] = []
  private readonly handshakeEnds = new WeakMap<Socket, (ok: boolean) => void>()
  private delayMs: number
  private readonly jitter: () => number
  private readonly allowed: ssh2.ParsedKey
  private readonly counters = { inFlight: 0, maxInFlight: 0, handshakes: 0, failedHandshakes: 0, connections: 0 }
  private execs = 0
  private readonly connectionsPerHost = new Map<string, number>()
  private cpuAtReset = process.cpuUsage()

  private constructor(private readonly opts: SimOptions) {
    this.hosts = Array.from({ length: opts.count }, (_, i) => address(opts.firstAddress ?? '127.1.0.1', i))
    const pick = seeded(opts.seed ?? 1)
    this.failing = new Set([...this.hosts.filter(() => pick() < (opts.failRate ?? 0)), ...(opts.failHosts ?? [])])
    this.jitter = seeded((opts.seed ?? 1) + 1)
    this.delayMs = opts.delayMs ?? 0
    this.initialVersion = opts.initialVersion ?? ''
    const clientKey = keyPair()
    const parsed = utils.parseKey(clientKey.public)
    if (parsed instanceof Error) throw parsed
    this.allowed = parsed
    mkdirSync(opts.dir, { recursive: true })
    writeFileSync(join(opts.dir, 'id_ed25519'), clientKey.private, { mode: 0o600 })
    this.reset()
  }

  static async start(opts: SimOptions): Promise<SimHosts> {
    const sim = new SimHosts(opts)
    await sim.listenAll()
    return sim
  }

  get dir(): string {
    return this.opts.dir
  }

  /** Every host fresh again (no lock, the initial version running), the counters zeroed; a new delay. */
  reset(initialVersion = this.initialVersion, delayMs = this.delayMs): void {
    this.initialVersion = initialVersion
    this.delayMs = delayMs
    for (const h of this.hosts) this.states.set(h, newHostState(initialVersion, this.failing.has(h)))
    Object.assign(this.counters, { maxInFlight: this.counters.inFlight, handshakes: 0, failedHandshakes: 0 })
    this.counters.connections = 0
    this.execs = 0
    this.connectionsPerHost.clear()
    this.cpuAtReset = process.cpuUsage()
  }

  stats(): SimStats {
    const cpu = process.cpuUsage(this.cpuAtReset)
    return {
      maxInFlight: this.counters.maxInFlight,
      handshakes: this.counters.handshakes,
      failedHandshakes: this.counters.failedHandshakes,
      connections: this.counters.connections,
      maxConnectionsPerHost: Math.max(0, ...this.connectionsPerHost.values()),
      execs: this.execs,
      cpuSeconds: (cpu.user + cpu.system) / 1e6
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.listeners.map((l) => new Promise((resolve) => l.close(resolve))))
  }

  private sshServer(host: string): { server: InstanceType<typeof Server>; publicKey: string } {
    const key = keyPair()
    const allowed = this.allowed
    const server = new Server({ hostKeys: [key.private] }, (client) => {
      client.on('error', () => undefined)
      // ssh2 keeps the socket on the connection: the handshake it belongs to ends at 'ready'.
      client.once('ready', () => this.handshakeEnds.get((client as unknown as { _sock: Socket })._sock)?.(true))
      client.on('authentication', (ctx) => {
        const ok = ctx.method === 'publickey' && ctx.key.algo === 'ssh-ed25519'
        if (!ok || !ctx.key.data.equals(allowed.getPublicSSH())) return ctx.reject(['publickey'])
        if (!ctx.signature || !ctx.blob) return ctx.accept() // the client asks whether the key would do
        return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(['publickey'])
      })
      client.on('session', (accept) => {
        accept().on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec()
          this.execs++
          stream.on('data', () => undefined) // stdin: read to its end, as the script's `read`s do
          stream.on('end', () => {
            const state = this.states.get(host)
            if (!state) throw new Error(`no state for ${host}`)
            const result = answer(state, info.command)
            const reply = () => {
              if (result.stdout) stream.write(result.stdout)
              if (result.stderr) stream.stderr.write(result.stderr)
              stream.exit(result.code)
              stream.end()
            }
            const jitter = this.opts.jitterMs ? Math.floor(this.jitter() * this.opts.jitterMs) : 0
            const wait = this.delayMs + jitter
            if (wait > 0) setTimeout(reply, wait)
            else reply()
          })
        })
      })
    })
    return { server, publicKey: key.public }
  }

  /** Counts a handshake from the TCP accept until the client is authenticated (or gone). */
  private track(socket: Socket, server: InstanceType<typeof Server>, host: string): void {
    const c = this.counters
    c.connections++
    this.connectionsPerHost.set(host, (this.connectionsPerHost.get(host) ?? 0) + 1)
    c.inFlight++
    c.maxInFlight = Math.max(c.maxInFlight, c.inFlight)
    let done = false
    const end = (ok: boolean) => {
      if (done) return
      done = true
      c.inFlight--
      if (ok) c.handshakes++
      else c.failedHandshakes++
    }
    socket.once('close', () => end(false))
    this.handshakeEnds.set(socket, end)
    server.injectSocket(socket)
  }

  private async listenAll(): Promise<void> {
    let port = this.opts.port ?? 0
    const lines: string[] = []
    for (const host of this.hosts) {
      const { server, publicKey } = this.sshServer(host)
      const tcp = createServer({ noDelay: true }, (socket) => this.track(socket, server, host))
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject)
        tcp.listen({ host, port, backlog: 4096 }, () => resolve())
      })
      this.listeners.push(tcp)
      port = (tcp.address() as { port: number }).port
      lines.push(`[${host}]:${port} ${publicKey.split(' ').slice(0, 2).join(' ')}`)
    }
    this.port = port
    writeFileSync(join(this.dir, 'known_hosts'), lines.join('\n') + '\n')
    writeFileSync(join(this.dir, 'hosts.json'), JSON.stringify({ port, hosts: this.hosts, failing: [...this.failing] }))
  }
}
