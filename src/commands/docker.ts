// Host-level Docker commands: registry login, pulls, the network, pruning and installing Docker.
import type { DeployConfig } from '../config/types.js'
import { imageRef, latestTag } from './naming.js'
import { word } from './shell.js'

/** Kamal pulls afresh: removes a same-tag image first (may fail), pulls, checks the `service` label. */
export function pullImage(config: DeployConfig, version: string): { remove: string; pull: string; checkLabel: string } {
  const image = word(imageRef(config, version))
  return {
    remove: `docker image rm --force ${image}`,
    pull: `docker pull ${image}`,
    checkLabel: `docker inspect -f '{{ .Config.Labels.service }}' ${image} | grep -x ${word(config.service)} || (echo "Image ${imageRef(config, version)} is missing the 'service' label" && exit 1)`
  }
}

/** The `kamal` network; an existing one is fine (one docker call when it exists; a create that
 * loses a race with another exec on the host is fine too). */
export const createNetwork =
  'docker network inspect kamal > /dev/null 2>&1 || docker network create kamal > /dev/null 2>&1 || docker network inspect kamal > /dev/null'

/** Stopped containers beyond the newest `retain`, then images no container uses (keeping latest). */
export function pruneContainers(config: DeployConfig): string {
  return `docker ps -q -a --filter label=service=${word(config.service)} --filter status=created --filter status=exited --filter status=dead | tail -n +${config.retainContainers + 1} | while read container_id; do docker rm $container_id; done`
}

export function pruneImages(config: DeployConfig): string[] {
  const svc = word(config.service)
  const latest = `${config.image}:${latestTag(config)}`
  return [
    `docker image prune --force --filter label=service=${svc}`,
    `docker image ls --filter label=service=${svc} --format '{{.ID}} {{.Repository}}:{{.Tag}}' | grep -v -w "$(docker container ls -a --format '{{.Image}}\\|' --filter label=service=${svc} | tr -d '\\n')${latest}\\|${config.image}:<none>" | while read image tag; do docker rmi $tag; done`
  ]
}

/**
 * Makes sure Docker is there. When it is missing and we are root on a host with apt, install
 * Debian's docker.io and start it; otherwise print a marker the flow turns into a clear error.
 */
export const ensureDocker = [
  'if ! command -v docker > /dev/null 2>&1; then',
  '  if [ "${EUID:-$(id -u)}" -eq 0 ] && command -v apt-get > /dev/null 2>&1; then',
  '    echo "deckhand: installing docker.io" >&2',
  '    export DEBIAN_FRONTEND=noninteractive',
  '    apt-get update -qq > /dev/null && apt-get install -y -qq docker.io > /dev/null || exit 1',
  '  else echo DECKHAND_NO_DOCKER; exit 0; fi',
  'fi',
  'if ! docker info > /dev/null 2>&1; then',
  "  (unset GOGC; systemctl start docker || service docker start) > /dev/null 2>&1 # the daemon keeps Go's defaults",
  '  i=0; until docker info > /dev/null 2>&1; do i=$((i+1)); [ $i -gt 120 ] && { echo "docker did not start" >&2; exit 1; }; sleep 0.25; done',
  'fi',
  'mkdir -p .kamal'
].join('\n')
