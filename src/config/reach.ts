// How each host of a run is reached: deploy.yml's ssh section (Kamal: user, port, proxy,
// proxy_command) over the OpenSSH config files it names (ssh.config). As in Kamal, where the
// config sets `ssh.user`/`ssh.port` (root and 22 when unset) and `ssh.proxy`, those win over the
// files; HostName, ProxyJump, ProxyCommand, IdentityFile and the rest come from the files.
import { describeRoute, showCommand, type Endpoint, type Route } from '../util/endpoint.js'
import { expandTokens, TokenError } from '../util/tokens.js'
import { ConfigError } from './errors.js'
import { parseJumpList } from './ssh.js'
import { lookupHost, type HostOptions, type SshConfigFile, type SshDirective } from './ssh-config.js'
import type { JumpSpec, SshSettings } from './types.js'

/** The runner's side: the home directory (`~`, `%d`) and the user name (`%u`, OpenSSH's default user). */
export interface LocalUser {
  home: string
  user: string
}

/** The ssh_config keys acted on; every other key that applies to a host is named in a warning. */
const ACTED_ON = new Set([
  'host',
  'hostname',
  'user',
  'port',
  'identityfile',
  'identitiesonly',
  'proxyjump',
  'proxycommand',
  'serveraliveinterval',
  'serveralivecountmax',
  'stricthostkeychecking',
  'userknownhostsfile',
  'connecttimeout'
])

/** A chain that loops (a jump host whose own ProxyJump leads back) stops here, as a config error. */
const MAX_HOPS = 8

function fail(message: string): never {
  throw new ConfigError([{ keyPath: 'ssh', message }])
}

function where(d: SshDirective): string {
  return `${d.file}:${d.line}`
}

/** `~/x` and OpenSSH's tokens in a file name (IdentityFile, UserKnownHostsFile). */
function expandPath(d: SshDirective, value: string, tokens: Record<string, string>): string {
  try {
    const path = expandTokens(value, tokens)
    return path === '~' ? (tokens['d'] as string) : path.startsWith('~/') ? `${tokens['d']}${path.slice(1)}` : path
  } catch (e) {
    if (e instanceof TokenError) fail(`${where(d)}: ${d.name} ${value}: ${e.message}`)
    throw e
  }
}

function seconds(d: SshDirective | undefined): number | undefined {
  if (!d) return undefined
  const n = Number(d.values[0])
  if (!Number.isInteger(n) || n < 0) fail(`${where(d)}: ${d.name} should be a number of seconds, not '${d.text}'`)
  return n
}

/** Resolves every host's Endpoint and collects the warnings about the files, each once. */
export class HostRoutes {
  private readonly notes = new Map<string, Set<string>>()

  constructor(
    private readonly ssh: SshSettings,
    private readonly files: SshConfigFile[],
    private readonly local: LocalUser
  ) {
    for (const f of files) for (const n of f.notes) this.note(n, undefined)
  }

  /** An app host: deploy.yml's user and port, its route from ssh.proxy, ssh.proxy_command or the files. */
  forHost(name: string): Endpoint {
    const opts = this.lookup(name)
    this.overridden(opts, 'user', this.ssh.user, name, 'ssh.user')
    this.overridden(opts, 'port', String(this.ssh.port), name, 'ssh.port')
    const address = this.hostName(opts, name)
    const target = { name, address, port: this.ssh.port, user: this.ssh.user }
    let route: Route
    if (this.ssh.proxy) {
      this.overriddenRoute(opts, name, 'ssh.proxy')
      route = this.chain(this.ssh.proxy, 'root', 0)
    } else if (this.ssh.proxyCommand !== undefined) {
      this.overriddenRoute(opts, name, 'ssh.proxy_command')
      route = this.command(this.ssh.proxyCommand, target, 'ssh.proxy_command')
    } else route = this.fileRoute(opts, target, 0)
    return { ...target, route, ...this.common(opts, target) }
  }

  /** Warnings: what the files say that is not acted on, each line once with the hosts it applied to. */
  warnings(): string[] {
    // In the order of the files and their lines (each note starts with `file:line:`).
    const place = (text: string) => {
      const m = /^(.*?):(\d+):/.exec(text)
      return m ? [this.files.findIndex((f) => f.file === m[1]), Number(m[2])] : [-1, 0]
    }
    return [...this.notes]
      .sort(([a], [b]) => {
        const [fa = 0, la = 0] = place(a)
        const [fb = 0, lb = 0] = place(b)
        return fa - fb || la - lb
      })
      .map(([text, hosts]) => (hosts.size > 0 ? `${text} (for ${[...hosts].join(', ')})` : text))
  }

  private note(text: string, host: string | undefined): void {
    const hosts = this.notes.get(text) ?? new Set<string>()
    if (host !== undefined) hosts.add(host)
    this.notes.set(text, hosts)
  }

  private lookup(name: string): HostOptions {
    const opts = lookupHost(this.files, name)
    for (const d of opts.applied) {
      if (!ACTED_ON.has(d.key)) this.note(`${where(d)}: ${d.name} is read but not acted on by this action`, name)
      if (d.key === 'stricthostkeychecking' && !['yes', 'true'].includes(d.text.toLowerCase()))
        this.note(
          `${where(d)}: StrictHostKeyChecking ${d.text} is not followed: host keys are always checked against known-hosts`,
          name
        )
    }
    return opts
  }

  private overridden(opts: HostOptions, key: string, used: string, host: string, setting: string): void {
    const d = opts.first.get(key)
    if (d && d.text !== used)
      this.note(`${where(d)}: ${d.name} ${d.text} is not used: ${setting} (${used}) wins, as in Kamal`, host)
  }

