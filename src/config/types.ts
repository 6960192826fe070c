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
}

export interface Registry {
  server?: string
  username?: ValueOrSecret
  password?: ValueOrSecret
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
  envTags: Record<string, EnvSpec>
  volumes: string[]
  /** `proxy` is a jump host: validated, not supported yet. */
  ssh: { user: string; port: number; proxy?: { user: string; host: string }; keysOnly?: boolean }
  boot: { limit?: number | string; wait: number }
  retainContainers: number
  readinessDelay: number
  deployTimeout: number
  drainTimeout: number
  stopTimeout?: number
  maxConcurrentStarts: number
  secretsPath: string
  /** Keys that are read and validated but that this action does not act on yet. */
  ignoredKeys: string[]
  /** Other things the user should know about how this config is used, each shown once. */
  warnings: string[]
  /** The files the config came from, for messages. */
  files: string[]
}
