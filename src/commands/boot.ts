// The pieces of one role's boot on one host (lib/kamal/cli/app/boot.rb puts Kamal's in order; the
// lines are lib/kamal/commands/app.rb's), as the host runs them in one exec: find the version that
// runs now, move a same-named container aside, `docker run` the new one, wait until it is ready,
// stop the old one, prune, move `:latest`. The flow only chooses which pieces and in what order.
import type { DeployConfig, Role } from '../config/types.js'
import {
  HEALTH_COMMAND_ARGS,
  HEALTH_FORMAT,
  renameContainer,
  runningContainers,
  stopTimeout,
  tagLatest
} from './app.js'
import { auditAppend, auditFor } from './audit.js'
import {
  createNetwork,
  labelAndProbe,
  listServiceImages,
  pruneDanglingImages,
  removeImagesNotIn,
  reportProbe
} from './docker.js'
import { acquireLock, lockStatus, releaseIfOwner, type LockDetails } from './lock.js'
import { containerName, imageRef, rolePrefix } from './naming.js'
import { EXIT, reportLine } from './protocol.js'
import type { Fragment } from './script.js'
import { quietly, quote, word } from './shell.js'

/**
/**
 * One `docker ps --all` of every container on the host, read in the shell into what the role's
 * boot needs (Kamal asks Docker several times for these; the effect is the same):
 * - `DECKHAND_RUNNING`: the role's running or restarting containers as `<id>=<name>` (labels
 *   `service`, `destination`, `role` as Kamal's filters; a container without a `destination`
 *   label counts as destination-less), newest first — the current version, and the stale ones
 *   (`_replaced_` containers, leftovers of a cancelled or killed deploy);
 * - `DECKHAND_SERVICE`: every container of the service (label `service`, any role or destination,
 *   as Kamal's prune filters) as `<id>,<state>,<image>` words, newest first — what `afterSwitch`
 *   prunes by, instead of asking Docker again for the stopped ones and the images in use;
 * - `DECKHAND_SAME`: set when a container (any labels, any state) already has the new name.
 * Docker names, IDs and image references have no `|`, `=`, `,` or blank; label values come last,
 * compared whole.
 */
export function listContainers(config: DeployConfig, role: Role, version: string, { listed = false } = {}): Fragment {
  const labels = `${config.service}|${config.destination ?? ''}|${role.name}`
  return {
    lines: [
      // `listed`: the head of a deploy in one exec listed them already (`lockAndList`).
      ...(listed ? [] : [LIST_ALL]),
      'DECKHAND_RUNNING=; DECKHAND_SERVICE=; DECKHAND_SAME=',
      'while IFS= read -r l; do',
      '  n=${l%%|*}; l=${l#*|}; s=${l%%|*}; l=${l#*|}; i=${l%%|*}; l=${l#*|}',
      `  if [ "\${n#*=}" = ${word(containerName(config, role, version))} ]; then DECKHAND_SAME=1; fi`,
      `  if [ "\${l%%|*}" = ${word(config.service)} ]; then DECKHAND_SERVICE="$DECKHAND_SERVICE \${n%%=*},$s,$i"; fi`,
      `  if [ "$l" = ${quote(labels)} ]; then case $s in running|restarting) DECKHAND_RUNNING="$DECKHAND_RUNNING $n" ;; esac; fi`,
      'done <<EOF',
      '$DECKHAND_PS',
      'EOF'
    ]
  }
}

/** Every container on the host, for `listContainers`. */
const LIST_ALL = `DECKHAND_PS=$(docker ps --all --format '{{.ID}}={{.Names}}|{{.State}}|{{.Image}}|{{.Label "service"}}|{{.Label "destination"}}|{{.Label "role"}}')`

/**
 * The head of a deploy in one exec (`bootScript` with a head), after the pull, with the image's
 * inspect under way (`inspectImage` in the background): Kamal's lock (`acquireLock`), and once it
 * is ours the host's containers listed (`LIST_ALL`, for `listContainers`) while the inspect
 * runs — under the lock, so no other deploy changes them before the boot; then the label check
 * (`labelAndProbe`) and the early probe. Kamal checks the label before it takes the lock: when the
 * check fails the lock is released again and the script exits 1, nothing else changed. When
 * someone else holds the lock, the label is checked and the probe reported all the same (the run
 * may wait for the lock and boot in an exec of its own), then the holder is shown and the script
 * exits EXIT.lockHeld. Reports `boot` = started once the lock is ours and the label checked.
 * `.kamal` is there: a boot exec makes it in its first line (`cancelHandling`).
 */
