// Kamal's `app exec` (lib/kamal/commands/app/execution.rb): a command in a new container of the
// role (`docker run --rm`, with the role's env, env file, logging, volumes and options) or, with
// `--reuse`, in the running one (`docker exec`). The command line is appended as Kamal appends it:
// unquoted, so the host's shell splits it into words as it does for `kamal app exec`.
import type { DeployConfig, Host, Role } from '../config/types.js'
import { currentVersion, envFor, loggingArgs } from './app.js'
import { imageRef, rolePrefix, roleEnvFile } from './naming.js'
import { argumentize, optionize, quote, quietly, word } from './shell.js'

export interface ExecArgs {
  config: DeployConfig
  role: Role
  host: Host
  /** The image tag: the version asked for, else Kamal's `latest[-destination]`. */
  version: string
  /** 6 hex digits that make the container name unique. */
  hex6: string
  /** The command line, appended as it is. */
  command: string
}

/** Kamal's `execute_in_new_container`, argument for argument. */
export function execInNewContainer({ config, role, host, version, hex6, command }: ExecArgs): string {
  return [
    'docker run --rm',
    `--name ${word(`${rolePrefix(config, role)}-exec-${version}-${hex6}`)}`,
    '--network kamal',
    ...argumentize('--env', envFor(config, role, host).clear),
    `--env-file ${word(roleEnvFile(config, role))}`,
    ...loggingArgs(role.logging),
    ...config.volumes.map((v) => `--volume ${v}`),
    ...optionize(role.options),
    word(imageRef(config, version)),
    command
  ].join(' ')
}

/** Kamal's `execute_in_existing_container`: `docker exec <container> <command>`. */
export function execInExistingContainer(container: string, command: string): string {
  return `docker exec ${container} ${command}`
}

/** The image, pulled first when the host does not have it (the exec's registry login is added around it). */
export function imageOrPull(config: DeployConfig, version: string): string {
  const image = word(imageRef(config, version))
  return `docker image inspect ${image} > /dev/null 2>&1 || ${quietly(`docker pull ${image}`)}`
}

/**
 * `--reuse` without a version: the role's running version on this host (Kamal's current-version
 * query) into `$DECKHAND_CURRENT`, and the container named after it; no running container fails
 * the exec with what to do.
 */
export function inRunningContainer(config: DeployConfig, role: Role, command: string): string[] {
  return [
    `DECKHAND_CURRENT=$( { ${currentVersion(config, role)} ; } 2> /dev/null || true)`,
    `if [ -z "$DECKHAND_CURRENT" ]; then echo ${quote(`No running container of role ${role.name} on this host to reuse: deploy first, or run the exec in a new container (reuse: false)`)} >&2; exit 1; fi`,
    execInExistingContainer(`${word(`${rolePrefix(config, role)}-`)}"$DECKHAND_CURRENT"`, command)
  ]
}
