// The fair floor: the Docker work a deploy must do, done the best way a person could do it by hand,
// over one SSH session per host with hosts in parallel. The hosts are in the same state as for our
// timed deploys: the registry credentials are stored (no `docker login`) and the new version was
// pulled before (our deploy still runs `docker pull`, which checks the tag against the registry, so
// the floor does too). A stopped container with the new container's name is there for both (the
// bench deploys v1 and v2 in turn), so the floor moves it aside with `docker rename` (what our
// deploy does, and the cheapest way by hand). Then: `docker run` the new container, run the
// image's health command in it every 0.1 s until it passes, stop the old container by its name.
// No lock, no env file, no bookkeeping, no pruning. Usage:
//   node bench/raw-floor.mjs FLEET_JSON IMAGE OLD_CONTAINER NEW_VERSION NEW_CONTAINER ASIDE HEALTH_CMD HOST...
import { readFileSync } from 'node:fs'
import ssh2 from 'ssh2'

const [fleetPath, image, oldContainer, newVersion, newContainer, aside, health, ...hosts] = process.argv.slice(2)
const fleet = JSON.parse(readFileSync(fleetPath, 'utf8'))
const key = readFileSync(fleet.ssh.privateKeyPath)
const server = fleet.registry.server

const script = [
  'set -e',
  `docker pull ${server}/${image}:${newVersion} > /dev/null`,
  `docker rename ${newContainer} ${aside}`,
  `docker run --detach --restart unless-stopped --name ${newContainer} --network kamal --label service=demo --label role=web --label destination ${server}/${image}:${newVersion} > /dev/null`,
  `until docker exec ${newContainer} ${health} > /dev/null 2>&1; do sleep 0.1; done`,
  `docker stop ${oldContainer} > /dev/null`
].join('\n')

function deployTo(host) {
  return new Promise((resolve, reject) => {
    const conn = new ssh2.Client()
    conn.on('error', reject)
    conn.on('ready', () => {
      conn.exec(script, (err, ch) => {
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

await Promise.all(hosts.map(deployTo))