export function lockAndList(config: DeployConfig, version: string, details: LockDetails, token: string): Fragment {
  return {
    lines: [
      `DECKHAND_LOCKED=; if { ${acquireLock(config, details)} ; } 2> /dev/null; then DECKHAND_LOCKED=1; ${LIST_ALL}; fi`,
      'wait "$DECKHAND_INSPECT" || : > "$DECKHAND_IMAGE_FILE"',
      ...labelAndProbe(config, version, `if [ -n "$DECKHAND_LOCKED" ]; then ${releaseIfOwner(config, token)}; fi; `),
      `if [ -z "$DECKHAND_LOCKED" ]; then ${reportProbe}; { ${lockStatus(config)} ; } || true; echo; exit ${EXIT.lockHeld}; fi`,
      reportLine('boot', 'started')
    ],
    assumed: { boot: 'started' }
  }
}

/** The early probe's file, when the boot does not probe (a role with its own health check). */
export const forgetProbe = 'rm -f "$DECKHAND_PROBE_ARGS"'

/**
 * `$OLD` := the version the role runs now (reported as `old`), and `$DECKHAND_OLD_ID` its ID, from
 * `listContainers`. Kamal's rule for the current version (lib/kamal/commands/app.rb
 * `current_running_container`): the newest running container whose image is the one tagged
 * latest, else the newest; with a single running container both give it, so the `ancestor` query
 * runs only when several are running (after a fault). `$DECKHAND_CURRENT` (`<id>=<name>`) is what
 * `stopStaleContainers` keeps. A container that already has the new version's name (a redeploy)
 * moves aside to `<version>_replaced_<hex>`; if it was the running one, `$OLD` follows it.
 */
export function rememberCurrentVersion(config: DeployConfig, role: Role, version: string, replaced: string): Fragment {
  const prefix = rolePrefix(config, role)
  const name = containerName(config, role, version)
  return {
    lines: [
      'set -- $DECKHAND_RUNNING',
      `DECKHAND_CURRENT=\${1:-}; if [ $# -gt 1 ]; then DECKHAND_LATEST=$(${runningContainers(config, role, true)} 2> /dev/null) || DECKHAND_LATEST=; DECKHAND_CURRENT=\${DECKHAND_LATEST:-$1}; fi`,
      `DECKHAND_OLD_ID=\${DECKHAND_CURRENT%%=*}; OLD=\${DECKHAND_CURRENT#*=}; OLD=\${OLD#${prefix}-}`,
      `if [ -n "$DECKHAND_SAME" ]; then ${renameContainer(name, `${prefix}-${replaced}`)}; if [ "$OLD" = ${word(version)} ]; then OLD=${word(replaced)}; fi; fi`,
      reportLine('old', '$OLD')
    ]
  }
}

/**
 * Kamal's stale-container stop ("Detect stale containers...", lib/kamal/cli/app.rb
 * `stale_containers`): every running container of the role other than the current one (from
 * `rememberCurrentVersion`'s listing: `_replaced_` ones, leftovers of a cancelled or killed
 * deploy) is stopped before the boot, in one `docker stop`, so that after the boot the role runs
 * exactly one container — the new one, or the old one when the boot fails. Those stopped are in
 * `DECKHAND_STALE_STOPPED` (for `afterSwitch`'s prune). Reports `stale`.
 */
