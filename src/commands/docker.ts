// Host-level Docker commands (lib/kamal/commands/docker.rb, prune.rb, builder pull): pulls, the
// `kamal` network, pruning and installing Docker.
import type { DeployConfig } from '../config/types.js'
import { appsDir, imageRef, latestTag } from './naming.js'
import { reportLine, reportRawLine } from './protocol.js'
import type { Fragment } from './script.js'
import { word } from './shell.js'

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
  return `grep -x ${word(config.service)} || (echo "Image ${imageRef(config, version)} is missing the 'service' label" && exit 1)`
}

/**
 * Kamal's label check (`pullImage().checkLabel`, same grep, same message, same exit; all its
 * output on stderr, where a lock holder is read from stdout) from an inspect that also gives the image's health check as Docker's JSON, reported as `health`: the
 * boot can then probe a new container before asking Docker about it (`waitUntilReady`), and the
 * deploy saves one docker CLI start per host. The inspect's first line is the label; a failed
 * inspect leaves it empty, so the check fails as Kamal's does (Docker's error on stderr).
 */
export function checkLabelAndHealth(config: DeployConfig, version: string): Fragment {
  const image = imageRef(config, version)
  return {
    lines: [
      `DECKHAND_IMAGE=$(docker inspect -f '{{ .Config.Labels.service }}{{"\\n"}}{{json .Config.Healthcheck}}' ${word(image)}) || DECKHAND_IMAGE=`,
      `{ printf '%s\\n' "$DECKHAND_IMAGE" | head -n 1 | ${serviceLabelIs(config, version)}; } >&2`,
      reportRawLine('health', `$(printf '%s\\n' "$DECKHAND_IMAGE" | sed -n 2p)`)
    ],
    // A plan shows the boot of an image with a health check (the demo's shape).
    assumed: { health: PLANNED_HEALTH }
  }
}

/** The health check a plan assumes the image has (its command a placeholder). */
export const PLANNED_HEALTH = '{"Test":["CMD-SHELL","<the health command of the image>"],"Interval":30000000000}'

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
