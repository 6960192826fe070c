// The fair floor: the Docker work a deploy must do, done the best way a person could do it by hand,
// over one SSH session per host with hosts in parallel. The hosts are in the same state as for our
// timed deploys: the registry credentials are stored (no `docker login`) and the new version was
// pulled before (our deploy still runs `docker pull`, which checks the tag against the registry, so
// the floor does too). A stopped container with the new container's name is there for both (the
// bench deploys v1 and v2 in turn), so the floor moves it aside with `docker rename` (what our
// deploy does, and the cheapest way by hand). Then: `docker run` the new container, run the
// image's health command in it every 0.1 s until it passes, and then, at once and in parallel, the
// state changes Kamal's deploy makes after the switch, which ours makes too: `docker stop` of the
// old container by its name, `docker tag` of the new version as LATEST (`-`: none), and `docker rm`
// of the stopped containers Kamal's retain rule removes, which the bench names per host (a person
// knows them; ours must list them). No lock, no env file, no label check, no listing, no audit log.
// Usage:
//   node bench/raw-floor.mjs FLEET_JSON IMAGE OLD_CONTAINER NEW_VERSION NEW_CONTAINER ASIDE HEALTH_CMD LATEST HOST[=C1,C2...]...
import { readFileSync } from 'node:fs'
import ssh2 from 'ssh2'

const [fleetPath, image, oldContainer, newVersion, newContainer, aside, health, latest, ...targets] =
  process.argv.slice(2)
const fleet = JSON.parse(readFileSync(fleetPath, 'utf8'))
const key = readFileSync(fleet.ssh.privateKeyPath)
const server = fleet.registry.server

const ref = `${server}/${image}`

/** One host's script: `removals` are the containers Kamal's prune removes there. */
const script = (removals) =>
  [
    'set -e',
    `docker pull ${ref}:${newVersion} > /dev/null`,
    `docker rename ${newContainer} ${aside}`,
    `docker run --detach --restart unless-stopped --name ${newContainer} --network kamal --label service=demo --label role=web --label destination ${ref}:${newVersion} > /dev/null`,
    `until docker exec ${newContainer} ${health} > /dev/null 2>&1; do sleep 0.1; done`,
    `docker stop ${oldContainer} > /dev/null & stop=$!`,
    latest === '-' ? 'tag=' : `docker tag ${ref}:${newVersion} ${ref}:${latest} & tag=$!`,
    removals.length > 0 ? `docker rm ${removals.join(' ')} > /dev/null & rm=$!` : 'rm=',
    'wait $stop; [ -z "$tag" ] || wait $tag; [ -z "$rm" ] || wait $rm'
  ].join('\n')

function deployTo(target) {
  const [host, removals = ''] = target.split('=')
  return new Promise((resolve, reject) => {
    const conn = new ssh2.Client()
    conn.on('error', reject)
    conn.on('ready', () => {
      conn.exec(script(removals.split(',').filter(Boolean)), (err, ch) => {
        if (err) return reject(err)
        let out = ''
        ch.on('data', (d) => (out += d))
        ch.stderr.on('data', (d) => (out += d))
        ch.on('close', (code) => {
          conn.end()
          if (code === 0) resolve()
          else reject(new Error(`${host}: exit ${code}: ${out}`))
        })
        ch.end()
      })
    })
    conn.connect({ host, port: 22, username: 'root', privateKey: key })
    conn.setNoDelay(true) // as the action does: no Nagle delay on the exec request
  })
}

await Promise.all(targets.map(deployTo))
