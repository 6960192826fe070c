// Fragments of Kamal's management commands whose lines depend on what the host finds (lib/kamal/
// cli/app.rb `start`, `stop`, `stale_containers`; cli/accessory.rb `start`): Kamal asks the host
// first and builds the next line in Ruby; here the host keeps the answer in a shell variable, so a
// host's whole command is one exec. The docker lines are Kamal's (commands/app.rb).
import type { DeployConfig, ProxyConfig, Role } from '../config/types.js'
import { currentContainer, currentVersion, listVersions, proxyRemove, stopTimeout } from './app.js'
import { rolePrefix } from './naming.js'
import { EXIT } from './protocol.js'
import { proxyDeploy } from './proxy.js'
import { quote } from './shell.js'

/** The ID of the role's container of the version in shell variable `$<variable>` (any state). */
export function containerIdOfVersionIn(config: DeployConfig, role: Role, variable: string): string {
  return `docker container ls --all --filter "name=^${rolePrefix(config, role)}-$${variable}\\$" --quiet`
}

export interface ProxyHandOver {
  config: DeployConfig
  proxy: ProxyConfig
  /** kamal-proxy service name. */
  service: string
  /** Prints the ID of the container to point the proxy at. */
  idCommand: string
  /** Role or accessory name (its certificate folder). */
  tlsName: string
  /** How messages name it, and the host. */
  what: string
  host: string
}

/**
 * Points kamal-proxy at an existing container again (Kamal's `app start` and `accessory start`):
 * its ID, then `kamal-proxy deploy`, which health-checks it before switching. No ID: Kamal's
 * "Failed to get endpoint" and EXIT.bootFailed.
 */
export function proxyDeployExisting(t: ProxyHandOver): string[] {
  return [
    `DECKHAND_ID=$(${t.idCommand})`,
    `if [ -z "$DECKHAND_ID" ]; then echo ${quote(`Failed to get endpoint for ${t.what} on ${t.host}, did the container boot?`)} >&2; exit ${EXIT.bootFailed}; fi`,
    proxyDeploy({ config: t.config, proxy: t.proxy, service: t.service, target: '${DECKHAND_ID}', tlsName: t.tlsName })
  ]
}

/** `app start` of a proxied role: the running version's container handed to kamal-proxy again. */
export function proxyDeployRunning(config: DeployConfig, role: Role, proxy: ProxyConfig, host: string): string[] {
  return [
    `DECKHAND_VERSION=$( { ${currentVersion(config, role)} ; } 2> /dev/null || true)`,
    ...proxyDeployExisting({
      config,
      proxy,
      service: rolePrefix(config, role),
      idCommand: containerIdOfVersionIn(config, role, 'DECKHAND_VERSION'),
      tlsName: role.name,
      what: role.name,
      host
    })
  ]
}

/** `app stop` of a proxied role: kamal-proxy forgets it when a container of it runs (it may fail). */
export function proxyRemoveIfRunning(config: DeployConfig, role: Role): string {
  return `if [ -n "$(${currentContainer(config, role, 'id')})" ]; then ${proxyRemove(rolePrefix(config, role))} || true; fi`
}

/**
 * `app stale_containers [--stop]`: running containers of another version than the current one,
 * each reported (and, with `stop`, stopped with the role's stop timeout; a stop may fail).
 */
export function staleContainers(config: DeployConfig, role: Role, stop: boolean): string[] {
  const t = stopTimeout(config, role)
  return [
    `DECKHAND_CURRENT=$( { ${currentVersion(config, role)} ; } 2> /dev/null || true)`,
    `for DECKHAND_STALE in $( { ${listVersions(config, role)} ; } 2> /dev/null || true); do`,
    '  if [ "$DECKHAND_STALE" = "$DECKHAND_CURRENT" ]; then continue; fi',
    stop
      ? `  echo "Stopping stale container for role ${role.name} with version $DECKHAND_STALE"; ${containerIdOfVersionIn(config, role, 'DECKHAND_STALE')} | xargs docker stop${t === undefined ? '' : ` -t ${t}`} || true`
      : `  echo "Detected stale container for role ${role.name} with version $DECKHAND_STALE (use \\\`kamal app stale_containers --stop\\\` to stop)"`,
    'done'
  ]
}
