// Commands for the app containers of a role on a host (Kamal's `app` commands), as exact strings.
import { mergeEnv, secretAlias } from '../config/env.js'
import type { DeployConfig, EnvSpec, Host, LoggingSpec, Role } from '../config/types.js'
import { containerName, imageRef, latestTag, rolePrefix, roleEnvFile } from './naming.js'
import { argumentize, envFileValue, kamalValue, optionize, quote, word } from './shell.js'

/** Root + role env, then the env of each tag the host carries. */
export function envFor(config: DeployConfig, role: Role, host: Host): EnvSpec {
  return mergeEnv(role.env, ...host.tags.map((t) => config.envTags[t]).filter((e): e is EnvSpec => e !== undefined))
}

/** Content of a Kamal env file: `KEY=value` lines; an empty file holds just a newline. */
export function envFileContent(env: EnvSpec, secrets: ReadonlyMap<string, string>): string {
  const lines = env.secret.map((entry) => {
    const { name, source } = secretAlias(entry)
    return `${name}=${envFileValue(secrets.get(source) ?? '')}`
  })
  return lines.length === 0 ? '\n' : lines.join('\n') + '\n'
}

export function loggingArgs(logging: LoggingSpec): string[] {
  if (!logging.driver && Object.keys(logging.options).length === 0) return ['--log-opt max-size="10m"']
  return [
    ...(logging.driver ? [`--log-driver ${kamalValue(logging.driver)}`] : []),
    ...argumentize('--log-opt', logging.options)
  ]
}

/** Kamal's container hostname: the host name (at most 51 characters) plus `-` and 12 hex digits. */
export function containerHostname(host: string, hex12: string): string {
  return `${host.replace(/\.$/, '').slice(0, 51)}-${hex12}`
}

export interface RunAppArgs {
  config: DeployConfig
  role: Role
  host: Host
  version: string
  /** 12 hex digits for the container hostname. */
  hostnameSuffix: string
}

/** `docker run` of a new app container, argument for argument as Kamal builds it. */
export function runApp({ config, role, host, version, hostnameSuffix }: RunAppArgs): string {
  const name = containerName(config, role, version)
  const env = envFor(config, role, host)
  const injected: Record<string, string> = {
    KAMAL_CONTAINER_NAME: name,
    KAMAL_VERSION: version,
    KAMAL_HOST: host.address,
    ...(config.destination ? { KAMAL_DESTINATION: config.destination } : {})
  }
  return [
    'docker run --detach',
    `--restart ${word(role.restart)}`,
    `--name ${word(name)}`,
    '--network kamal',
    `--hostname ${word(containerHostname(host.address, hostnameSuffix))}`,
    ...argumentize('--env', injected),
    ...argumentize('--env', env.clear),
    `--env-file ${word(roleEnvFile(config, role))}`,
    ...loggingArgs(role.logging),
    ...config.volumes.map((v) => `--volume ${v}`),
    ...argumentize('--label', { service: config.service, role: role.name, destination: config.destination ?? '' }),
    ...argumentize('--label', role.labels),
    ...optionize(role.options),
    word(imageRef(config, version)),
    ...(role.cmd ? [role.cmd] : [])
  ].join(' ')
}

/** Container ID(s) of the container with exactly this name, in any state. */
export function containerIdByName(name: string): string {
  return `docker container ls --all --filter ${quote(`name=^${name}$`)} --quiet`
}

/** Kamal's container filters: service, destination (empty without one) and, given a role, role. */
export function containerFilters(config: DeployConfig, role?: Role): string {
  return `--filter label=service=${word(config.service)} --filter label=destination=${config.destination ? word(config.destination) : ''}${role ? ` --filter label=role=${word(role.name)}` : ''}`
}

export function roleFilters(config: DeployConfig, role: Role): string {
  return containerFilters(config, role)
}

/**
 * The newest running container of a role whose image is the one tagged latest, else the newest
 * running one of any image (Kamal's current_running_container), in `format` (`--quiet` for its ID).
 */
export function currentContainer(config: DeployConfig, role: Role, format: 'id' | 'name'): string {
  const f = format === 'id' ? '--quiet' : `--format '\\''{{.Names}}'\\''`
  const filters = `${roleFilters(config, role)} --filter status=running --filter status=restarting`
  const latest = `${config.image}:${latestTag(config)}`
  const inner =
    `docker ps --latest ${f} ${filters} --filter ancestor=$(docker image ls --filter reference=${latest} --format '\\''{{.ID}}'\\'') ; ` +
    `docker ps --latest ${f} ${filters}`
  return `sh -c '${inner}' | head -1`
}

/** `| while read line; do echo ${line#<prefix>-}; done`: container names to versions. */
function versionsFromNames(config: DeployConfig, role: Role): string {
  return `while read line; do echo \${line#${rolePrefix(config, role)}-}; done`
}

/**
 * The version currently running for a role: the newest running container whose image is the one
 * tagged latest, else the newest running one of any image. The version is the name minus the prefix.
 */
export function currentVersion(config: DeployConfig, role: Role): string {
  return `${currentContainer(config, role, 'name')} | ${versionsFromNames(config, role)}`
}

/** Versions of the role's running containers (Kamal's list_versions). */
export function listVersions(config: DeployConfig, role: Role): string {
  return `docker ps ${roleFilters(config, role)} --format "{{.Names}}" | ${versionsFromNames(config, role)}`
}

/**
 * The role's running (or restarting) containers, newest first, one `<id>=<name>` line each: found
 * by the service, role and destination labels (Kamal's `list_versions` filters), so renamed
 * `_replaced_` containers and leftovers of a cancelled deploy are in it too.
 */
