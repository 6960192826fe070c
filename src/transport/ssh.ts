// One ssh2 connection per host, reused for the whole run. Host keys are verified against
// known_hosts; every command's exit code, stdout and stderr are captured; stdin carries anything
// secret (env files, registry passwords) so it never appears on a remote command line.
import type { Duplex } from 'node:stream'
import ssh2, { Client, type AnyAuthMethod, type ParsedKey, type ConnectConfig, type ClientChannel } from 'ssh2'
import type { Endpoint } from '../util/endpoint.js'
import { hostKeyAlgorithms, keysForHost, parseKnownHosts, verifyHostKey } from './known-hosts.js'
import {
  describeForwardError,
  directEndpoint,
  endpointKey,
  jumpHostsOf,
  legLabel,
  openLeg,
  type Leg,
  type Reach,
  type Tunnel
} from './route.js'

export interface Credentials {
  user: string
  port: number
  /** Private keys (OpenSSH or PEM text), offered in order before the agent. */
  privateKeys: string[]
  /** Path of an ssh-agent socket (SSH_AUTH_SOCK), offered after the keys; unset with ssh.keys_only. */
  agent?: string
  /** ssh.forward_agent: the agent is forwarded to the app hosts (only with `agent`). */
  forwardAgent?: boolean
  /** Files an ssh config names (IdentityFile, UserKnownHostsFile), read by the caller: path → text. */
  files?: ReadonlyMap<string, string>
  knownHosts: ReturnType<typeof parseKnownHosts>
  connectTimeoutMs: number
  /**
   * How long a connected host may stay silent before it counts as lost (default 40 s): ssh2 sends
   * a keepalive every quarter of it, and gives up after 3 unanswered ones.
   */
  silenceTimeoutMs?: number
}

/** A host that stopped answering is found within this, unless the run allows more (`ssh-timeout`). */
export const DEFAULT_SILENCE_TIMEOUT_MS = 40_000

export interface ExecResult {
  code: number | null
  signal?: string
  stdout: string
  stderr: string
}

export class SshError extends Error {
  /** `leg` names the connection that failed when it is not the host's own: `host X via bastion B`, `bastion B`. */
  constructor(
    readonly host: string,
    message: string,
    leg = `host ${host}`
  ) {
    super(`${leg}: ${message}`)
    this.name = 'SshError'
  }
}

/** The connection went away while a command ran: its result, and the host's state, are unknown. */
export class ConnectionLostError extends SshError {
  constructor(host: string, reason: string, during?: string) {
    super(host, `connection lost (${reason})${during ? ` during ${during}` : ''}`)
    this.name = 'ConnectionLostError'
  }
}

/** A command ran longer than its bound; its channel was closed. */
export class ExecTimeoutError extends SshError {
  constructor(host: string, seconds: number, during?: string) {
    super(host, `${during ?? 'command'} did not finish within ${seconds} s; gave up on it`)
    this.name = 'ExecTimeoutError'
  }
}

export interface ExecOptions {
  stdin?: string
  /** What the command is, for error messages (`boot web v2`). */
  label?: string
  /** Give up on the command (close its channel) after this long. */
  timeoutMs?: number
  /** Each piece of stdout as it comes (the result has all of it too). */
  onStdout?: (chunk: Buffer) => void
}

/** OpenSSH allows 10 sessions per connection (MaxSessions); stay below it. */
const MAX_CHANNELS = 8

export class SshHost {
  /** Every exec this run sent to the host (the round-trip count the benchmark reports). */
  execCount = 0
  /** When the TCP connection was started, in ms since the process started (for start-up timing). */
  connectStartedAt?: number
  private client?: Client
  private connecting?: Promise<void>
  private active = 0
  private waiting: (() => void)[] = []
  private closed = false
  private leg?: Leg
  /** Why the last connection went away when we did not close it (the next exec connects again). */
  private lost?: string
  /** A connection whose handshake is under way. */
  private handshaking?: Client

  constructor(
    readonly host: string,
    private readonly creds: Credentials,
    private readonly reach: Reach = {
      endpoint: directEndpoint(host, creds.user, creds.port),
      role: 'host',
      tunnel: () => {
        throw new Error('no jump hosts')
      }
    },
    /** Paces the handshakes of a pool (see SshPool); none: start at once. */
    private readonly starts?: StartGate,
    /** Counts the pool's execs whose channel is opening (see ExecStarts). */
    private readonly execs?: ExecStarts
  ) {}