export function stopStaleContainers(config: DeployConfig, role: Role): Fragment {
  const prefix = rolePrefix(config, role)
  return {
    lines: [
      'DECKHAND_STALE=; DECKHAND_STALE_IDS=; DECKHAND_STALE_STOPPED=',
      `for DECKHAND_C in $DECKHAND_RUNNING; do if [ "$DECKHAND_C" != "$DECKHAND_CURRENT" ]; then DECKHAND_STALE_IDS="$DECKHAND_STALE_IDS \${DECKHAND_C%%=*}"; DECKHAND_C=\${DECKHAND_C#*=}; DECKHAND_STALE="$DECKHAND_STALE \${DECKHAND_C#${prefix}-}"; fi; done`,
      `if [ -n "$DECKHAND_STALE_IDS" ]; then docker stop${stopArgs(config, role)} $DECKHAND_STALE_IDS > /dev/null && DECKHAND_STALE_STOPPED=$DECKHAND_STALE_IDS || echo "could not stop every stale container of ${role.name}" >&2; ${reportLine('stale', '${DECKHAND_STALE# }')}; fi`
    ]
  }
}

const stopArgs = (config: DeployConfig, role: Role) => {
  const t = stopTimeout(config, role)
  return t === undefined ? '' : ` -t ${t}`
}

/** Where a boot script is, for its cancel handling (see `cancelHandling`). */
export type BootStep = 'run' | 'switched' | 'done'

/** Marks the step the boot script has reached. */
export function bootStep(step: BootStep): string {
  return `DECKHAND_STEP=${step}`
}

/** Containers a cancelled boot stops get at most this grace period (the runner's budget is 7.5 s). */
export const CANCEL_STOP_SECONDS = 3

/** The file a running script of this run keeps its process group in (`$$` of the script). */
const pidFile = (token: string) => `.kamal/deckhand-${token}-$$.pid`

export interface CancelHandling {
  /** This run's token (the deploy lock's): `stopRunScripts` finds the run's scripts by it. */
  token: string
  /** The new container. */
  container: string
  version: string
  /** Behind kamal-proxy: its service name (a cancelled switch is checked with `kamal-proxy list`). */
  proxyService?: string
}

/**
 * A boot script's cancel handling, first in the script. `deckhand_settle` leaves the role in one
 * consistent state and reports it (`settled` = the step it was at, `runs` = the version running):
 * - `start` (before `run`): nothing changed but stale containers stopped; no `runs` (unchanged).
 * - `run` (the new container may exist, nothing was switched to it): it is stopped and kept, the
 *   old version keeps serving. Behind kamal-proxy, a switch that happened just before is found
 *   with `kamal-proxy list` (the target names the new container's ID): the new container is then
 *   started again and the step is `switched`.
 * - `switched` (the new container serves) or `done`: the old one is stopped; the new version runs.
 * It runs, then the script exits EXIT.cancelled, on a TERM to the script's process group (a
 * cancelled run: `stopRunScripts`; OpenSSH refuses channel signals for root logins, so the action
 * sends that exec), on SIGPIPE (the SSH session is gone and a report line found it), or when the
 * session's sshd process — the script's parent — is gone (a killed runner or sshd; a watchdog
 * checks every second). It also runs when the script fails anywhere else (not on its own named
 * exits), so no failure leaves two containers running. Containers get at most
 * CANCEL_STOP_SECONDS to stop.
 */
