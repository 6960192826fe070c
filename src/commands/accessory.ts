// Commands for accessories (databases, caches ...), as Kamal builds them.
import type { Accessory, AccessoryFile, DeployConfig } from '../config/types.js'
import { loggingArgs } from './app.js'
import { accessoryEnvFile } from './naming.js'
import { argumentize, optionize, word } from './shell.js'

/** Remote path of an uploaded accessory file: `<service>/<remote path>` under the home directory. */
export function accessoryFilePath(accessory: Accessory, file: AccessoryFile): string {
  return `${accessory.service}/${file.remote.replace(/^\//, '')}`
}

/** Host side of a directory mount: relative local paths live under `$PWD/<service>/`. */
export function accessoryDirectoryPath(accessory: Accessory, dir: AccessoryFile): string {
  return dir.local.startsWith('/') ? dir.local : `$PWD/${accessory.service}/${dir.local}`
}

function withOptions(spec: string, options: string | undefined): string {
  return options ? `${spec}:${options}` : spec
}

/** `3306` means `3306:3306`; anything else is passed as written. */
export function publishArg(port: string): string {
  return `--publish ${word(port.includes(':') ? port : `${port}:${port}`)}`
}

export function runAccessory(config: DeployConfig, accessory: Accessory, host: string): string {
  const volumes = [
    ...accessory.files.map((f) => withOptions(`$PWD/${accessoryFilePath(accessory, f)}:${f.remote}`, f.options)),
    ...accessory.directories.map((d) => withOptions(`${accessoryDirectoryPath(accessory, d)}:${d.remote}`, d.options)),
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

export function makeDirectory(accessory: Accessory, dir: AccessoryFile): string[] {
  const path = accessoryDirectoryPath(accessory, dir)
  return [
    `mkdir -p ${path}`,
    ...(dir.mode ? [`chmod ${word(dir.mode)} ${path}`] : []),
    ...(dir.owner ? [`chown ${word(dir.owner)} ${path}`] : [])
  ]
}
