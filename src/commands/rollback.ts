// Kamal's rollback check (lib/kamal/cli/main.rb `container_available?`): the version must be a
// container (in any state) of every role on the host. One exec per host checks all its roles,
// and lists the versions that do exist, for the error when one is missing.
import type { DeployConfig, Role } from '../config/types.js'
import { containerIdByName } from './app.js'
import { containerName, rolePrefix } from './naming.js'
import { reportLine } from './protocol.js'
import type { Fragment } from './script.js'
import { word } from './shell.js'

/** Kamal's `app containers` filters (service, destination, role): every container of the role. */
export function listRoleVersions(config: DeployConfig, role: Role): string {
  const destination = config.destination ? word(config.destination) : ''
  return `docker container ls --all --filter label=service=${word(config.service)} --filter label=destination=${destination} --filter label=role=${word(role.name)} --format '{{.Names}}' | while read line; do echo \${line#${rolePrefix(config, role)}-}; done`
}

/**
 * For each role: Kamal's lookup of the version's container by name; a role without one is
 * reported in `missing`, and every role's existing versions in `versions` (`role=v1 v2;...`;
 * the containers a redeploy moved aside, `<version>_replaced_<hex>`, are not versions).
 */
export function checkVersionAvailable(config: DeployConfig, roles: Role[], version: string): Fragment {
  const lines = ['DECKHAND_MISSING=; DECKHAND_VERSIONS=']
  for (const role of roles) {
    const name = word(role.name)
    lines.push(
      `if [ -z "$(${containerIdByName(containerName(config, role, version))})" ]; then DECKHAND_MISSING="$DECKHAND_MISSING ${name}"; fi`,
      `DECKHAND_VERSIONS="\${DECKHAND_VERSIONS}${name}=$(${listRoleVersions(config, role)} | grep -v _replaced_ | tr '\\n' ' ');"`
    )
  }
  lines.push(reportLine('missing', '$DECKHAND_MISSING'), reportLine('versions', '$DECKHAND_VERSIONS'))
  return { lines }
}

/** `role=v1 v2;role2=...` (the `versions` report) as role → versions. */
export function parseVersions(report: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of (report ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    out.set(
      part.slice(0, eq).trim(),
      part
        .slice(eq + 1)
        .split(' ')
        .filter(Boolean)
    )
  }
  return out
}
