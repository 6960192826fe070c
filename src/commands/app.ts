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

export function roleFilters(config: DeployConfig, role: Role): string {
  return `--filter label=service=${word(config.service)} --filter label=destination=${config.destination ? word(config.destination) : ''} --filter label=role=${word(role.name)}`
}

/**
 * The version currently running for a role: the newest running container whose image is the one
 * tagged latest, else the newest running one of any image. The version is the name minus the prefix.
 */
export function currentVersion(config: DeployConfig, role: Role): string {
  const filters = `${roleFilters(config, role)} --filter status=running --filter status=restarting`
  const latest = `${config.image}:${latestTag(config)}`
  const inner =
    `docker ps --latest --format '\\''{{.Names}}'\\'' ${filters} --filter ancestor=$(docker image ls --filter reference=${latest} --format '\\''{{.ID}}'\\'') ; ` +
    `docker ps --latest --format '\\''{{.Names}}'\\'' ${filters}`
  return `sh -c '${inner}' | head -1 | while read line; do echo \${line#${rolePrefix(config, role)}-}; done`
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

/** Docker's view of a container's health: `healthy`/`unhealthy`/`starting`, else its state. */
export const HEALTH_FORMAT = `'{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}'`

/**
 * The image's health command as NUL-separated `docker exec` arguments (`/bin/sh -c CMD` for
 * CMD-SHELL, the list for CMD; nothing without a health check), for probing it ourselves.
 */
export const HEALTH_COMMAND_ARGS =
  '{{if .Config.Healthcheck}}{{$t := index .Config.Healthcheck.Test 0}}{{if eq $t "CMD-SHELL"}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Config.Healthcheck.Test 1}}{{"\\x00"}}{{else if eq $t "CMD"}}{{range $i, $a := .Config.Healthcheck.Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}'

export function tagLatest(config: DeployConfig, version: string): string {
  return `docker tag ${word(imageRef(config, version))} ${word(`${config.image}:${latestTag(config)}`)}`
}
