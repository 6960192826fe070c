// The raw floor: the same Docker work a deploy does, by hand, over one SSH session per host with
// hosts in parallel — log in, pull, run the new container, wait for Docker's health check, stop
// the old container. No lock, no env files, no pruning. Usage:
//   node bench/raw-floor.mjs FLEET_JSON IMAGE OLD_VERSION NEW_VERSION HOST...
// With `--script FILE` first, runs that shell script instead, the same way (bench.ts uses this to
// time Kamal's bookkeeping commands on their own).
import { readFileSync } from 'node:fs'
import ssh2 from 'ssh2'

const argv = process.argv.slice(2)
const scriptFile = argv[0] === '--script' ? argv.splice(0, 2)[1] : undefined
const [fleetPath, image, oldVersion, newVersion, ...hosts] = argv
const fleet = JSON.parse(readFileSync(fleetPath, 'utf8'))
const key = readFileSync(fleet.ssh.privateKeyPath)
const server = fleet.registry.server

const script = scriptFile
  ? readFileSync(scriptFile, 'utf8')
  : [
      'set -e',
      `IFS= read -r P; printf '%s' "$P" | docker login ${server} -u ${fleet.registry.username} --password-stdin > /dev/null`,
      `docker pull ${server}/${image}:${newVersion} > /dev/null`,
      `docker rm -f demo-web-${newVersion} > /dev/null 2>&1 || true`,
      `docker run --detach --restart unless-stopped --name demo-web-${newVersion} --network kamal --label service=demo --label role=web --label destination ${server}/${image}:${newVersion} > /dev/null`,
      `until [ "$(docker inspect --format '{{.State.Health.Status}}' demo-web-${newVersion})" = healthy ]; do sleep 0.25; done`,
      `docker stop demo-web-${oldVersion} > /dev/null`
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
        ch.end(`${fleet.registry.password}\n`)
      })
    })
    conn.connect({ host, port: 22, username: 'root', privateKey: key })
    conn.setNoDelay(true) // as the action does: no Nagle delay on the exec request and stdin
  })
}

await Promise.all(hosts.map(deployTo))