  connect(): Promise<void> {
    this.connecting ??= this.starts ? this.starts.run(() => this.open()) : this.open()
    return this.connecting
  }

  private get silenceMs(): number {
    return this.creds.silenceTimeoutMs ?? DEFAULT_SILENCE_TIMEOUT_MS
  }

  private async open(): Promise<void> {
    this.connectStartedAt = performance.now()
    // Where and how (route.ts): the endpoint's address, user and port, and its socket.
    const ep = this.reach.endpoint
    const creds = { ...this.creds, ...endpointCredentials(this.creds, ep) }
    const label = legLabel(this.reach)
    const leg = await openRoute(this.reach, creds.connectTimeoutMs, label, this.host)
    this.leg = leg
    if (this.closed) {
      leg.close()
      throw new SshError(this.host, 'connection is closed', label)
    }
    const keys = keysForHost(creds.knownHosts, ep.address, ep.port)
    // An ssh config's ServerAlive* settings, else ssh-timeout: a keepalive every quarter of it.
    const keepalive = ep.keepalive ?? { intervalMs: this.silenceMs / 4, countMax: 3 }
    const silence = keepalive.intervalMs * (keepalive.countMax + 1)
    let rejection: string | undefined
    const algorithms = hostKeyAlgorithms(keys)
    const config: ConnectConfig = {
      host: ep.address,
      port: ep.port,
      username: ep.user,
      readyTimeout: creds.connectTimeoutMs,
      // The (countMax+1)th keepalive interval without an answer ends the connection (see silence).
      keepaliveInterval: keepalive.intervalMs,
      keepaliveCountMax: keepalive.countMax,
      hostVerifier: (key: Buffer) => {
        const verdict = verifyHostKey(keys, key, ep.address, ep.port)
        if (!verdict.ok) rejection = verdict.reason
        return verdict.ok
      },
      // Offer only the key types we can verify, so the server cannot pick an unpinned one.
      ...(algorithms.length > 0
        ? { algorithms: { serverHostKey: algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] } }
        : {}),
      ...authConfig(creds, ep, this.reach.role),
      ...(leg.sock ? { sock: leg.sock } : {})
    }
    // A proxy command that ended says why (its exit and stderr) better than ssh2 can.
    const failure = (fallback: string) =>
      leg
        .explain()
        .then((why) =>
          why
            ? new SshError(this.host, why, `${this.reach.role} ${this.host}`)
            : new SshError(this.host, rejection ?? fallback, label)
        )
    return new Promise((resolve, reject) => {
      const client = new Client()
      this.handshaking = client
      let ready = false
      client.on('ready', () => {
        ready = true
        this.handshaking = undefined
        if (this.closed) {
          client.destroy()
          reject(new SshError(this.host, 'connection is closed'))
          return
        }
        this.client = client
        this.lost = undefined
        resolve()
      })
      client.on('error', (err: Error & { code?: string; level?: string }) => {
        // Later errors end the connection: the channels that were open close and name the reason.
        if (ready) this.lost ??= describeLostConnection(err, silence)
        else void failure(describeConnectError(err, creds)).then(reject)
      })
      client.on('close', () => {
        if (this.client === client) {
          this.client = undefined
          // A connection we did not close: the next exec opens a new one (and a new leg).
          if (!this.closed) {
            this.lost ??= 'closed by the remote side'
            this.connecting = undefined
            leg.close()
          }
        }
        if (!ready) {
          if (this.handshaking === client) this.handshaking = undefined
          void failure('connection closed during handshake').then(reject)
        }
      })
      client.connect(config)
      // Without TCP_NODELAY, Nagle's algorithm holds each small SSH packet (channel open, exec
      // request, stdin) until the previous one is acknowledged: ~90 ms per exec on a delayed-ACK
      // peer, paid on every round trip. The socket exists once connect() returns.
      client.setNoDelay(true)
    })
  }

  private async acquireChannel(): Promise<void> {
    if (this.active < MAX_CHANNELS) {
      this.active++
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  private releaseChannel(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.active--
  }

  /**
   * Runs a command; resolves with its result whatever the exit code. Rejects when the connection
   * goes away while it runs (ConnectionLostError) or it outlives `timeoutMs` (ExecTimeoutError).
   */
  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    await this.connect()
    await this.acquireChannel()
    try {
      const client = this.client
      if (!client || this.closed)
        throw this.lost
          ? new ConnectionLostError(this.host, this.lost, opts.label)
          : new SshError(this.host, 'connection is closed')
      this.execCount++
      this.execs?.opening()
      const channel = await new Promise<ClientChannel>((resolve, reject) =>
        client.exec(command, (err, ch) => {
          this.execs?.opened()
          if (err)
            reject(
              this.lost
                ? new ConnectionLostError(this.host, this.lost, opts.label)
                : new SshError(this.host, err.message)
            )
          else resolve(ch)
        })
      )
      return await new Promise<ExecResult>((resolve, reject) => {
        const out: Buffer[] = []
        const err: Buffer[] = []
        let timedOut = false
        const timer =
          opts.timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                timedOut = true
                channel.close()
              }, opts.timeoutMs)
        channel.on('data', (d: Buffer) => {
          out.push(d)
          opts.onStdout?.(d)
        })
        channel.stderr.on('data', (d: Buffer) => {
          err.push(d)
        })
        channel.on('error', (e: Error) => reject(new SshError(this.host, e.message)))
        // 'exit' is optional in the protocol and may come before the last data: settle on 'close'.
        channel.on('close', (code: number | null | undefined, signal?: string) => {
          clearTimeout(timer)
          const exited = typeof code === 'number' || signal !== undefined
          if (!exited && timedOut)
            reject(new ExecTimeoutError(this.host, Math.round((opts.timeoutMs ?? 0) / 1000), opts.label))
          else if (!exited && this.lost) reject(new ConnectionLostError(this.host, this.lost, opts.label))
          else
            resolve({
              code: typeof code === 'number' ? code : null,
              signal,
              stdout: Buffer.concat(out).toString('utf8'),
              stderr: Buffer.concat(err).toString('utf8')
            })
        })
        if (opts.stdin !== undefined) channel.end(opts.stdin)
        else channel.end()
      })
    } finally {
      this.releaseChannel()
    }
  }

  /** A channel to `address:port` forwarded by this host (a jump host), for a connection behind it. */
  async forwardOut(address: string, port: number, timeoutMs: number): Promise<Duplex> {
    await this.connect()
    const client = this.client
    if (!client || this.closed) throw new SshError(this.host, 'connection is closed', legLabel(this.reach))
    return new Promise<Duplex>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs / 1000}s connecting to port ${port} from the bastion`)),
        timeoutMs
      )
      client.forwardOut('127.0.0.1', 0, address, port, (err, channel) => {
        clearTimeout(timer)
        if (err) reject(err)
        else resolve(channel)
      })
    })
  }

  /**
   * Ends the connection (and a handshake still under way). A host that stopped answering never
   * acknowledges the goodbye, and its half-closed socket would keep the process alive for the
   * kernel's retries (minutes): the socket is destroyed CLOSE_GRACE_MS later in any case.
   */
  close(): void {
    this.closed = true
    for (const client of [this.client, this.handshaking]) {
      if (!client) continue
      client.end()
      setTimeout(() => client.destroy(), CLOSE_GRACE_MS).unref()
    }
    this.client = undefined
    this.handshaking = undefined
    this.leg?.close()
  }
}

/** The endpoint's user, port and timeout, and the known-hosts lines its ssh config adds. */
function endpointCredentials(creds: Credentials, ep: Endpoint): Partial<Credentials> {
  const extra = ep.knownHostsFiles.flatMap((f) => parseKnownHosts(creds.files?.get(f) ?? ''))
  return {
    user: ep.user,
    port: ep.port,
    connectTimeoutMs: ep.connectTimeoutMs ?? creds.connectTimeoutMs,
    ...(extra.length > 0 ? { knownHosts: [...creds.knownHosts, ...extra] } : {})
  }
}

/** The socket for the endpoint, or an error naming the leg that failed (a jump host names itself). */
async function openRoute(reach: Reach, timeoutMs: number, label: string, host: string): Promise<Leg> {
  try {
    return await openLeg(reach, timeoutMs)
  } catch (e) {
    if (e instanceof SshError) throw e
    const err = e as Error & { reason?: number }
    throw new SshError(
      host,
      /Channel open failure/.test(err.message) ? describeForwardError(err, reach.endpoint) : err.message,
      label
    )
  }
}

/** Every key in order (the run's own, then the endpoint's IdentityFiles), then the agent unless IdentitiesOnly. */
function authConfig(creds: Credentials, ep: Endpoint, role: Reach['role']): Partial<ConnectConfig> {
  const keys = [...creds.privateKeys, ...ep.identityFiles.flatMap((f) => creds.files?.get(f) ?? [])]
  const agent = ep.identitiesOnly ? undefined : creds.agent
  const methods: AnyAuthMethod[] = keys.map((key) => ({ type: 'publickey', username: ep.user, key }))
  if (agent) methods.push({ type: 'agent', username: ep.user, agent })
  // The agent is forwarded to app hosts only, never to a jump host (which only forwards TCP).
  const forward = creds.forwardAgent === true && agent !== undefined && role === 'host'
  return { authHandler: methods, ...(forward ? { agent, agentForward: true } : {}) }
}

/** How long a closing connection may wait for the host's goodbye. */
const CLOSE_GRACE_MS = 1000

/** Why an established connection ended, as the error on the command that was running says it. */
function describeLostConnection(err: Error & { code?: string; level?: string }, silenceMs: number): string {
  if (err.level === 'client-timeout') return `no answer for ${Math.round(silenceMs / 1000)} s`
  if (err.code === 'ECONNRESET') return 'reset by the remote side'
  if (err.code === 'EPIPE') return 'closed by the remote side'
  return err.message
}

function describeConnectError(err: Error & { code?: string; level?: string }, creds: Credentials): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `connection refused (port ${creds.port})`
    case 'EHOSTUNREACH':
      return 'host unreachable'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found'
    case 'ETIMEDOUT':
      return `timed out connecting to port ${creds.port}`
  }
  if (err.level === 'client-authentication')
    return `authentication failed for user ${creds.user} (publickey); check ssh-private-key (or ssh.keys, ssh.key_data, the agent) and the server's authorized_keys`
  if (/Timed out while waiting for handshake/.test(err.message))
    return `timed out after ${creds.connectTimeoutMs / 1000}s waiting for the SSH handshake`
  if (/Cannot parse privateKey/.test(err.message))
    return `cannot read ssh-private-key (${err.message}); give the whole key in OpenSSH or PEM format, header and footer lines included`
  return err.message
}

