// Commands for accessories (databases, caches ...), as Kamal builds them.
import { isErbFile } from '../config/erb.js'
import type { Accessory, AccessoryFile, DeployConfig } from '../config/types.js'
import { loggingArgs, type LogOptions } from './app.js'
import { accessoryEnvFile } from './naming.js'
import { reportLine } from './protocol.js'
import type { Fragment } from './script.js'
import { argumentize, optionize, quote, word } from './shell.js'

/** Remote path of an uploaded accessory file: `<service>/<remote path>` under the home directory. */
export function accessoryFilePath(accessory: Accessory, file: AccessoryFile): string {
  return `${accessory.service}/${file.remote.replace(/^\//, '')}`
}

/** Host side of a directory mount: relative local paths live under `$PWD/<service>/`. */
export function accessoryDirectoryPath(accessory: Accessory, dir: AccessoryFile): string {
  return dir.local.startsWith('/') ? word(dir.local) : underPwd(`${accessory.service}/${dir.local}`)
}

/** `$PWD/` (left for the remote shell) followed by the quoted rest. */
const underPwd = (relative: string) => `$PWD/${word(relative)}`

/** `host:container[:options]`, quoted, with a relative host side under `$PWD`. */
function volumeSpec(host: string, container: string, options: string | undefined): string {
  const rest = `${container}${options ? `:${options}` : ''}`
  return host.startsWith('/') ? word(`${host}:${rest}`) : underPwd(`${host}:${rest}`)
}

/** `3306` means `3306:3306`; anything else is passed as written. */
export function publishArg(port: string): string {
  return `--publish ${word(port.includes(':') ? port : `${port}:${port}`)}`
}

export function runAccessory(config: DeployConfig, accessory: Accessory, host: string): string {
  const volumes = [
    ...accessory.files.map((f) => volumeSpec(accessoryFilePath(accessory, f), f.remote, f.options)),
    ...accessory.directories.map((d) =>
      volumeSpec(d.local.startsWith('/') ? d.local : `${accessory.service}/${d.local}`, d.remote, d.options)
    ),
    ...accessory.volumes
  ]
  return [
    `docker run --name ${word(accessory.service)} --detach --restart ${word(accessory.restart)}`,
    `--network ${word(accessory.network)}`,
    ...loggingArgs(accessory.logging),
    ...(accessory.port ? [publishArg(accessory.port)] : []),
    ...argumentize('--env', { KAMAL_HOST: host }),
    ...argumentize('--env', accessory.env.clear),
    `--env-file ${word(accessoryEnvFile(config, accessory))}`,
    ...volumes.map((v) => `--volume ${v}`),
    ...argumentize('--label', { service: accessory.service, ...accessory.labels }),
    ...optionize(accessory.options),
    word(accessory.image),
    ...(accessory.cmd ? [accessory.cmd] : [])
  ].join(' ')
}

/** Any container of the accessory, in any state (Kamal skips booting when one exists). */
export function accessoryExists(accessory: Accessory): string {
  return `docker ps -a -q --filter label=service=${word(accessory.service)}`
}

/** Ends the script (successfully, reporting `accessory` = exists) when a container of it is there. */
export function stopIfAccessoryExists(accessory: Accessory): Fragment {
  return {
    lines: [`if [ -n "$(${accessoryExists(accessory)})" ]; then ${reportLine('accessory', 'exists')}; exit 0; fi`]
  }
}

/**
 * The mode an accessory file is written with: the config's, else Kamal's 0755 — except a file
 * rendered from ERB while the accessory has secret env (its secrets are in ENV then, so the file
 * may hold them): 0600, readable by its owner only (`owner` from the config, else the SSH user).
 */
export function accessoryFileMode(accessory: Accessory, file: AccessoryFile): string {
  return file.mode ?? (isErbFile(file.local) && accessory.env.secret.length > 0 ? '600' : '755')
}

/** `chown` of an uploaded file when the config gives an owner. */
export function chownFile(accessory: Accessory, file: AccessoryFile): string[] {
  return file.owner ? [`chown ${word(file.owner)} ${word(accessoryFilePath(accessory, file))}`] : []
}

export function makeDirectory(accessory: Accessory, dir: AccessoryFile): string[] {
  const path = accessoryDirectoryPath(accessory, dir)
  return [
    `mkdir -p ${path}`,
    ...(dir.mode ? [`chmod ${word(dir.mode)} ${path}`] : []),
    ...(dir.owner ? [`chown ${word(dir.owner)} ${path}`] : [])
  ]
}

// --- Kamal's `accessory` commands (lib/kamal/commands/accessory.rb, accessory/proxy.rb)

/** `accessory details`: its running containers. */
export function accessoryInfo(accessory: Accessory): string {
  return `docker ps --filter label=service=${word(accessory.service)}`
}

/** `accessory logs`, with Kamal's spacing (its optional parts start with a space of their own). */
export function accessoryLogs(accessory: Accessory, o: LogOptions): string {
  const grep =
    o.grep === undefined ? '' : ` | grep ${quote(o.grep)}${(o.grepOptions ?? []).map((w) => ` ${word(w)}`).join('')}`
  return `docker logs ${word(accessory.service)}${o.since !== undefined ? `  --since ${word(o.since)}` : ''}${o.lines !== undefined ? `  --tail ${o.lines}` : ''}${o.timestamps ? ' --timestamps' : ''} 2>&1${grep}`
}

export function startAccessory(accessory: Accessory): string {
  return `docker container start ${word(accessory.service)}`
}

export function stopAccessory(accessory: Accessory): string {
  return `docker container stop ${word(accessory.service)}`
}

export function pullAccessoryImage(accessory: Accessory): string {
  return `docker image pull ${word(accessory.image)}`
}

/** The accessory's stopped containers (after `stopAccessory`). */
export function removeAccessoryContainer(accessory: Accessory): string {
  return `docker container prune --force --filter label=service=${word(accessory.service)}`
}

export function removeAccessoryImage(accessory: Accessory): string {
  return `docker image rm --force ${word(accessory.image)}`
}

/** Its uploaded files and data directories (`~/<service>`). */
export function removeAccessoryDirectory(accessory: Accessory): string {
  return `rm -rf ${word(accessory.service)}`
}

/** The ID of the accessory's running container (what kamal-proxy is pointed at). */
export function runningContainerId(name: string): string {
  return `docker container ls --filter ${quote(`name=^${name}$`)} --quiet`
}