export function cancelHandling(config: DeployConfig, role: Role, h: CancelHandling): Fragment {
  const stop = `docker stop -t ${Math.min(CANCEL_STOP_SECONDS, stopTimeout(config, role) ?? CANCEL_STOP_SECONDS)}`
  const proxied = h.proxyService
    ? [
        `    if docker exec kamal-proxy kamal-proxy list 2> /dev/null | grep -Eq "^${h.proxyService}[[:space:]].*[[:space:]]$DECKHAND_ID:"; then docker start ${word(h.container)} > /dev/null 2>&1; DECKHAND_STEP=switched; fi`
      ]
    : []
  return {
    lines: [
      `mkdir -p .kamal; DECKHAND_STEP=start; DECKHAND_WATCH=; DECKHAND_PIDFILE=${pidFile(h.token)}; echo $$ > "$DECKHAND_PIDFILE"`,
      'deckhand_settle() {',
      "  trap '' TERM INT HUP PIPE",
      // Later stops (the action resends them, the post step sends one) skip a settling script, and
      // its watchdog is done: the docker commands below must not be cut short by a TERM to the group.
      '  set +e; : > "$DECKHAND_PIDFILE.settling"; [ -z "$DECKHAND_WATCH" ] || kill "$DECKHAND_WATCH" 2> /dev/null; DECKHAND_WATCH=',
      '  if [ "$DECKHAND_STEP" = run ]; then',
      `    ${stop} ${word(h.container)} > /dev/null 2>&1`,
      ...proxied,
      '  fi',
      `  case "$DECKHAND_STEP" in switched|done) [ -z "$DECKHAND_OLD_ID" ] || ${stop} "$DECKHAND_OLD_ID" > /dev/null 2>&1; ${reportLine('runs', h.version)} ;; run) ${reportLine('runs', '$OLD')} ;; esac`,
      `  ${reportLine('settled', '$DECKHAND_STEP')}`,
      '}',
      `trap 'deckhand_settle; exit ${EXIT.cancelled}' TERM INT HUP PIPE`,
      `trap 'DECKHAND_RC=$?; case $DECKHAND_RC in 0|${EXIT.bootFailed}|${EXIT.cancelled}|${EXIT.lockHeld}) ;; *) deckhand_settle ;; esac; rm -f "$DECKHAND_PIDFILE" "$DECKHAND_PIDFILE.settling"; [ -z "$DECKHAND_WATCH" ] || kill "$DECKHAND_WATCH" 2> /dev/null' EXIT`,
      'if [ "$PPID" -gt 1 ]; then',
      '  ( while kill -0 "$PPID" 2> /dev/null || [ -e "/proc/$PPID" ]; do sleep 1; done; kill -TERM 0 ) < /dev/null > /dev/null 2>&1 &',
      '  DECKHAND_WATCH=$!',
      'fi'
    ]
  }
}

/**
 * Stops this run's scripts still running on a host (those with `cancelHandling`): TERM to each
 * one's process group, which runs its `deckhand_settle`. A script already settling is left alone,
 * so sending it again is safe.
 */
export function stopRunScripts(token: string): string {
  return `for f in .kamal/deckhand-${token}-*.pid; do if [ -f "$f" ] && [ ! -e "$f.settling" ]; then kill -TERM "-$(cat "$f")" 2> /dev/null || true; fi; done`
}

/**
 * `stopRunScripts`, then waits (at most `seconds`) until they have ended, for the post step of a
 * main step that was killed: the lock is released only once no boot of the run runs behind it.
 * Exits 1, naming the pid files left, when some did not end in time.
 */
export function stopRunScriptsAndWait(token: string, seconds: number): string {
  return [
    stopRunScripts(token),
    `i=0; while [ $i -lt ${seconds * 5} ] && [ -n "$(ls .kamal/deckhand-${token}-*.pid 2> /dev/null)" ]; do sleep 0.2; i=$((i + 1)); done`,
    `ls .kamal/deckhand-${token}-*.pid 2> /dev/null && exit 1 || true`
  ].join('\n')
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
 * A probe of a new container's health command before Docker is asked about it (see
 * `waitUntilReady`), as the pull exec reported it (`probe`, see `labelAndProbe`).
 */
export interface EarlyProbe {
  /** The health command as `docker exec` arguments. */
  args: string[]
  /** How long after the start Docker cannot have called the container `unhealthy` yet, in ns. */
  withinNs: number
}

/** The `probe` report of a pull exec (`<ns> <base64 of NUL-separated arguments>`); undefined when absent or malformed. */
export function parseProbe(reported: string | undefined): EarlyProbe | undefined {
  const m = /^([1-9][0-9]*) ([A-Za-z0-9+/]+=*)$/.exec(reported ?? '')
  if (!m?.[1] || !m[2]) return undefined
  const withinNs = Number(m[1])
  const args = Buffer.from(m[2], 'base64').toString('utf8').split('\0')
  if (args.at(-1) === '') args.pop()
  return Number.isSafeInteger(withinNs) && args.length > 0 ? { args, withinNs } : undefined
}

/** In a boot exec, the early probe the pull exec reported, as `labelAndProbe` leaves it in a deploy of one exec. */
export function probeFrom(early: EarlyProbe): string {
  return `DECKHAND_PROBE_NS=${early.withinNs}; DECKHAND_PROBE_ARGS=$(mktemp); printf '%s\\0' ${early.args.map(word).join(' ')} > "$DECKHAND_PROBE_ARGS"`
}

