// Host-level Docker commands (lib/kamal/commands/docker.rb, prune.rb, builder pull): pulls, the
// `kamal` network, pruning and installing Docker.
import type { DeployConfig } from '../config/types.js'
import { appsDir, imageRef, latestTag } from './naming.js'
import { reportLine } from './protocol.js'
import type { Fragment } from './script.js'
import { quote, word } from './shell.js'

/**
 * The pull of a version and Kamal's `service` label check. Unlike Kamal there is no
 * `docker image rm` first: `docker pull` checks the tag's digest anyway, and removing the image
 * races with a concurrent deploy pulling the same tag.
 */
export function pullImage(config: DeployConfig, version: string): { pull: string; checkLabel: string } {
  const image = word(imageRef(config, version))
  return {
    pull: `docker pull ${image}`,
    checkLabel: `docker inspect -f '{{ .Config.Labels.service }}' ${image} | ${serviceLabelIs(config, version)}`
  }
}

/** The end of Kamal's label check: the label on stdin must be the service, else its message and exit 1. */
function serviceLabelIs(config: DeployConfig, version: string): string {
  return `grep -x ${word(config.service)} || ${missingLabel(config, version)}`
}

/** Kamal's message when the image's `service` label is not the service, and exit 1. */
const missingLabel = (config: DeployConfig, version: string) =>
  `(echo "Image ${imageRef(config, version)} is missing the 'service' label" && exit 1)`

/**
 * The image's `service` label (line 1), its health check's `Interval`, `StartPeriod` and `Retries`
 * as numbers (line 2; empty without a health check) and its command as NUL-separated `docker exec`
 * arguments (the rest: `/bin/sh -c CMD` for CMD-SHELL, the list for CMD, nothing for NONE or
 * anything else).
 */
const IMAGE_FORMAT =
  '{{ .Config.Labels.service }}{{"\\n"}}' +
  '{{with .Config.Healthcheck}}{{if .Test}}{{printf "%d %d %d" .Interval .StartPeriod .Retries}}{{end}}{{end}}{{"\\n"}}' +
  '{{with .Config.Healthcheck}}{{if .Test}}{{$t := index .Test 0}}' +
  '{{if eq $t "CMD-SHELL"}}{{if eq (len .Test) 2}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Test 1}}{{"\\x00"}}{{end}}' +
  '{{else if eq $t "CMD"}}{{range $i, $a := .Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}{{end}}'

/**
 * One `docker inspect` of the pulled image into `$DECKHAND_IMAGE_FILE`, for `labelAndProbe` (with
 * `background`, its PID in `$DECKHAND_INSPECT`, for a script that does other work meanwhile). A
 * failed inspect leaves the file empty (Docker's error on stderr).
 */
export function inspectImage(config: DeployConfig, version: string, { background = false } = {}): string {
  const inspect = `docker inspect -f ${quote(IMAGE_FORMAT)} ${word(imageRef(config, version))} > "$DECKHAND_IMAGE_FILE"`
  return background
    ? `DECKHAND_IMAGE_FILE=$(mktemp); ${inspect} & DECKHAND_INSPECT=$!`
    : `DECKHAND_IMAGE_FILE=$(mktemp); ${inspect} || : > "$DECKHAND_IMAGE_FILE"`
}

/**
 * From `inspectImage`'s file: Kamal's label check (`pullImage().checkLabel`'s comparison, message
 * and exit, its output on stderr — a lock holder is read from stdout), running `undo` before it exits;
 * then the early probe the image's health check allows (see `waitUntilReady`):
 * `$DECKHAND_PROBE_ARGS`, a file of the health command's NUL-separated `docker exec` arguments,
 * and `$DECKHAND_PROBE_NS`, how long after the start Docker cannot have called the container
 * `unhealthy` yet, in ns — empty without a usable health check. Docker (moby daemon/health.go)
 * runs its first check `Interval` (30 s by default) after the start; a failed check counts toward
 * `Retries` (3 when 0) only when it ends after `StartPeriod` (0: none); the checks after it are at
 * least `Interval` apart (the next timer starts once a check ended; `StartInterval` only applies
 * within the start period); the `Retries`-th counted failure in a row makes it `unhealthy`. So
 * `Retries × Interval` without a start period, `StartPeriod + (Retries − 1) × Interval` with one:
 * lower bounds, as checks take time (capped at 2^53 − 1 ns, which is over 100 days).
 */
export function labelAndProbe(config: DeployConfig, version: string, undo = ''): string[] {
  return [
    // The label read by the shell itself (Kamal's `grep -x` would be two more process starts).
    `{ DECKHAND_LABEL=; IFS= read -r DECKHAND_LABEL < "$DECKHAND_IMAGE_FILE" || :; [ "$DECKHAND_LABEL" = ${word(config.service)} ] || ${missingLabel(config, version)}; } >&2 || { rm -f "$DECKHAND_IMAGE_FILE"; ${undo}exit 1; }`,
    `DECKHAND_PROBE_NS=$(awk 'NR == 2 && NF == 3 { i = $1 > 0 ? $1 : 30000000000; r = $3 > 0 ? $3 : 3; w = $2 > 0 ? $2 + (r - 1) * i : r * i; printf "%.0f", w < 9007199254740991 ? w : 9007199254740991 }' "$DECKHAND_IMAGE_FILE")`,
    'DECKHAND_PROBE_ARGS=$(mktemp); tail -n +3 "$DECKHAND_IMAGE_FILE" | head -c -1 > "$DECKHAND_PROBE_ARGS"; rm -f "$DECKHAND_IMAGE_FILE"',
    '[ -s "$DECKHAND_PROBE_ARGS" ] || DECKHAND_PROBE_NS='
  ]
}

