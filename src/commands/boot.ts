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
 * One `docker ps --all` of every container on the host, read in the shell into what the role's
 * boot needs (Kamal asks Docker several times for these; the effect is the same):
 * - `DECKHAND_RUNNING`: the names of the role's running or restarting containers (labels
 *   `service`, `destination`, `role` as Kamal's filters; a container without a `destination`
 *   label counts as destination-less), newest first — the current version, and the stale ones;
 * - `DECKHAND_STOPPED`: how many of the service's containers are created, exited or dead (Kamal's
 *   prune filter), which the stop of the old version adds to and `pruneAll` compares with
 *   `retain_containers`;
 * - `DECKHAND_SAME`: set when a container (any labels, any state) already has the new name.
 * Docker names have no `|`; label values come last, compared whole.
 */
export function listContainers(config: DeployConfig, role: Role, version: string): Fragment {
  const labels = `${config.service}|${config.destination ?? ''}|${role.name}`
  return {
    lines: [
      `DECKHAND_PS=$(docker ps --all --format '{{.Names}}|{{.State}}|{{.Label "service"}}|{{.Label "destination"}}|{{.Label "role"}}')`,
      'DECKHAND_RUNNING=; DECKHAND_STOPPED=0; DECKHAND_SAME=',
      'while IFS= read -r l; do',
      '  n=${l%%|*}; l=${l#*|}; s=${l%%|*}; l=${l#*|}',
      `  if [ "$n" = ${word(containerName(config, role, version))} ]; then DECKHAND_SAME=1; fi`,
      `  if [ "\${l%%|*}" = ${word(config.service)} ]; then case $s in created|exited|dead) DECKHAND_STOPPED=$((DECKHAND_STOPPED + 1)) ;; esac; fi`,
      `  if [ "$l" = ${quote(labels)} ]; then case $s in running|restarting) DECKHAND_RUNNING="$DECKHAND_RUNNING $n" ;; esac; fi`,
      'done <<EOF',
      '$DECKHAND_PS',
      'EOF'
    ]
  }
}

/**
 * `$OLD` := the version the role runs now (reported as `old`), from `listContainers`: its only
 * running container; with several, Kamal's own query picks (the newest whose image is `:latest`).
 * A container that already has the new version's name (a redeploy) moves aside to
 * `<version>_replaced_<hex>`; if it was the running one, `$OLD` follows it.
 */
export function rememberCurrentVersion(config: DeployConfig, role: Role, version: string, replaced: string): Fragment {
  const name = containerName(config, role, version)
  return {
    lines: [
      'set -- $DECKHAND_RUNNING',
      `if [ $# -gt 1 ]; then OLD=$( { ${currentVersion(config, role)} ; } 2> /dev/null || true); else OLD=\${1#${rolePrefix(config, role)}-}; fi`,
      `if [ -n "$DECKHAND_SAME" ]; then ${renameContainer(name, `${rolePrefix(config, role)}-${replaced}`)}; if [ "$OLD" = ${word(version)} ]; then OLD=${word(replaced)}; fi; fi`,
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
 * health check) `running` for `readiness_delay` seconds in a row, Kamal's rule. So that a deploy
 * does not wait for Docker's health-check interval (30 s by default), each pass (every 250 ms)
 * also runs the image's own health command in the container while Docker says `starting`, and one
 * that passes counts as ready. Docker's verdict always wins: a container Docker calls `unhealthy`
 * is never probed, so it is ready only when Docker says `healthy` again. One `docker inspect` per
 * pass gives the status and the health command. Reports `status`. A container that never gets
 * ready is stopped and kept, its last log lines go to stderr, and the script exits
 * EXIT.bootFailed (the old version keeps running).
 */
export function waitUntilReady(config: DeployConfig, name: string): Fragment {
  const n = word(name)
  return {
    lines: [
      `DEADLINE=$(( $(date +%s) + ${config.deployTimeout} )); SINCE=; READY=; STATUS=; PROBE=$(mktemp)`,
      'while :; do',
      `  docker inspect --format ${quote(`${HEALTH_FORMAT}{{"\\n"}}${HEALTH_COMMAND_ARGS}`)} ${n} > "$PROBE" 2> /dev/null || : > "$PROBE"`,
      '  STATUS=$(head -n 1 "$PROBE"); STATUS=${STATUS:-missing}; NOW=$(date +%s)',
      '  if [ "$STATUS" = healthy ]; then READY=1; break; fi',
      `  if [ "$STATUS" = starting ] && tail -n +2 "$PROBE" | head -c -1 | timeout 10 xargs -0 docker exec ${n} > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`,
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
 * Kamal's stop of the old version (`$OLD`, which only the host knows here) with the role's stop
 * timeout, by its name (Kamal looks its ID up first; the effect is the same). Like Kamal's, a
 * failed stop does not fail the boot. Reports `stopped` and counts it in `DECKHAND_STOPPED`.
 */
export function stopOldVersion(config: DeployConfig, role: Role): string {
  const t = stopTimeout(config, role)
  return `if [ -n "$OLD" ] && docker stop${t === undefined ? '' : ` -t ${t}`} ${word(rolePrefix(config, role))}-"$OLD" > /dev/null; then DECKHAND_STOPPED=$((DECKHAND_STOPPED + 1)); ${reportLine('stopped', '$OLD')}; fi`
}

/**
 * Kamal's prune of the service's containers (keeping `retain_containers`) and images, with its
 * audit lines — when `DECKHAND_STOPPED` (see `listContainers`) is above `retain_containers`.
 * Otherwise the container prune would remove nothing, so no image loses its last container; the
 * images the image prunes could still find then (a re-pushed tag's old image no container uses,
 * a version pulled by a deploy that failed before its `docker run`) wait for the next prune. It
 * needs nothing from other hosts, so it runs in a host's boot exec; a failed prune does not fail
 * the boot.
 */
export function pruneAll(config: DeployConfig, performer: string): string[] {
  return [
    `if [ "$DECKHAND_STOPPED" -gt ${config.retainContainers} ]; then (`,
    auditLine(config, performer, 'Pruned containers'),
    pruneContainers(config),
    auditLine(config, performer, 'Pruned images'),
    ...pruneImages(config).map(quietly),
    ') || echo "pruning failed" >&2; fi'
  ]
}
/** Kamal's move of `:latest[-destination]` to the new version, with its audit line. */
export function tagLatestLines(config: DeployConfig, performer: string, version: string): string[] {
  return [
    auditLine(config, performer, `Tagging ${imageRef(config, version)} as the latest image`),
    tagLatest(config, version)
  ]
}