/** Whether a role's Docker options set the container's health check itself (then the image's is not the one that runs). */
export function overridesHealthCheck(role: Role): boolean {
  return Object.keys(role.options).some((k) => /^-*(health[-_]|no[-_]healthcheck$)/i.test(k))
}

/** Just before `docker run`, for an `EarlyProbe`: the time in ns (empty where `date` has no `%N`). */
export const markRunStart =
  "DECKHAND_RUN_AT=$(date +%s%N 2> /dev/null) || DECKHAND_RUN_AT=; case $DECKHAND_RUN_AT in ''|*[!0-9]*) DECKHAND_RUN_AT= ;; esac"

/**
 * Waits until container `name` is ready, within `deploy_timeout`: Docker says `healthy`, or (no
 * health check) `running` for `readiness_delay` seconds in a row, Kamal's rule. So that a deploy
 * does not wait for Docker's health-check interval (30 s by default), each pass (every 250 ms)
 * also runs the image's own health command in the container while Docker says `starting`, and one
 * that passes counts as ready. Docker's verdict always wins: a container Docker calls `unhealthy`
 * is never probed, so it is ready only when Docker says `healthy` again. One `docker inspect` per
 * pass gives the status and the health command. A passing probe counts as ready only while
 * Docker cannot have called the container `unhealthy`. With `early` (the image's health check
 * known from its inspect: `$DECKHAND_PROBE_NS` and `$DECKHAND_PROBE_ARGS`, see `labelAndProbe`
 * and `probeFrom`; `markRunStart` before the run), the command first runs every 0.1 s while less
 * than `$DECKHAND_PROBE_NS` has passed since just before the run — the earliest time Docker's
 * checks could have made the container `unhealthy` (`Retries` counted failures): a probe started
 * within that time that passes is ready without any `docker inspect` (the same rule as a pass,
 * whose probe starts once Docker said `starting`); after it, the passes follow. Reports `status`.
 * A container that never gets ready is stopped and kept, its last log lines go to stderr, and
 * the script exits EXIT.bootFailed (the old version keeps running).
 */
