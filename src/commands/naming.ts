// Names and paths that form the contract with Kamal: a host can be managed by Kamal and by
// Deckhand in turn only if these match exactly.
import type { Accessory, DeployConfig, Role } from '../config/types.js'

/** `<service>[-<destination>]`: the app's name in paths and lock names. */
export function serviceWithDestination(config: DeployConfig): string {
  return config.destination ? `${config.service}-${config.destination}` : config.service
}

/** `<service>-<role>[-<destination>]`: container-name prefix and kamal-proxy service name. */
export function rolePrefix(config: DeployConfig, role: Role): string {
  return [config.service, role.name, config.destination].filter(Boolean).join('-')
}

export function containerName(config: DeployConfig, role: Role, version: string): string {
  return `${rolePrefix(config, role)}-${version}`
}

export function imageRef(config: DeployConfig, version: string): string {
  return `${config.image}:${version}`
}

export function latestTag(config: DeployConfig): string {
  return config.destination ? `latest-${config.destination}` : 'latest'
}

export function appsDir(config: DeployConfig): string {
  return `.kamal/apps/${serviceWithDestination(config)}`
}

export function roleEnvFile(config: DeployConfig, role: Role): string {
  return `${appsDir(config)}/env/roles/${role.name}.env`
}

export function accessoryEnvFile(config: DeployConfig, accessory: Accessory): string {
  return `${appsDir(config)}/env/accessories/${accessory.name}.env`
}

export function lockDir(config: DeployConfig): string {
  return `.kamal/lock-${serviceWithDestination(config)}`
}

export function auditLog(config: DeployConfig): string {
  return `.kamal/${serviceWithDestination(config)}-audit.log`
}

/** Docker image tags: a word character first, then up to 127 of `[A-Za-z0-9_.-]`. */
export const VERSION_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