/** Why ssh2 cannot use `text` as a private key (unreadable, or encrypted: no passphrase can be given), if it cannot. */
export function privateKeyProblem(text: string): string | undefined {
  // ssh2 is CommonJS: its `utils` is reached through the default export.
  const parsed = ssh2.utils.parseKey(text)
  if (parsed instanceof Error)
    return /passphrase/i.test(parsed.message)
      ? 'the key is encrypted, and this action cannot give a passphrase: use a key without one, or an ssh-agent holding it'
      : `${parsed.message}; give the whole key in OpenSSH or PEM format, header and footer lines included`
  const key: ParsedKey | undefined = Array.isArray(parsed) ? (parsed as ParsedKey[])[0] : parsed
  return key?.isPrivateKey() ? undefined : 'not a private key'
}

/**
 * At most `limit` SSH handshakes in flight (TCP connect to authenticated), the others wait their
 * turn: Kamal's `sshkit.max_concurrent_starts` semaphore around `Net::SSH.start`. Only the start is
 * paced; an open connection does not hold a slot, and ssh2's readyTimeout starts once a slot is held.
 */
export class StartGate {
  private running = 0
  private readonly queue: (() => void)[] = []

  constructor(readonly limit: number) {}

  async run<T>(start: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve))
    else this.running++
    try {
      return await start()
    } finally {
      const next = this.queue.shift()
      if (next) next()
      else this.running--
    }
  }
}

