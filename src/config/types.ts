// The typed, validated deploy configuration that commands and flows work from.

/** A value given literally in the config, or the name of a secret to look up. */
export type ValueOrSecret = { literal: string } | { secret: string }

export interface EnvSpec {
  clear: Record<string, string>
  /** `NAME` or `NAME:ALIAS` (the container gets NAME with the value of secret ALIAS). */
  secret: string[]
}

export interface LoggingSpec {
  driver?: string
  options: Record<string, string>
}

/** Docker options as written (`true` = bare flag, arrays repeat the flag). */
export type OptionValue = string | null | string[]
export type Options = Record<string, OptionValue>

export interface Host {
  address: string
  tags: string[]
}

export interface Role {
  name: string
  hosts: Host[]
  cmd?: string
  env: EnvSpec
  /** Root env + role env; tag env is added per host (see `envFor`). */
  options: Options
  restart: string
  labels: Record<string, string>
  logging: LoggingSpec
  /** Runs behind kamal-proxy (the primary role unless `proxy: false`). */
  proxy: boolean
  /** The role's proxy settings (root `proxy` with the role's hash merged over it); set iff `proxy`. */
  proxyConfig?: ProxyConfig
  stopTimeout?: number
}

export interface AccessoryFile {
  local: string
  remote: string
  mode?: string
  owner?: string
  options?: string
}

export interface Accessory {
  name: string
  /** Container name and `service` label, default `<service>-<name>`. */
  service: string
  image: string
  hosts: string[]
  port?: string
  cmd?: string
  env: EnvSpec
  files: AccessoryFile[]
  directories: AccessoryFile[]
  volumes: string[]
  options: Options
  restart: string
  labels: Record<string, string>
  network: string
  logging: LoggingSpec
  registry?: Registry
  /** Behind kamal-proxy under the proxy service name `service`. */
  proxy?: ProxyConfig
}

/** How the kamal-proxy container itself is started (`proxy.run`, Kamal v2.10). */
export interface ProxyRun {
  httpPort: number
  httpsPort: number
  bindIps: string[]
  publish: boolean
  logMaxSize: string
  metricsPort?: number
  debug: boolean
  registry?: string
  repository: string
  version: string
  options: Options
}

/** A role's or accessory's kamal-proxy settings, with Kamal's defaults applied. */
export interface ProxyConfig {
  /** Empty means the wildcard route. */
  hosts: string[]
  appPort: number
  /** `ssl: true` or custom certificates. */
  ssl: boolean
  /** Names of the secrets holding a custom certificate and its key. */
  customCertificate?: { certificatePem: string; privateKeyPem: string }
  sslRedirect?: boolean
  forwardHeaders?: boolean
  responseTimeout?: number
  pathPrefixes: string[]
  stripPathPrefix?: boolean
  healthcheck: { path?: string; interval?: number; timeout?: number }
  buffering: {
    requests: boolean
    responses: boolean
    memory?: number
    maxRequestBody?: number
    maxResponseBody?: number
  }
  logging: { requestHeaders: string[]; responseHeaders: string[] }
  /** Undefined: the legacy boot_config files (or Kamal's defaults) start the proxy. */
  run?: ProxyRun
}

export interface Registry {
  server?: string
  username?: ValueOrSecret
  password?: ValueOrSecret
}

/** The `builder` section with Kamal's defaults (lib/kamal/configuration/builder.rb). */
export interface BuilderConfig {
  /** `amd64`/`arm64`, one or several (never empty: Kamal requires it). */
  arch: string[]
  /** `ssh://user@host` (or any Docker endpoint) of a remote builder for the arches the runner lacks. */
  remote?: string
  /** `local: false`: every arch is built on the remote builder. */
  localDisabled: boolean
  /** `docker-container` (default), `docker`, or `cloud <org>/<builder>` (Docker Build Cloud). */
  driver: string
  /** Only with a valid type (`cache` without a type adds nothing, as in Kamal). */
  cache?: { type: 'gha' | 'registry'; options?: string; image?: string }
  /** Undefined: the working directory (Kamal builds from a fresh clone of HEAD, see flows/build.ts). */
  context?: string
  dockerfile: string
  target?: string
  /** `--build-arg`: a value, `false` (`KEY=false`), or null for a bare `KEY` (taken from the environment). */
  args: Record<string, string | false | null>
  /** Names of secrets passed as `--secret id=NAME`, their values only in the build's environment. */
  secrets: string[]
  ssh?: string
  provenance?: string
  sbom?: string
  /** Cloud Native Buildpacks (`pack build`) instead of a Dockerfile. */
  pack?: { builder: string; buildpacks: string[] }
}
/** Kamal's `hooks_output` levels: `quiet` hides even the start and end lines, `verbose` shows the output. */
export type HookOutputLevel = 'quiet' | 'verbose'
/** A jump host as written: `[user@]host[:port]`. */
export interface JumpSpec {
  user?: string
  host: string
  port?: number
}

/** The `ssh` section (Kamal: lib/kamal/configuration/ssh.rb), as this action acts on it. */
export interface SshSettings {
  /** Always used for the app hosts (Kamal passes them to Net::SSH, so they win over an ssh config file). */
  user: string
  port: number
  /** `ssh.proxy`: the jump hosts, in order (a comma list is a chain, as OpenSSH's `-J`). */
  proxy?: JumpSpec[]
  /** `ssh.proxy_command` (ignored when `proxy` is set, as in Kamal). */
  proxyCommand?: string
  /** `ssh.keys`: key files relative to the working directory (checked to stay inside it). */
  keys: string[]
  /** `ssh.key_data`: secret names holding keys, or (deprecated) literal keys. */
  keyData: ValueOrSecret[]
  /** `ssh.keys_only`: the ssh-agent is not used. */
  keysOnly: boolean
  /** `ssh.config`: OpenSSH config files to read, in order (`~/` is the home directory); empty with `false`. */
  configFiles: string[]
  /** The files were named in the config (a missing one is an error); otherwise Kamal's default, `~/.ssh/config`. */
  configNamed: boolean
  /** `ssh.forward_agent` (default false here: see the README). */
  forwardAgent: boolean
}

export interface DeployConfig {
  service: string
  /** Repository part of the image, e.g. `user/myapp` or `registry:5000/user/myapp`. */
  image: string
  destination?: string
  registry: Registry
  roles: Role[]
  primaryRole: string
  accessories: Accessory[]
  /** Undefined without a `builder` section (then the action cannot build the image). */
  builder?: BuilderConfig
  envTags: Record<string, EnvSpec>
  volumes: string[]
  ssh: SshSettings
  boot: { limit?: number | string; wait: number }
  retainContainers: number
  readinessDelay: number
  deployTimeout: number
  drainTimeout: number
  stopTimeout?: number
  maxConcurrentStarts: number
  secretsPath: string
  /** `aliases`: name → the Kamal command line it stands for (expanded by the action's `command`). */
  aliases: Record<string, string>
  /** Where Kamal's hooks are, relative to the working directory (`hooks_path`, default `.kamal/hooks`). */
  hooksPath: string
  /** `hooks_output`: one level for every hook, or a level per hook name (unset: Kamal's default). */
  hooksOutput?: HookOutputLevel | Record<string, HookOutputLevel>
  /** Keys that are read and validated but that this action does not act on yet. */
  ignoredKeys: string[]
  /** Other things the user should know about how this config is used, each shown once. */
  warnings: string[]
  /** The files the config came from, for messages. */
  files: string[]
}
