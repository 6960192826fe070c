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
}

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

  constructor(
    readonly host: string,
    private readonly creds: Credentials,
    /** Paces the handshakes of a pool (see SshPool); none: start at once. */
    private readonly starts?: StartGate
  ) {}

  connect(): Promise<void> {
    this.connecting ??= this.starts ? this.starts.run(() => this.open()) : this.open()
    return this.connecting
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
      keepaliveInterval: 30_000,
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
      let ready = false
      client.on('ready', () => {
        ready = true
        this.client = client
        resolve()
      })
      client.on('error', (err: Error & { code?: string; level?: string }) => {
        if (ready) return // later errors surface through the channel that was open
        reject(new SshError(this.host, rejection ?? describeConnectError(err, this.creds)))
      })
      client.on('close', () => {
        this.client = undefined
        if (!ready) reject(new SshError(this.host, rejection ?? 'connection closed during handshake'))
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

  /** Runs a command; resolves with its result whatever the exit code. */
  async exec(command: string, opts: { stdin?: string } = {}): Promise<ExecResult> {
    await this.connect()
    await this.acquireChannel()
    try {
      const client = this.client
      if (!client || this.closed) throw new SshError(this.host, 'connection is closed')
      this.execCount++
      const channel = await new Promise<ClientChannel>((resolve, reject) =>
        client.exec(command, (err, ch) => (err ? reject(new SshError(this.host, err.message)) : resolve(ch)))
      )
      return await new Promise<ExecResult>((resolve, reject) => {
        const out: Buffer[] = []
        const err: Buffer[] = []
        channel.on('data', (d: Buffer) => {
          out.push(d)
        })
        channel.stderr.on('data', (d: Buffer) => {
          err.push(d)
        })
        channel.on('error', (e: Error) => reject(new SshError(this.host, e.message)))
        // 'exit' is optional in the protocol and may come before the last data: settle on 'close'.
        channel.on('close', (code: number | null | undefined, signal?: string) => {
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

  close(): void {
    this.closed = true
    this.client?.end()
    this.client = undefined
  }
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

/** All the hosts of a run, connected lazily; at most `limit` handshakes at a time (StartGate). */
export class SshPool {
  private readonly hosts = new Map<string, SshHost>()
  private readonly starts: StartGate

  constructor(
    private readonly creds: Credentials,
    readonly limit: number
  ) {
    this.starts = new StartGate(limit)
  }

  get(host: string): SshHost {
    let h = this.hosts.get(host)
    if (!h) {
      h = new SshHost(host, this.creds, this.starts)
      this.hosts.set(host, h)
    }
    return h
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