/**
 * Tells when every exec asked for so far runs on its host (its channel open, the command sent):
 * the action loads what it does not need before then (@actions/core, ≈ 50 ms of CPU) only at that
 * moment, so that the loading holds up no handshake or channel opening.
 */
export class ExecStarts {
  private pending = 0
  private waiting: (() => void)[] = []

  opening(): void {
    this.pending++
  }

  opened(): void {
    this.pending--
    if (this.pending > 0) return
    const waiting = this.waiting
    this.waiting = []
    for (const fn of waiting) fn()
  }

  /** Calls `fn` once, the next time no exec is opening after one was. */
  once(fn: () => void): void {
    this.waiting.push(fn)
  }
}

/** All the hosts of a run, connected lazily; at most `limit` handshakes at a time (StartGate). */
export class SshPool {
  private readonly hosts = new Map<string, SshHost>()
  private readonly execs = new ExecStarts()
  /** One connection per jump host, shared by every host behind it (not paced: a host waiting
   * for its bastion must not hold the start slot the bastion needs). */
  private readonly jumps = new Map<string, SshHost>()
  private readonly starts: StartGate

  /** `endpoint` says how each host is reached (default: directly, with the credentials' user and port). */
  constructor(
    private readonly creds: Credentials,
    readonly limit: number,
    private readonly endpoint: (host: string) => Endpoint = (host) => directEndpoint(host, creds.user, creds.port)
  ) {
    this.starts = new StartGate(limit)
  }