export function waitUntilReady(config: DeployConfig, name: string, early = false): Fragment {
  const n = word(name)
  return {
    lines: [
      // `$PROBE` (for a pass's inspect) is made by the first pass: none when the early probe passes.
      `DEADLINE=$(( $(date +%s) + ${config.deployTimeout} )); SINCE=; READY=; STATUS=; PROBE=`,
      // The probe as in the passes (`timeout` under xargs, see below), every 0.1 s while the
      // container is young enough when the probe starts — as a pass's probe starts once Docker
      // said `starting`.
      ...(early
        ? [
            `if [ -n "$DECKHAND_RUN_AT" ] && [ -n "$DECKHAND_PROBE_NS" ]; then while DECKHAND_NOW=$(date +%s%N) && [ $(( DECKHAND_NOW - DECKHAND_RUN_AT )) -lt "$DECKHAND_PROBE_NS" ] && [ $(( DECKHAND_NOW / 1000000000 )) -lt "$DEADLINE" ]; do`,
            `  if xargs -0 timeout 10 docker exec ${n} < "$DECKHAND_PROBE_ARGS" > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`,
            '  sleep 0.1',
            'done; fi'
          ]
        : []),
      'while [ -z "$READY" ]; do',
      '  [ -n "$PROBE" ] || PROBE=$(mktemp)',
      `  docker inspect --format ${quote(`${HEALTH_FORMAT}{{"\\n"}}${HEALTH_COMMAND_ARGS}`)} ${n} > "$PROBE" 2> /dev/null || : > "$PROBE"`,
      '  STATUS=$(head -n 1 "$PROBE"); STATUS=${STATUS:-missing}; NOW=$(date +%s)',
      '  if [ "$STATUS" = healthy ]; then READY=1; break; fi',
      // `timeout` runs in a process group of its own, so it is under xargs: a TERM to the script's
      // group then ends xargs at once (the probe itself stops within its 10 s).
      `  if [ "$STATUS" = starting ] && tail -n +2 "$PROBE" | head -c -1 | xargs -0 timeout 10 docker exec ${n} > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`,
      `  if [ "$STATUS" = running ]; then SINCE=\${SINCE:-$NOW}; if [ $((NOW - SINCE)) -ge ${config.readinessDelay} ]; then READY=1; break; fi; else SINCE=; fi`,
      '  if [ "$NOW" -ge "$DEADLINE" ]; then break; fi',
      '  sleep 0.25',
      'done',
      `rm -f \${PROBE:+"$PROBE"}${early ? ' "$DECKHAND_PROBE_ARGS"' : ''}`,
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
 * Kamal's stop of the old version (by the ID `rememberCurrentVersion` found), with the role's stop
 * timeout. Like Kamal's, a failed stop does not fail the boot. Reports `stopped`.
 */
export function stopOldVersion(config: DeployConfig, role: Role): string {
  return `if [ -n "$DECKHAND_OLD_ID" ] && ${stopOld(config, role)}; then ${reportLine('stopped', '$OLD')}; fi`
}

/** Kamal's `docker stop` of the old version, by its ID. */
const stopOld = (config: DeployConfig, role: Role) =>
  `docker stop${stopArgs(config, role)} "$DECKHAND_OLD_ID" > /dev/null`

/** What a boot does once its new container serves, besides stopping the old one. */
export interface AfterSwitch {
  /** Kamal's prune of the service's containers and images (the host's last role). */
  prune: boolean
  /** Kamal's move of `:latest` to `version` (the host's last role, one boot group). */
  tag: boolean
  performer: string
  version: string
}

/**
 * The end of a boot, once the new container serves: `stopOldVersion`, with Kamal's tag and prune
 * (`tagLatestLines`, then the prune's lines) done while the old container stops — its stop (up to
 * the role's stop timeout, ~0.1 s for an app that exits on TERM) runs in the background, and only
 * what depends on it waits for it. The prune is Kamal's (`lib/kamal/commands/prune.rb`): the
 * same `docker rm`, `docker image prune` and `docker rmi` lines, the same containers and images —
 * but what Kamal asks Docker for (`docker ps -q -a` of the stopped ones, `docker container ls` of
 * the images in use) comes from the boot's own listing (`listContainers`) and what the boot
 * stopped, and `docker image prune` runs only when it can remove something, so the effect is the
 * same with two docker calls fewer, three when no image of the service is untagged:
 * - the service's stopped containers (created, exited, dead, or stopped by this boot), newest
 *   first, beyond `retain_containers` are removed. Those that are beyond it even if the old
 *   container's stop failed are removed at once; the one that is beyond it only because the old
 *   container stopped (one at most) once its stop worked.
 * - while the old container stops, after those removals and after Kamal's tag (which untags an
 *   image that only had `:latest`, so the listing comes after it), the service's images are
 *   listed (Kamal's image prune listing).
 * - after the old container's stop and the removal that waited for it: when the listing has a
 *   line whose tag is `<none>` (`<none>:<none>` or `IMG:<none>`), Kamal's `docker image prune` of
 *   the service's dangling images runs and the images are listed again — Kamal's order: prune,
 *   listing, `docker rmi`. Otherwise the prune is skipped: it removes the service's dangling
 *   images (untagged, top-level), the same set that `docker image ls` (without `-a`) shows with
 *   the tag `<none>`, so without such a line it would remove nothing; and removing a container
 *   never untags an image (a removed container whose image was already untagged has that image
 *   in the listing as `<none>`, so the prune runs).
 * - each tag of the listing no remaining container uses (the listing's images of the containers
 *   not removed, and the new container's) but `:latest` is removed with `docker rmi`.
 * The prune runs only when a container is due for removal: otherwise no image loses its last
 * container; the images the image prunes could still find then (a re-pushed tag's old image no
 * container uses, a version pulled by a deploy that failed before its `docker run`) wait for the
 * next prune. It needs nothing from other hosts, so it runs in a host's boot exec; a failed prune
 * does not fail the boot. Its audit lines are `auditAppend`'s: a boot exec made `.kamal` first.
 */
export function afterSwitch(config: DeployConfig, role: Role, what: AfterSwitch): string[] {
  if (!what.prune && !what.tag) return [stopOldVersion(config, role)]
  const retain = config.retainContainers
  const inUse = (image: string) => `DECKHAND_IN_USE="\${DECKHAND_IN_USE}${image}\\|"`
  const beyond = (c: string) => `DECKHAND_RM_LATER=${c}; DECKHAND_RM_LATER_IMAGE=$r; continue`
  const plan = [
    // i counts the stopped containers with the old one, j without it.
    'DECKHAND_RM=; DECKHAND_RM_LATER=; DECKHAND_RM_LATER_IMAGE=; DECKHAND_IN_USE=; DECKHAND_IMAGES=; i=0; j=0',
    'for r in $DECKHAND_SERVICE; do',
    '  c=${r%%,*}; r=${r#*,}; s=${r%%,*}; r=${r#*,}',
    '  case " $DECKHAND_STALE_STOPPED " in *" $c "*) s=exited ;; esac',
    '  if [ "$c" = "$DECKHAND_OLD_ID" ]; then s=stopping; fi',
    '  case $s in',
    `    created|exited|dead) i=$((i + 1)); j=$((j + 1)); if [ $j -gt ${retain} ]; then DECKHAND_RM="$DECKHAND_RM $c"; continue; elif [ $i -gt ${retain} ]; then ${beyond('$c')}; fi ;;`,
    `    stopping) i=$((i + 1)); if [ $i -gt ${retain} ]; then ${beyond('$c')}; fi ;;`,
    '  esac',
    `  ${inUse('$r')}`,
    'done',
    inUse(word(imageRef(config, what.version)))
  ]
  const listImages = `DECKHAND_IMAGES=$(${listServiceImages(config)})`
  const due = 'if [ -n "$DECKHAND_RM$DECKHAND_RM_LATER" ]; then'
  return [
    ...(what.prune ? plan : []),
    `DECKHAND_STOPPING=; if [ -n "$DECKHAND_OLD_ID" ]; then ${stopOld(config, role)} & DECKHAND_STOPPING=$!; fi`,
    ...(what.tag ? tagLatestLines(config, what.performer, what.version, { kamalDirMade: true }) : []),
    ...(what.prune
      ? [
          // Groups on the left of `||` (set -e does not apply there): a failed prune does not fail
          // the boot, and each prune command runs whatever the one before it did.
          `${due} {`,
          auditAppend(config, what.performer, 'Pruned containers'),
          'for container_id in $DECKHAND_RM; do docker rm $container_id; done',
          auditAppend(config, what.performer, 'Pruned images'),
          listImages,
          '} || echo "pruning failed" >&2; fi'
        ]
      : []),
    `DECKHAND_OLD_STOPPED=; if [ -n "$DECKHAND_STOPPING" ] && wait "$DECKHAND_STOPPING"; then DECKHAND_OLD_STOPPED=1; ${reportLine('stopped', '$OLD')}; fi`,
    ...(what.prune
      ? [
          `${due} {`,
          `if [ -z "$DECKHAND_RM_LATER" ]; then :; elif [ -n "$DECKHAND_OLD_STOPPED" ]; then docker rm $DECKHAND_RM_LATER; else ${inUse('$DECKHAND_RM_LATER_IMAGE')}; fi`,
          // An untagged image of the service: Kamal's dangling-image prune, then its listing again.
          "case $DECKHAND_IMAGES in *':<none>'*)",
          quietly(pruneDanglingImages(config)),
          listImages,
          ';; esac',
          `if [ -n "$DECKHAND_IMAGES" ]; then printf '%s\\n' "$DECKHAND_IMAGES" | ${removeImagesNotIn(config, '${DECKHAND_IN_USE}')} > /dev/null; fi`,
          '} || echo "pruning failed" >&2; fi'
        ]
      : [])
  ]
}

/**
 * Kamal's move of `:latest[-destination]` to the new version, with its audit line (without its
 * `mkdir -p .kamal` where the script made `.kamal` first: `kamalDirMade`, see `auditAppend`).
 */
export function tagLatestLines(
  config: DeployConfig,
  performer: string,
  version: string,
  { kamalDirMade = false } = {}
): string[] {
  return [
    auditFor(kamalDirMade)(config, performer, `Tagging ${imageRef(config, version)} as the latest image`),
    tagLatest(config, version)
  ]
}
