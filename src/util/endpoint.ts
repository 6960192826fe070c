// How one SSH endpoint is reached: the words the config layer resolves (deploy.yml's ssh section
// and OpenSSH config files) and the transport connects by. Shared by both, so it lives here.

/** Where and how to connect to one host (an app host, or a jump host on the way to one). */
export interface Endpoint {
  /** The name the run knows it by: the host as deploy.yml writes it, or a jump host as written. */
  name: string
  /** What to connect to (OpenSSH's HostName); its host key is looked up under this name and port. */
  address: string
  port: number
  user: string
  route: Route
  /** Private key files an ssh config names for it (IdentityFile), tried after the run's own keys. */
  identityFiles: string[]
  /** IdentitiesOnly: the ssh-agent is not offered to this endpoint. */
  identitiesOnly: boolean
  /** Known-hosts files an ssh config names for it (UserKnownHostsFile), used with the known-hosts input. */
  knownHostsFiles: string[]
  /** ServerAliveInterval / ServerAliveCountMax. */
  keepalive?: { intervalMs: number; countMax: number }
  /** ConnectTimeout. */
  connectTimeoutMs?: number
}

/**
 * `direct`: a TCP connection of its own. `jump`: a channel forwarded by the SSH connection to
 * `via` (one per jump host, shared by every endpoint behind it). `command`: the stdin/stdout of a
 * command run on the runner (`shown` is what messages may print of it: its first word).
 */
export type Route =
  { kind: 'direct' } | { kind: 'jump'; via: Endpoint } | { kind: 'command'; command: string; shown: string }

/** The first word of a command and an ellipsis: a command line may hold a token, so no more is shown. */
export function showCommand(command: string): string {
  const words = command.trim().split(/\s+/)
  return words.length > 1 ? `${words[0]} …` : (words[0] ?? '')
}

/** `a`, `a:2222` — a jump host as messages name it. */
function hopName(ep: Endpoint): string {
  return ep.port === 22 ? ep.name : `${ep.name}:${ep.port}`
}

/** The jump hosts on the way to `ep`, first hop first. */
export function jumpChain(ep: Endpoint): Endpoint[] {
  const chain: Endpoint[] = []
  for (let r = ep.route; r.kind === 'jump'; r = r.via.route) chain.unshift(r.via)
  return chain
}

/** How `ep` is reached: `direct`, `via bastion a → b`, `via proxy command 'cloudflared …'`. */
export function describeRoute(ep: Endpoint): string {
  const chain = jumpChain(ep)
  const first = chain[0] ?? ep
  const tail = first.route.kind === 'command' ? ` (itself via proxy command '${first.route.shown}')` : ''
  if (chain.length > 0) return `via bastion ${chain.map(hopName).join(' → ')}${tail}`
  return ep.route.kind === 'command' ? `via proxy command '${ep.route.shown}'` : 'direct'
}

/** Names one leg for an error: `host 10.0.1.5`, `host 10.0.1.5 via bastion b`, `bastion b`. */
export function legName(ep: Endpoint, role: 'host' | 'bastion'): string {
  const route = describeRoute(ep)
  return `${role} ${role === 'host' ? ep.name : hopName(ep)}${route === 'direct' ? '' : ` ${route}`}`
}
