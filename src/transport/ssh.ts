// One ssh2 connection per host, reused for the whole run. Host keys are verified against
// known_hosts; every command's exit code, stdout and stderr are captured; stdin carries anything
// secret (env files, registry passwords) so it never appears on a remote command line.
import { Client, type ConnectConfig, type ClientChannel } from 'ssh2'
import { hostKeyAlgorithms, keysForHost, verifyHostKey, type parseKnownHosts } from './known-hosts.js'

export interface Credentials {
  user: string
  port: number
  privateKey?: string
  /** Path of an ssh-agent socket (SSH_AUTH_SOCK), used when no key is given. */
  agent?: string
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
  constructor(
    readonly host: string,
    message: string
  ) {
    super(`host ${host}: ${message}`)
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
  /** Why the last connection went away when we did not close it (the next exec connects again). */
  private lost?: string
  /** A connection whose handshake is under way. */
  private handshaking?: Client

  constructor(
    readonly host: string,
    private readonly creds: Credentials
  ) {}

  connect(): Promise<void> {
    this.connecting ??= this.open()
    return this.connecting
  }

  private get silenceMs(): number {
    return this.creds.silenceTimeoutMs ?? DEFAULT_SILENCE_TIMEOUT_MS
  }

  private open(): Promise<void> {
    this.connectStartedAt = performance.now()
    const keys = keysForHost(this.creds.knownHosts, this.host, this.creds.port)
    let rejection: string | undefined
    const algorithms = hostKeyAlgorithms(keys)
    const config: ConnectConfig = {
      host: this.host,
      port: this.creds.port,
      username: this.creds.user,
      readyTimeout: this.creds.connectTimeoutMs,
      // The 4th keepalive interval without an answer ends the connection: silenceMs after the last.
      keepaliveInterval: this.silenceMs / 4,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        const verdict = verifyHostKey(keys, key, this.host, this.creds.port)
        if (!verdict.ok) rejection = verdict.reason
        return verdict.ok
      },
      // Offer only the key types we can verify, so the server cannot pick an unpinned one.
      ...(algorithms.length > 0
        ? { algorithms: { serverHostKey: algorithms as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] } }
        : {}),
      ...(this.creds.privateKey ? { privateKey: this.creds.privateKey } : { agent: this.creds.agent })
    }
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
        if (ready) this.lost ??= describeLostConnection(err, this.silenceMs)
        else reject(new SshError(this.host, rejection ?? describeConnectError(err, this.creds)))
      })
      client.on('close', () => {
        if (this.client === client) {
          this.client = undefined
          // A connection we did not close: the next exec opens a new one.
          if (!this.closed) {
            this.lost ??= 'closed by the remote side'
            this.connecting = undefined
          }
        }
        if (!ready) {
          if (this.handshaking === client) this.handshaking = undefined
          reject(new SshError(this.host, rejection ?? 'connection closed during handshake'))
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
      const channel = await new Promise<ClientChannel>((resolve, reject) =>
        client.exec(command, (err, ch) =>
          err
            ? reject(
                this.lost
                  ? new ConnectionLostError(this.host, this.lost, opts.label)
                  : new SshError(this.host, err.message)
              )
            : resolve(ch)
        )
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
  }
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
    return `authentication failed for user ${creds.user} (publickey); check ssh-private-key and the server's authorized_keys`
  if (/Timed out while waiting for handshake/.test(err.message))
    return `timed out after ${creds.connectTimeoutMs / 1000}s waiting for the SSH handshake`
  if (/Cannot parse privateKey/.test(err.message))
    return `cannot read ssh-private-key (${err.message}); give the whole key in OpenSSH or PEM format, header and footer lines included`
  return err.message
}

/** All the hosts of a run, connected lazily, at most `limit` at a time. */
export class SshPool {
  private readonly hosts = new Map<string, SshHost>()

  constructor(
    private readonly creds: Credentials,
    readonly limit: number
  ) {}

  get(host: string): SshHost {
    let h = this.hosts.get(host)
    if (!h) {
      h = new SshHost(host, this.creds)
      this.hosts.set(host, h)
    }
    return h
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
