// End to end: the prune at the end of a deploy on a real host. Ours finds the stopped containers
// and the images in use from the boot's own listing (src/commands/boot.ts `afterSwitch`) instead
// of asking Docker again as Kamal's prune does; these tests check on a real dockerd that it keeps
// exactly what Kamal's rule keeps (the newest `retain_containers` stopped containers of the
// service, every image a container uses, `:latest`), and that Kamal's own prune lines, run after
// it, find nothing left to remove.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { pruneContainers, pruneImages } from '../../src/commands/docker.js'
import { parseConfigText } from '../../src/config/load.js'
import {
  demoConfigHead,
  fleetDown,
  fleetInputs,
  fleetUp,
  ip,
  makeRepo,
  onHost,
  runAction,
  type Fleet
} from './harness.js'

const RETAIN = 2

describe('the deploy’s prune on a real host', { timeout: 10 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  let image: string
  const yml = () => `${demoConfigHead(fleet)}builder:
  arch: amd64
servers:
  web:
    hosts:
      - ${ip(fleet, 'p1')}
    proxy: false
deploy_timeout: 20
readiness_delay: 0
retain_containers: ${RETAIN}
`
  const deploy = async (command: string, version: string) => {
    const { main } = await runAction({
      repo,
      inputs: fleetInputs(fleet, { command, version }),
      env: { REGISTRY_PASSWORD: fleet.registry.password }
    })
    assert.equal(main.code, 0, main.stdout)
    return main
  }
  /** The service's containers, newest first: `id state image` (the image as `docker ps` shows it). */
  const containers = () =>
    onHost('p1', `docker ps --all --filter label=service=demo --format '{{.ID}} {{.State}} {{.Image}}'`)
      .split('\n')
      .filter(Boolean)
  const stopped = () => containers().filter((l) => / (created|exited|dead) /.test(l))
  const tags = () => onHost('p1', `docker image ls --format '{{.Repository}}:{{.Tag}}' ${image}`).split('\n').sort()
  /** The service's untagged images (what `docker image prune --filter label=service=demo` may remove). */
  const untagged = () =>
    onHost('p1', `docker image ls --quiet --filter dangling=true --filter label=service=demo`)
      .split('\n')
      .filter(Boolean)
  /** Every image of the service, tagged or not: `id repository:tag`. */
  const images = () =>
    onHost('p1', `docker image ls --filter label=service=demo --format '{{.ID}} {{.Repository}}:{{.Tag}}'`)
      .split('\n')
      .sort()
  /** Kamal's prune lines (those of `kamal prune all`), run as they are: after ours they must remove nothing. */
  const kamalPruneRemovesNothing = () => {
    const config = parseConfigText(yml(), 'config/deploy.yml', undefined, {})
    const before = `${containers().join('\n')}\n${images().join('\n')}`
    onHost('p1', [pruneContainers(config), ...pruneImages(config)].join('\n'))
    assert.equal(`${containers().join('\n')}\n${images().join('\n')}`, before, 'Kamal’s prune found more to remove')
  }

  before(() => {
    fleet = fleetUp(['p1'])
    image = `${fleet.registry.server}/deckhand/demo`
    repo = makeRepo({
      'config/deploy.yml': yml(),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$REGISTRY_PASSWORD\n'
    })
  })
  after(() => {
    if (!process.env['DECKHAND_KEEP_FLEET']) fleetDown(['p1'])
  })

  test('deploy after deploy keeps the newest retain_containers stopped containers, as Kamal’s prune', async () => {
    await deploy('setup', 'v1')
    for (const [n, version] of ['v2', 'v1', 'v2', 'v1', 'v2'].entries()) {
      // What Kamal's rule keeps: of the stopped ones and the old version this deploy stops, the
      // newest (docker ps lists by creation, newest first).
      const expected = containers()
        .filter((l) => / (created|exited|dead|running) /.test(l))
        .map((l) => l.split(' ')[0])
        .slice(0, RETAIN)
      const main = await deploy('deploy', version)
      assert.deepEqual(
        stopped().map((l) => l.split(' ')[0]),
        expected,
        `deploy ${n + 1} (${version})`
      )
      assert.match(main.stdout, /is healthy, stopped v[12]/)
      kamalPruneRemovesNothing()
    }
    assert.equal(stopped().length, RETAIN)
    assert.deepEqual(tags(), [`${image}:latest`, `${image}:v1`, `${image}:v2`])
  })

  test('an image tag no container uses is removed; a stopped container whose tag moved keeps its image', async () => {
    // An image of the service (its label) that no container uses, and a stopped container created
    // from a tag that is then removed (docker ps shows it with its image ID, which keeps every tag
    // of that image, v1 here, in Kamal's rule).
    onHost(
      'p1',
      [
        `docker create --name demo-commit ${image}:v1 > /dev/null`,
        `docker commit --change 'LABEL unused=1' demo-commit ${image}:unused > /dev/null`,
        'docker rm demo-commit > /dev/null',
        `docker tag ${image}:v1 ${image}:gone`,
        `docker create --label service=demo --label role=web --label destination --name demo-web-gone ${image}:gone > /dev/null`,
        `docker rmi ${image}:gone > /dev/null`
      ].join('\n')
    )
    const gone = containers().find((l) => / created [0-9a-f]{12}$/.test(l))
    assert.ok(gone, containers().join('\n'))
    await deploy('deploy', 'v1')
    assert.deepEqual(tags(), [`${image}:latest`, `${image}:v1`, `${image}:v2`], ':unused removed, the rest kept')
    assert.equal(stopped().length, RETAIN)
    kamalPruneRemovesNothing()
    // Deploys go on from there as before.
    await deploy('deploy', 'v2')
    assert.equal(stopped().length, RETAIN)
    kamalPruneRemovesNothing()
  })

  test('an untagged image of the service is pruned once no container uses it, after the docker rm that waited for the old container’s stop', async () => {
    // Two images of the service (their label) that lose their only tag, so `docker image ls` shows
    // them as <none>:<none>: one no container uses, and one that a stopped container (the newest,
    // so kept by the next two deploys) was created from — docker ps then shows it by its ID.
    onHost(
      'p1',
      [
        `docker create --name demo-commit ${image}:v1 > /dev/null`,
        `docker commit --change 'LABEL spare=1' demo-commit ${image}:spare > /dev/null`,
        `docker commit --change 'LABEL kept=1' demo-commit ${image}:kept > /dev/null`,
        'docker rm demo-commit > /dev/null',
        `docker create --label service=demo --label role=web --label destination --name demo-web-kept ${image}:kept > /dev/null`,
        `docker tag ${image}:v1 ${image}:spare`,
        `docker tag ${image}:v1 ${image}:kept`
      ].join('\n')
    )
    const kept = onHost('p1', `docker inspect --format '{{.Image}}' demo-web-kept`)
      .replace(/^sha256:/, '')
      .slice(0, 12)
    assert.equal(untagged().length, 2, images().join('\n'))
    // The spare one goes with the first deploy's prune (and the tags on v1 no container uses).
    await deploy('deploy', 'v1')
    assert.deepEqual(untagged(), [kept], images().join('\n'))
    assert.deepEqual(tags(), [`${image}:latest`, `${image}:v1`, `${image}:v2`])
    kamalPruneRemovesNothing()
    await deploy('deploy', 'v2')
    assert.deepEqual(untagged(), [kept], images().join('\n'))
    kamalPruneRemovesNothing()
    // The third deploy removes demo-web-kept once the old container stopped; the prune follows.
    await deploy('deploy', 'v1')
    assert.ok(!containers().some((l) => l.endsWith(` ${kept}`)), containers().join('\n'))
    assert.deepEqual(untagged(), [], images().join('\n'))
    assert.equal(stopped().length, RETAIN)
    kamalPruneRemovesNothing()
  })
})