  get(host: string): SshHost {
    let h = this.hosts.get(host)
    if (!h) {
      h = new SshHost(host, this.creds, this.reach(this.endpoint(host), 'host'), this.starts, this.execs)
      this.hosts.set(host, h)
    }
    return h
  }

  private reach(endpoint: Endpoint, role: Reach['role']): Reach {
    return { endpoint, role, tunnel: (via) => this.jumpHost(via) }
  }

  private jumpHost(via: Endpoint): SshHost & Tunnel {
    const key = endpointKey(via)
    let h = this.jumps.get(key)
    if (!h) {
      h = new SshHost(via.name, this.creds, this.reach(via, 'bastion'))
      this.jumps.set(key, h)
    }
    return h
  }

  /**
   * Connects every jump host the hosts go through and throws the first failure (`bastion B: …`):
   * an unknown or changed bastion key stops the run before any host is touched.
   */
  async jumpHostsReady(hosts: string[]): Promise<void> {
    const hops = jumpHostsOf(hosts.map((h) => this.endpoint(h)))
    const settled = await Promise.allSettled(hops.map((hop) => this.jumpHost(hop).connect()))
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
    if (failed) throw failed.reason
  }

  /**
   * Connects to every host (at most `limit` handshakes at once) and returns the hosts that failed,
   * each with its error: the preflight before anything runs anywhere.
   */
  async connectAll(hosts: string[]): Promise<{ host: string; error: unknown }[]> {
    const settled = await eachLimited(hosts, this.limit, (h) => this.get(h).connect())
    return hosts.flatMap((host, i) => {
      const s = settled[i]
      const error: unknown = s?.status === 'rejected' ? s.reason : undefined
      return s?.status === 'rejected' ? [{ host, error }] : []
    })
  }

  /** Calls `fn` once every exec asked for so far runs on its host (see ExecStarts). */
  whenExecsStarted(fn: () => void): void {
    this.execs.once(fn)
  }

  execCounts(): Record<string, number> {
    return Object.fromEntries([...this.hosts].map(([name, h]) => [name, h.execCount]))
  }

  /** ms from process start to the first SSH connection attempt. */
  firstConnectMs(): number | undefined {
    const times = [...this.hosts.values()].map((h) => h.connectStartedAt).filter((t): t is number => t !== undefined)
    return times.length > 0 ? Math.min(...times) : undefined
  }

  closeAll(): void {
    for (const h of this.hosts.values()) h.close()
    for (const h of this.jumps.values()) h.close()
  }
}

/**
 * Runs `fn` for every item, at most `limit` at once, and waits for all of them (fail slow: every
 * host gets to finish and every failure is reported), returning each outcome.
 */
export async function eachLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = []
  const queue = items.entries()
  const worker = async () => {
    for (const [i, item] of queue) {
      try {
        results[i] = { status: 'fulfilled', value: await fn(item) }
      } catch (reason) {
        results[i] = { status: 'rejected', reason }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
