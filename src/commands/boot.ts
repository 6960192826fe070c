// The pieces of one role's boot on one host (lib/kamal/cli/app/boot.rb puts Kamal's in order; the
// lines are lib/kamal/commands/app.rb's), as the host runs them in one exec: find the version that
// runs now, move a same-named container aside, `docker run` the new one, wait until it is ready,
// stop the old one, prune, move `:latest`. The flow only chooses which pieces and in what order.
import type { DeployConfig, Role } from '../config/types.js'
import { currentVersion, HEALTH_COMMAND_ARGS, HEALTH_FORMAT, renameContainer, stopTimeout, tagLatest } from './app.js'
import { auditLine } from './audit.js'
import { createNetwork, pruneContainers, pruneImages } from './docker.js'
import { containerName, imageRef, rolePrefix } from './naming.js'
import { EXIT, reportLine } from './protocol.js'
import type { Fragment } from './script.js'
import { quietly, quote, word } from './shell.js'

/**
 * `$OLD` := the version the role runs now (reported as `old`). A container of the new version
 * already there (a redeploy) moves aside to `<version>_replaced_<hex>`: one docker call either way
 * (Kamal first lists it by name, then renames); if it was the running one, `$OLD` follows it.
 */
export function rememberCurrentVersion(config: DeployConfig, role: Role, version: string, replaced: string): Fragment {
  const name = containerName(config, role, version)
  return {
    lines: [
      `OLD=$( { ${currentVersion(config, role)} ; } 2> /dev/null || true)`,
      `if ${renameContainer(name, `${rolePrefix(config, role)}-${replaced}`)} > /dev/null 2>&1; then if [ "$OLD" = ${word(version)} ]; then OLD=${word(replaced)}; fi; fi`,
      reportLine('old', '$OLD')
    ]
  }
}

/**
 * `runLine` (a `docker run` of container `name`). The `kamal` network exists after setup or a
 * proxy boot, so it is not checked first: only when `docker run` says it is missing is it created
 * (and the container that run left behind removed) and the run repeated. Warnings of a run that
 * worked (platform mismatch, ignored options) still reach stderr.
 */
export function runCreatingNetwork(runLine: string, name: string): string[] {
  return [
    'deckhand_run() {',
    quietly(runLine),
    '}',
    'if ! DECKHAND_ERR=$(deckhand_run 2>&1); then',
    `  case "$DECKHAND_ERR" in *"network kamal not found"*) docker rm ${word(name)} > /dev/null 2>&1 || true; ${createNetwork}; deckhand_run ;; *) printf '%s\\n' "$DECKHAND_ERR" >&2; exit 1 ;; esac`,
    `elif [ -n "$DECKHAND_ERR" ]; then printf '%s\\n' "$DECKHAND_ERR" >&2`,
    'fi'
  ]
}

/**
 * Waits until container `name` is ready, within `deploy_timeout`: Docker says `healthy`, or (no
 * health check) `running` for `readiness_delay` seconds in a row, Kamal's rule. Every 250 ms the
 * image's own health command is also run in the container, so a deploy does not wait for Docker's
 * health-check interval (30 s by default); one passing probe counts as ready. Reports `status`.
 * A container that never gets ready is stopped and kept, its last log lines go to stderr, and the
 * script exits EXIT.bootFailed (the old version keeps running).
 */
export function waitUntilReady(config: DeployConfig, name: string): Fragment {
  const n = word(name)
  return {
    lines: [
      `DEADLINE=$(( $(date +%s) + ${config.deployTimeout} )); SINCE=; READY=; STATUS=; PROBE=$(mktemp)`,
      `docker inspect --format ${quote(HEALTH_COMMAND_ARGS)} ${n} 2> /dev/null | head -c -1 > "$PROBE" || true`,
      'while :; do',
      `  if [ -s "$PROBE" ] && timeout 10 xargs -0 -a "$PROBE" docker exec ${n} > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`,
      `  STATUS=$(docker inspect --format ${HEALTH_FORMAT} ${n} 2> /dev/null) || STATUS=missing`,
      '  NOW=$(date +%s)',
      '  if [ "$STATUS" = healthy ]; then READY=1; break; fi',
      `  if [ "$STATUS" = running ]; then SINCE=\${SINCE:-$NOW}; if [ $((NOW - SINCE)) -ge ${config.readinessDelay} ]; then READY=1; break; fi; else SINCE=; fi`,
      '  if [ "$NOW" -ge "$DEADLINE" ]; then break; fi',
      '  sleep 0.25',
      'done',
      'rm -f "$PROBE"',
      reportLine('status', '$STATUS'),
      'if [ -z "$READY" ]; then',
      `  docker stop ${n} > /dev/null 2>&1 || true`,
      `  echo "container ${name} not ready after ${config.deployTimeout} seconds ($STATUS); it was stopped and kept for inspection. Its last log lines:" >&2`,
      `  docker logs --tail 15 ${n} 2>&1 | sed 's/^/  /' >&2 || true`,
      `  exit ${EXIT.bootFailed}`,
      'fi'
    ],
    assumed: { status: 'healthy' }
  }
}

/**
 * Kamal's stop of the old version, which only the host knows here (`$OLD`), with the role's stop
 * timeout; `xargs -r` stops nothing when no container matches. Reports `stopped`.
 */
export function stopOldVersion(config: DeployConfig, role: Role): string {
  const t = stopTimeout(config, role)
  return `if [ -n "$OLD" ]; then docker container ls --all --filter "name=^${rolePrefix(config, role)}-$OLD\\$" --quiet | xargs -r docker stop${t === undefined ? '' : ` -t ${t}`} > /dev/null; ${reportLine('stopped', '$OLD')}; fi`
}

/**
 * Kamal's prune of the service's containers (keeping `retain_containers`) and images, with its
 * audit lines. It needs nothing from other hosts, so it can run in a host's boot exec; a failed
 * prune does not fail the boot.
 */
export function pruneAll(config: DeployConfig, performer: string): string[] {
  return [
    '(',
    auditLine(config, performer, 'Pruned containers'),
    pruneContainers(config),
    auditLine(config, performer, 'Pruned images'),
    ...pruneImages(config).map(quietly),
    ') || echo "pruning failed" >&2'
  ]
}

/** Kamal's move of `:latest[-destination]` to the new version, with its audit line. */
export function tagLatestLines(config: DeployConfig, performer: string, version: string): string[] {
  return [
    auditLine(config, performer, `Tagging ${imageRef(config, version)} as the latest image`),
    tagLatest(config, version)
  ]
}
