// How a connection to one endpoint gets its socket: a TCP connection of ssh2's own (direct), a
// channel forwarded by the SSH connection to a jump host (one connection per jump host, shared by
// every host behind it: `direct-tcpip` channels do not count against sshd's MaxSessions, and one
// handshake at the bastion stays clear of its MaxStartups), or the stdin/stdout of a proxy command
// run on the runner through /bin/sh, as OpenSSH runs ProxyCommand (`exec <command>`).
import { spawn, type ChildProcess } from 'node:child_process'
import { Duplex } from 'node:stream'
import { jumpChain, legName, type Endpoint } from '../util/endpoint.js'

/** A connection's socket and what ends it. */
export interface Leg {
  /** ssh2's `sock`; undefined for a direct connection (ssh2 opens the TCP connection itself). */
  sock?: Duplex
  /** Why the connection failed, when the leg knows better than ssh2 (a proxy command's exit and stderr). */
  explain(): Promise<string | undefined>
  /** Ends what the leg started (the proxy command); the forwarded channel closes with its connection. */
  close(): void
}

/** The SSH connection to a jump host, as the hosts behind it use it. */
export interface Tunnel {
  forwardOut(address: string, port: number, timeoutMs: number): Promise<Duplex>
}

/** Where an SshHost stands: its endpoint, whether it is an app host or a jump host, and the jump hosts. */
export interface Reach {
  endpoint: Endpoint
  role: 'host' | 'bastion'
  tunnel(via: Endpoint): Tunnel
}

/** A direct endpoint with the run's user and port (what a host is without any routing). */
export function directEndpoint(host: string, user: string, port: number): Endpoint {
  return {
    name: host,
    address: host,
    port,
    user,
    route: { kind: 'direct' },
    identityFiles: [],
    identitiesOnly: false,
    knownHostsFiles: []
  }
}

const NO_EXPLANATION = () => Promise.resolve(undefined)

/** Opens the socket for `reach.endpoint`: nothing for direct, a forwarded channel, or a proxy command. */
export async function openLeg(reach: Reach, timeoutMs: number): Promise<Leg> {
  const ep = reach.endpoint
  const route = ep.route
  if (route.kind === 'direct') return { explain: NO_EXPLANATION, close: () => undefined }
  if (route.kind === 'command') return spawnProxyCommand(route.command, route.shown)
  // The jump host's own failure (its key, its authentication) is thrown as it is: it names the bastion.
  const sock = await reach.tunnel(route.via).forwardOut(ep.address, ep.port, timeoutMs)
  return { sock, explain: NO_EXPLANATION, close: () => sock.destroy() }
}

/** Every jump host `endpoints` go through, each once, nearest to the runner first. */
export function jumpHostsOf(endpoints: Endpoint[]): Endpoint[] {
  const seen = new Map<string, Endpoint>()
  for (const ep of endpoints) for (const hop of jumpChain(ep)) seen.set(endpointKey(hop), hop)
  return [...seen.values()]
}

/** Identifies a jump host's connection: who, where, and how it is reached itself. */
export function endpointKey(ep: Endpoint): string {
  const how =
    ep.route.kind === 'jump'
      ? `>${endpointKey(ep.route.via)}`
      : ep.route.kind === 'command'
        ? `|${ep.route.command}`
        : ''
  return `${ep.user}@${ep.address}:${ep.port}${how}`
}

/** What a bastion's refusal to open a channel means (sshd sends the reason code and strerror's text). */
export function describeForwardError(err: Error & { reason?: number }, ep: Endpoint): string {
  const text = err.message.replace(/^\(SSH\) Channel open failure: /, '')
  if (err.reason === 1) return 'the bastion does not allow TCP forwarding (sshd AllowTcpForwarding)'
  if (/refused/i.test(text)) return `connection refused (port ${ep.port})`
  if (/no route|unreachable/i.test(text)) return 'host unreachable from the bastion'
  if (/timed out/i.test(text)) return `timed out connecting to port ${ep.port} from the bastion`
  if (/name|not known|resolve/i.test(text)) return 'host name not found by the bastion'
  return text
}

/** The leg's name for errors: `host 10.0.1.5 via bastion b`. */
export function legLabel(reach: Reach): string {
  return legName(reach.endpoint, reach.role)
}

/** How much of a proxy command's stderr is kept (its end), and shown on failure (its last lines). */
const STDERR_KEEP = 8192
const STDERR_LINES = 10

/**
 * Runs a proxy command as OpenSSH does (`/bin/sh -c 'exec <command>'`) in a process group of its
 * own, so that ending it also ends whatever a wrapper script started.
 */
export function spawnProxyCommand(command: string, shown: string): Leg {
  const child = spawn('/bin/sh', ['-c', `exec ${command}`], { stdio: ['pipe', 'pipe', 'pipe'], detached: true })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (d: string) => {
    stderr = (stderr + d).slice(-STDERR_KEEP)
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, signal: null, error }))
    child.on('exit', (code, signal) => resolve({ code, signal }))
  })
  // Writes after the command exited fail with EPIPE: the exit tells the story, not the pipe.
  child.stdin.on('error', () => undefined)
  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin })
  // A pipe closed under it ("premature close") is the command ending: explain() tells that story.
  sock.on('error', () => undefined)
  let closing = false
  let stdoutEnded = false
  child.stdout.on('end', () => (stdoutEnded = true))
  // Explained only when the command ended (or is ending: its stdout closed); otherwise ssh2 says why.
  const explain = async () => {
    if (closing || (!stdoutEnded && child.exitCode === null && child.signalCode === null)) return undefined
    // The command's exit may come just after ssh2 saw its stdout end.
    const timer = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref())
    const result = await Promise.race([exited, timer])
    if (!result) return undefined
    const tail = stderr.trim().split('\n').slice(-STDERR_LINES).join('\n')
    const how = result.error
      ? `could not be started (${result.error.message})`
      : result.signal
        ? `was killed by ${result.signal}`
        : `exited ${result.code}`
    return `proxy command '${shown}' ${how}${tail ? `: ${tail}` : ' (nothing on stderr)'}`
  }
  return { sock, explain, close: () => ((closing = true), endProcess(child)) }
}

/** SIGTERM to the command's process group, SIGKILL 2 s later if it is still there; the run does not wait for it. */
function endProcess(child: ChildProcess): void {
  const pid = child.pid
  child.stdin?.destroy()
  child.stdout?.destroy()
  child.stderr?.destroy()
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s)
    } catch {
      // Already gone.
    }
  }
  signal('SIGTERM')
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) signal('SIGKILL')
  }, 2000)
  timer.unref()
  child.unref()
}