/**
 * Kamal's label check from one inspect that also gives the image's health check (`inspectImage`,
 * `labelAndProbe`), for a pull exec: the early probe is reported as `probe` (`<ns> <base64 of the
 * arguments>`) for the boot exec, which can then probe a new container before asking Docker
 * about it — one docker CLI start per host fewer than a second inspect.
 */
export function checkLabelAndProbe(config: DeployConfig, version: string): Fragment {
  return {
    lines: [inspectImage(config, version), ...labelAndProbe(config, version), reportProbe],
    // A plan shows the boot of an image with a health check (the demo's shape).
    assumed: { probe: PLANNED_PROBE }
  }
}

/** `labelAndProbe`'s early probe reported as `probe` (`<ns> <base64 of the arguments>`), for a boot exec of its own. */
export const reportProbe = `if [ -n "$DECKHAND_PROBE_NS" ]; then ${reportLine('probe', '$DECKHAND_PROBE_NS $(base64 -w 0 < "$DECKHAND_PROBE_ARGS")')}; fi; rm -f "$DECKHAND_PROBE_ARGS"`

/** The early probe a plan assumes (Docker's defaults: 3 × 30 s; the command a placeholder). */
export const PLANNED_PROBE = `90000000000 ${Buffer.from('/bin/sh\0-c\0<the health command of the image>\0').toString('base64')}`

/** The `kamal` network; an existing one is fine (one docker call when it exists; a create that
 * loses a race with another exec on the host is fine too). */
export const createNetwork =
  'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal > /dev/null 2>&1 || docker network inspect kamal > /dev/null'

/** Stopped containers beyond the newest `retain`, then images no container uses (keeping latest). */
export function pruneContainers(config: DeployConfig, retain = config.retainContainers): string {
  return `docker ps -q -a --filter label=service=${word(config.service)} --filter status=created --filter status=exited --filter status=dead | tail -n +${retain + 1} | while read container_id; do docker rm $container_id; done`
}

export function pruneImages(config: DeployConfig): string[] {
  return [
    pruneDanglingImages(config),
    `${listServiceImages(config)} | ${removeImagesNotIn(config, `$(docker container ls -a --format '{{.Image}}\\|' --filter label=service=${word(config.service)} | tr -d '\\n')`)}`
  ]
}

/** Kamal's prune of the service's dangling images. */
export function pruneDanglingImages(config: DeployConfig): string {
  return `docker image prune --force --filter label=service=${word(config.service)}`
}

/** The service's images as `<id> <repository>:<tag>` lines (Kamal's image prune listing). */
export function listServiceImages(config: DeployConfig): string {
  return `docker image ls --filter label=service=${word(config.service)} --format '{{.ID}} {{.Repository}}:{{.Tag}}'`
}

/**
 * The end of Kamal's image prune: of the `listServiceImages` lines on stdin, `docker rmi` every tag
 * but `:latest[-destination]`, `:<none>` and those of `inUse` (a shell word that expands to
 * `<image>\|` for each image a container uses, as `docker container ls --format '{{.Image}}\|'`).
 */
export function removeImagesNotIn(config: DeployConfig, inUse: string): string {
  const latest = `${config.image}:${latestTag(config)}`
  return `grep -v -w "${inUse}${latest}\\|${config.image}:<none>" | while read image tag; do docker rmi $tag; done`
}

/**
 * Makes sure Docker is there. When it is missing and we are root on a host with apt, installs
 * Debian's docker.io and starts it (reports `docker` = installed); otherwise reports `docker` =
 * missing, which the flow turns into a clear error naming the hosts.
 */
export const ensureDocker: Fragment = {
  lines: [
    'if ! command -v docker > /dev/null 2>&1; then',
    '  if [ "${EUID:-$(id -u)}" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then',
    '    export DEBIAN_FRONTEND=noninteractive',
    '    apt-get update -qq > /dev/null && apt-get install -y -qq docker.io > /dev/null || exit 1',
    `    ${reportLine('docker', 'installed')}`,
    `  else ${reportLine('docker', 'missing')}; exit 0; fi`,
    'fi',
    'if ! docker info > /dev/null 2>&1; then',
    "  (unset GOGC; systemctl start docker || service docker start) > /dev/null 2>&1 # the daemon keeps Go's defaults",
    '  i=0; until docker info > /dev/null 2>&1; do i=$((i+1)); [ $i -gt 120 ] && { echo "docker did not start" >&2; exit 1; }; sleep 0.25; done',
    'fi',
    'mkdir -p .kamal'
  ]
}

/** `registry remove` on a host: forget the stored credentials. */
export function registryLogout(server: string | undefined): string {
  return `docker logout${server ? ` ${word(server)}` : ''}`
}

/** `app remove`: the app's directory of env files (and assets). */
export function removeAppDirectory(config: DeployConfig): string {
  return `rm -r ${word(appsDir(config))}`
}
