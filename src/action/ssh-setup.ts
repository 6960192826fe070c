// The run's SSH side, prepared before the first connection: which OpenSSH config files apply
// (ssh.config), how each host is reached (directly, through jump hosts, or a proxy command), the
// keys (the ssh-private-key input, ssh.key_data, ssh.keys, IdentityFile) and the agent, and the
// known-hosts lines. Everything that is wrong stops the run here, before any host is touched.
import { existsSync, readFileSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { ConfigError } from '../config/errors.js'
import { LocalFileError, readInside } from '../config/paths.js'
import { HostRoutes, type LocalUser } from '../config/reach.js'
import { parseSshConfig, type SshConfigFile } from '../config/ssh-config.js'
import type { DeployConfig } from '../config/types.js'
import { describeRoute, jumpChain, type Endpoint } from '../util/endpoint.js'
import { parseKnownHosts } from '../transport/known-hosts.js'
import { privateKeyProblem, type Credentials } from '../transport/ssh.js'
import type { Inputs } from './inputs.js'

type Env = Record<string, string | undefined>

export interface SshRoutes {
  /** How each host is reached (resolved once; every host of the run is resolved up front). */
  endpoint: (host: string) => Endpoint
  /** Host → `direct`, `via bastion b`, `via proxy command 'x …'`. */
  routes: Map<string, string>
  /** What the ssh config files say that is not acted on, each once. */
  warnings: string[]
}

function localUser(env: Env): LocalUser {
  let user = env['USER'] ?? ''
  try {
    user = userInfo().username
  } catch {
    // No passwd entry (some containers): $USER it is.
  }
  return { home: env['HOME'] || homedir(), user }
}

/** `~/x` is the home directory's, a relative path the working directory's. */
function localPath(path: string, workingDirectory: string, home: string): string {
  if (path === '~') return home
  if (path.startsWith('~/')) return join(home, path.slice(2))
  return isAbsolute(path) ? path : join(workingDirectory, path)
}

/** The OpenSSH config files ssh.config names (Kamal's default: `~/.ssh/config`, when there is one). */
function readSshConfigs(config: DeployConfig, workingDirectory: string, home: string): SshConfigFile[] {
  const files: SshConfigFile[] = []
  for (const name of config.ssh.configFiles) {
    const path = localPath(name, workingDirectory, home)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      if (!config.ssh.configNamed && (e as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw new ConfigError([{ keyPath: 'ssh/config', message: `cannot read ${name} (${(e as Error).message})` }], {
        cause: e
      })
    }
    files.push(parseSshConfig(text, name))
  }
  return files
}

/** Resolves how every host is reached; a bad ProxyJump, token or file is a ConfigError now. */
export function sshRoutes(config: DeployConfig, hosts: string[], workingDirectory: string, env: Env): SshRoutes {
  const local = localUser(env)
  const resolver = new HostRoutes(config.ssh, readSshConfigs(config, workingDirectory, local.home), local)
  const endpoints = new Map<string, Endpoint>()
  const endpoint = (host: string) => {
    let ep = endpoints.get(host)
    if (!ep) endpoints.set(host, (ep = resolver.forHost(host)))
    return ep
  }
  const routes = new Map(hosts.map((h) => [h, describeRoute(endpoint(h))]))
  return { endpoint, routes, warnings: resolver.warnings() }
}

/** The keys of the run, in the order they are offered: the input, ssh.key_data, ssh.keys. */
function runKeys(inputs: Inputs, config: DeployConfig, secrets: ReadonlyMap<string, string>, workingDirectory: string) {
  const keys: { from: string; text: string }[] = []
  if (inputs.sshPrivateKey) keys.push({ from: 'Input ssh-private-key', text: inputs.sshPrivateKey })
  config.ssh.keyData.forEach((k, i) => {
    const text = 'secret' in k ? secrets.get(k.secret) : k.literal
    if (text)
      keys.push({ from: `ssh.key_data[${i}]${'secret' in k ? ` (secret ${k.secret})` : ''}`, text: tidyKey(text) })
  })
  for (const path of config.ssh.keys) {
    let text: string
    try {
      // Inside the working directory (symlinks followed), and no bigger than a key file can be.
      text = readInside(workingDirectory, path, 64 * 1024).toString('utf8')
    } catch (e) {
      if (!(e instanceof LocalFileError)) throw e
      throw new ConfigError([{ keyPath: 'ssh/keys', message: `${path}: ${e.problem}` }], { cause: e })
    }
    keys.push({ from: `ssh.keys ${path}`, text: tidyKey(text) })
  }
  for (const k of keys) {
    const problem = privateKeyProblem(k.text)
    if (problem) throw new Error(`${k.from}: cannot be used as an SSH key: ${problem}`)
  }
  return keys.map((k) => k.text)
}

/** Keys pasted into secrets often lose their final newline or gain CRLFs; ssh2 wants neither. */
function tidyKey(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim() + '\n'
}

/**
 * The files the endpoints' ssh config names: IdentityFile (missing or unusable ones are skipped
 * with a warning, as OpenSSH skips them) and UserKnownHostsFile (missing ones hold no keys).
 */
function endpointFiles(endpoints: Endpoint[], warnings: string[]): { files: Map<string, string>; identities: number } {
  const files = new Map<string, string>()
  let identities = 0
  const all = endpoints.flatMap((ep) => [...jumpChain(ep), ep])
  for (const path of new Set(all.flatMap((ep) => ep.identityFiles))) {
    if (!existsSync(path)) continue
    try {
      const text = tidyKey(readFileSync(path, 'utf8'))
      const problem = privateKeyProblem(text)
      if (problem) warnings.push(`IdentityFile ${path}: not used: ${problem}`)
      else {
        files.set(path, text)
        identities++
      }
    } catch (e) {
      warnings.push(`IdentityFile ${path}: not used: ${(e as Error).message}`)
    }
  }
  for (const path of new Set(all.flatMap((ep) => ep.knownHostsFiles))) {
    try {
      files.set(path, readFileSync(path, 'utf8'))
    } catch {
      // No file, no keys.
    }
  }
  return { files, identities }
}

/** The run's credentials: keys, agent and known-hosts lines, for every endpoint of `hosts`. */
export function sshCredentials(
  inputs: Inputs,
  config: DeployConfig,
  env: Env,
  opts: { workingDirectory: string; secrets: ReadonlyMap<string, string>; routes: SshRoutes; hosts: string[] }
): { creds: Credentials; warnings: string[] } {
  const warnings: string[] = []
  let knownHostsText = inputs.knownHosts
  if (!knownHostsText) {
    try {
      knownHostsText = readFileSync(join(localUser(env).home, '.ssh', 'known_hosts'), 'utf8')
    } catch {
      knownHostsText = ''
    }
  }
  const privateKeys = runKeys(inputs, config, opts.secrets, opts.workingDirectory)
  const { files, identities } = endpointFiles(opts.hosts.map(opts.routes.endpoint), warnings)
  const agent = config.ssh.keysOnly ? undefined : env['SSH_AUTH_SOCK'] || undefined
  if (privateKeys.length === 0 && !agent && identities === 0)
    throw new Error(
      `No SSH key: the ssh-private-key input is empty, ssh.keys and ssh.key_data name none, and ${config.ssh.keysOnly ? 'ssh.keys_only rules out the ssh-agent' : 'no ssh-agent is running (SSH_AUTH_SOCK)'}: give the deploy key`
    )
  if (config.ssh.forwardAgent && !agent)
    warnings.push(
      'ssh.forward_agent: nothing is forwarded without an ssh-agent (SSH_AUTH_SOCK); keys given as text or files are not forwarded'
    )
  return {
    creds: {
      user: config.ssh.user,
      port: config.ssh.port,
      privateKeys,
      agent,
      forwardAgent: config.ssh.forwardAgent,
      knownHosts: parseKnownHosts(knownHostsText),
      connectTimeoutMs: 20_000,
      silenceTimeoutMs: inputs.sshTimeoutSeconds * 1000,
      files
    },
    warnings
  }
}