  private overriddenRoute(opts: HostOptions, host: string, setting: string): void {
    for (const key of ['proxyjump', 'proxycommand']) {
      const d = opts.first.get(key)
      if (d && d.text.toLowerCase() !== 'none') this.note(`${where(d)}: ${d.name} is not used: ${setting} wins`, host)
    }
  }

  /** HostName, with `%h` (the name as given) substituted. */
  private hostName(opts: HostOptions, name: string): string {
    const d = opts.first.get('hostname')
    if (!d) return name
    try {
      return expandTokens(d.text, { h: name })
    } catch (e) {
      if (e instanceof TokenError) fail(`${where(d)}: HostName ${d.text}: ${e.message}`)
      throw e
    }
  }

  /** The first of ProxyJump and ProxyCommand a file gives (OpenSSH uses the first obtained); `none` is direct. */
  private fileRoute(opts: HostOptions, target: Omit<Endpoint, 'route' | keyof Common>, depth: number): Route {
    const jump = opts.first.get('proxyjump')
    const command = opts.first.get('proxycommand')
    // Both set: the one obtained first wins (`applied` is in the order the lines were obtained).
    const order = (d: SshDirective | undefined) => (d ? opts.applied.indexOf(d) : Infinity)
    const useJump = jump !== undefined && order(jump) < order(command)
    if (useJump && jump.text.toLowerCase() !== 'none') {
      const hops = parseJumpList(jump.text)
      if (!hops) fail(`${where(jump)}: ProxyJump ${jump.text} should be [user@]host[:port], a comma list for a chain`)
      return this.chain(hops, undefined, depth)
    }
    if (!useJump && command && command.text.toLowerCase() !== 'none')
      return this.command(command.text, target, where(command))
    return { kind: 'direct' }
  }

  /** ssh.proxy_command or ProxyCommand with %h %p %r %n substituted (the target's address, port, user, name). */
  private command(template: string, target: Omit<Endpoint, 'route' | keyof Common>, origin: string): Route {
    try {
      const command = expandTokens(template, {
        h: target.address,
        p: String(target.port),
        r: target.user,
        n: target.name
      })
      return { kind: 'command', command, shown: showCommand(template) }
    } catch (e) {
      if (e instanceof TokenError) fail(`${origin}: ${e.message} in the proxy command`)
      throw e
    }
  }

  /** Jump hosts: the first reached its own way (its own ProxyJump/ProxyCommand), each next one through the one before. */
  private chain(hops: JumpSpec[], defaultUser: string | undefined, depth: number): Route {
    let via: Endpoint | undefined
    for (const hop of hops) via = this.jumpHost(hop, via, defaultUser, depth + 1)
    return { kind: 'jump', via: via as Endpoint }
  }

  private jumpHost(
    spec: JumpSpec,
    previous: Endpoint | undefined,
    defaultUser: string | undefined,
    depth: number
  ): Endpoint {
    if (depth > MAX_HOPS)
      fail(`more than ${MAX_HOPS} jump hosts on the way to ${spec.host}: does a ProxyJump lead back?`)
    const opts = this.lookup(spec.host)
    const portLine = opts.first.get('port')
    const port = spec.port ?? (portLine ? Number(portLine.text) : 22)
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      fail(`${where(portLine as SshDirective)}: Port ${portLine?.text} is not a port`)
    const user = spec.user ?? defaultUser ?? opts.first.get('user')?.text ?? this.local.user
    const target = { name: spec.host, address: this.hostName(opts, spec.host), port, user }
    const route: Route = previous ? { kind: 'jump', via: previous } : this.fileRoute(opts, target, depth)
    return { ...target, route, ...this.common(opts, target) }
  }

  /** IdentityFile, IdentitiesOnly, UserKnownHostsFile, ServerAlive*, ConnectTimeout. */
  private common(opts: HostOptions, target: Omit<Endpoint, 'route' | keyof Common>): Common {
    const tokens = {
      d: this.local.home,
      u: this.local.user,
      h: target.address,
      p: String(target.port),
      r: target.user,
      n: target.name
    }
    const known = opts.first.get('userknownhostsfile')
    const interval = seconds(opts.first.get('serveraliveinterval'))
    const countMax = seconds(opts.first.get('serveralivecountmax'))
    const timeout = seconds(opts.first.get('connecttimeout'))
    return {
      identityFiles: opts.identityFiles
        .filter((d) => d.text.toLowerCase() !== 'none')
        .map((d) => expandPath(d, d.text, tokens)),
      identitiesOnly: ['yes', 'true'].includes(opts.first.get('identitiesonly')?.text.toLowerCase() ?? ''),
      knownHostsFiles: known
        ? known.values.filter((v) => v.toLowerCase() !== 'none').map((v) => expandPath(known, v, tokens))
        : [],
      ...(interval !== undefined && interval > 0
        ? { keepalive: { intervalMs: interval * 1000, countMax: countMax ?? 3 } }
        : {}),
      ...(timeout !== undefined && timeout > 0 ? { connectTimeoutMs: timeout * 1000 } : {})
    }
  }
}

type Common = Pick<Endpoint, 'identityFiles' | 'identitiesOnly' | 'knownHostsFiles' | 'keepalive' | 'connectTimeoutMs'>

/** Every host's route in words, for the log, the summary and the plan. */
export function routesInWords(endpoints: Endpoint[]): Map<string, string> {
  return new Map(endpoints.map((ep) => [ep.name, describeRoute(ep)]))
}