export function runningContainers(config: DeployConfig, role: Role, latest = false): string {
  const filters = `${roleFilters(config, role)} --filter status=running --filter status=restarting`
  return latest
    ? `docker ps --latest ${filters} --filter ancestor=${word(`${config.image}:${latestTag(config)}`)} --format '{{.ID}}={{.Names}}'`
    : `docker ps ${filters} --format '{{.ID}}={{.Names}}'`
}

/** Seconds `docker stop` waits: the role's stop_timeout, else drain_timeout for roles without the proxy. */
export function stopTimeout(config: DeployConfig, role: Role): number | undefined {
  return role.stopTimeout ?? config.stopTimeout ?? (role.proxy ? undefined : config.drainTimeout)
}

export function renameContainer(from: string, to: string): string {
  return `docker rename ${word(from)} ${word(to)}`
}

/** Docker's view of a container's health: `healthy`/`unhealthy`/`starting`, else its state (Kamal's format). */
export const HEALTH_FORMAT = '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}'

/**
 * The image's health command as NUL-separated `docker exec` arguments (`/bin/sh -c CMD` for
 * CMD-SHELL, the list for CMD; nothing without a health check), for probing it ourselves.
 */
export const HEALTH_COMMAND_ARGS =
  '{{if .Config.Healthcheck}}{{$t := index .Config.Healthcheck.Test 0}}{{if eq $t "CMD-SHELL"}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Config.Healthcheck.Test 1}}{{"\\x00"}}{{else if eq $t "CMD"}}{{range $i, $a := .Config.Healthcheck.Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}'

export function tagLatest(config: DeployConfig, version: string): string {
  return `docker tag ${word(imageRef(config, version))} ${word(`${config.image}:${latestTag(config)}`)}`
}

// --- Kamal's `app` commands (lib/kamal/commands/app.rb, app/containers.rb, app/images.rb, app/logging.rb, app/proxy.rb)

/** `app details`: the role's running containers. */
export function appInfo(config: DeployConfig, role: Role): string {
  return `docker ps ${roleFilters(config, role)}`
}

/** `app containers`: every container of the app (all roles, any state). */
export function listContainers(config: DeployConfig): string {
  return `docker container ls --all ${containerFilters(config)}`
}

/** `app images`. */
export function listImages(config: DeployConfig): string {
  return `docker image ls ${word(config.image)}`
}

export interface LogOptions {
  /** A container ID instead of the running container's. */
  containerId?: string
  timestamps: boolean
  since?: string
  lines?: number
  grep?: string
  /** Extra grep arguments, one word each (each quoted). */
  grepOptions?: string[]
}

/** The `| grep` tail of Kamal's log commands (its pattern single-quoted, as Kamal writes it). */
function grepTail(o: LogOptions): string {
  return o.grep === undefined
    ? ''
    : ` | grep ${quote(o.grep)}${(o.grepOptions ?? []).map((w) => ` ${word(w)}`).join('')}`
}

/** `app logs`: the running (or given) container's log lines. */
export function appLogs(config: DeployConfig, role: Role, o: LogOptions): string {
  const source =
    o.containerId === undefined ? currentContainer(config, role, 'id') : `sh -c ${quote(`echo ${word(o.containerId)}`)}`
  return `${source} | xargs docker logs${o.timestamps ? ' --timestamps' : ''}${o.since !== undefined ? ` --since ${word(o.since)}` : ''}${o.lines !== undefined ? ` --tail ${o.lines}` : ''} 2>&1${grepTail(o)}`
}

/** `app start`: the container of `version`. */
export function startApp(config: DeployConfig, role: Role, version: string): string {
  return `docker start ${word(containerName(config, role, version))}`
}

/** `app stop` (the running container) or the stop of one version (stale containers). */
export function stopApp(config: DeployConfig, role: Role, version?: string): string {
  const t = stopTimeout(config, role)
  const source =
    version === undefined
      ? currentContainer(config, role, 'id')
      : containerIdByName(containerName(config, role, version))
  return `${source} | xargs docker stop${t === undefined ? '' : ` -t ${t}`}`
}

/** kamal-proxy forgets the service (it then answers 404 for it). */
export function proxyRemove(service: string): string {
  return `docker exec kamal-proxy kamal-proxy remove ${word(service)}`
}

/** `app maintenance`: kamal-proxy answers 503 (with `message`) after draining for `drainTimeout` seconds. */
export function proxyMaintenance(service: string, drainTimeout: number, message?: string): string {
  return `docker exec kamal-proxy kamal-proxy stop ${word(service)} --drain-timeout=${kamalValue(`${drainTimeout}s`)}${message === undefined ? '' : ` --message=${kamalValue(message)}`}`
}

/** `app live`. */
export function proxyResume(service: string): string {
  return `docker exec kamal-proxy kamal-proxy resume ${word(service)}`
}

/** `app remove`: the role's stopped containers. */
export function removeAppContainers(config: DeployConfig, role: Role): string {
  return `docker container prune --force ${roleFilters(config, role)}`
}

/** `app remove`: every image of the app (on hosts where every role goes). */
export function removeAppImages(config: DeployConfig): string {
  return `docker image prune --all --force --filter label=service=${word(config.service)}`
}

/** The name of the role's newest container in any state (what `app start` starts without --version). */
export function newestContainerName(config: DeployConfig, role: Role): string {
  return `docker container ls --all --latest ${roleFilters(config, role)} --format '{{.Names}}'`
}
