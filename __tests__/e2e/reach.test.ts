// End to end: app hosts that accept SSH only from the bastions (their own firewall), reached
// through a jump host (ssh.proxy), a proxy command (`ssh -W` via the bastion, and a plain TCP
// relay), and an OpenSSH config file with a two-hop ProxyJump. The bastions count the SSH
// connections they accept in sshd's log.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  demoConfigHead,
  fleetDown,
  fleetInputs,
  fleetUp,
  hostName,
  ip,
  makeRepo,
  onHost,
  runAction,
  startStep,
  tryOnHost,
  waitFor,
  type Fleet
} from './harness.js'

const BASTIONS = ['b1', 'b2']
const APPS = ['a1', 'a2']

function deployYml(fleet: Fleet, hosts: string[], ssh: string): string {
  return `${demoConfigHead(fleet)}builder:
  arch: amd64
servers:
  web:
    hosts:
${hosts.map((h) => `      - ${h}`).join('\n')}
    proxy: false
deploy_timeout: 15
readiness_delay: 1
ssh:
${ssh}
`
}

/** SSH on port 22 only from the bastions: the firewall of the app host itself (applied per test host). */
function firewall(fleet: Fleet, host: string): void {
  const allow = BASTIONS.map((b, i) => `iptables -I INPUT ${i + 1} -p tcp --dport 22 -s ${ip(fleet, b)} -j ACCEPT`)
  onHost(
    host,
    [
      'iptables -F INPUT',
      ...allow,
      `iptables -I INPUT ${BASTIONS.length + 1} -p tcp --dport 22 -j REJECT --reject-with tcp-reset`
    ].join(' && ')
  )
}

/** SSH connections a host's sshd accepted so far (sshd logs each authenticated one). */
function accepted(host: string, from?: string): number {
  const pattern = `Accepted publickey for root from ${from ?? ''}`
  return Number(tryOnHost(host, `grep -c '${pattern}' /var/log/sshd.log`).out || '0')
}

/** Whether a runner process is still there (a zombie left to an init that does not reap counts as ended). */
function alive(pid: string): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}

const running = (host: string, container: string) =>
  tryOnHost(host, `docker inspect -f '{{.State.Status}}' ${container}`).out === 'running'

describe('reaching hosts through a bastion, a proxy command or an ssh config file', { timeout: 15 * 60_000 }, () => {
  let fleet: Fleet
  let keyPath: string
  let knownHostsPath: string
  const env = () => ({ FLEET_REGISTRY_PASSWORD: fleet.registry.password })
  const repoWith = (ssh: string, files: Record<string, string> = {}, hosts?: string[]) =>
    makeRepo({
      'config/deploy.yml': deployYml(fleet, hosts ?? APPS.map((h) => ip(fleet, h)), ssh),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n',
      ...files
    })
  const run = (repo: string, inputs: Record<string, string>, extra: Record<string, string> = {}) =>
    runAction({ repo, inputs: fleetInputs(fleet, { ...inputs, ...extra }), env: env() })
  /** `ssh -W` through the bastion, as people write it, with the fleet's key and known hosts. */
  const sshW = () =>
    `ssh -i ${keyPath} -o UserKnownHostsFile=${knownHostsPath} -o StrictHostKeyChecking=yes -o BatchMode=yes -W %h:%p root@${ip(fleet, 'b1')}`

  before(() => {
    fleet = fleetUp([...BASTIONS.map((b) => `${b}:bare`), ...APPS])
    keyPath = fleet.ssh.privateKeyPath
    knownHostsPath = fleet.ssh.knownHostsPath
    for (const h of APPS) firewall(fleet, h)
  })
  after(() => {
    if (!process.env['DECKHAND_KEEP_FLEET']) fleetDown([...BASTIONS, ...APPS])
  })

  test('the app hosts refuse a direct connection', async () => {
    const { main } = await run(repoWith('  user: root'), { command: 'lock-status' })
    assert.notEqual(main.code, 0)
    assert.match(
      main.stdout,
      new RegExp(`host ${ip(fleet, 'a1').replace(/\./g, '\\.')}: connection refused \\(port 22\\)`)
    )
  })

  test('errors name the leg that failed: the bastion, or the host behind it', async () => {
    const b1 = ip(fleet, 'b1').replace(/\./g, '\\.')
    const a1 = ip(fleet, 'a1').replace(/\./g, '\\.')
    // Port 2222 is closed on the app hosts: the bastion cannot open the channel.
    const refused = await run(repoWith(`  port: 2222\n  proxy: root@${ip(fleet, 'b1')}`), { command: 'lock-status' })
    assert.notEqual(refused.main.code, 0)
    assert.match(refused.main.stdout, new RegExp(`host ${a1} via bastion ${b1}: connection refused \\(port 2222\\)`))
    // A key the bastion does not know.
    const dir = mkdtempSync(join(tmpdir(), 'deckhand-key-'))
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id')])
    const wrongKey = { 'ssh-private-key': readFileSync(join(dir, 'id'), 'utf8') }
    const denied = await run(repoWith(`  proxy: root@${ip(fleet, 'b1')}`), { command: 'lock-status' }, wrongKey)
    assert.notEqual(denied.main.code, 0)
    assert.match(denied.main.stdout, new RegExp(`bastion ${b1}: authentication failed for user root`))
  })

  test('setup, then deploy, through ssh.proxy: one connection at the bastion per run, hosts in parallel', async () => {
    const repo = repoWith(`  proxy: root@${ip(fleet, 'b1')}`)
    for (const [command, version] of [
      ['setup', 'v1'],
      ['deploy', 'v2']
    ] as const) {
      const before = accepted('b1')
      const { main, post } = await run(repo, { command, version })
      assert.equal(main.code, 0, main.stdout)
      assert.equal(post.code, 0, post.stdout)
      for (const h of APPS) assert.ok(running(h, `demo-web-${version}`), `${command} ${version} runs on ${h}`)
      assert.equal(accepted('b1') - before, 1, `the bastion accepted one connection for the whole ${command}`)
      assert.match(
        main.summary,
        new RegExp(`<b>Reached</b> [\\d., ]+ via bastion ${ip(fleet, 'b1').replace(/\./g, '\\.')}`)
      )
    }
  })

  test('plan names the route of each host', async () => {
    const { main } = await run(repoWith(`  proxy: ${ip(fleet, 'b1')}`), { command: 'plan', version: 'v2' })
    assert.equal(main.code, 0, main.stdout)
    assert.match(
      main.stdout,
      new RegExp(`::group::Plan of a deploy on ${ip(fleet, 'a1').replace(/\./g, '\\.')} \\(via bastion `)
    )
    assert.match(main.summary, /execs, via bastion /)
  })

  test('deploy through ssh.proxy_command `ssh -W %h:%p bastion`; the commands end with the run', async () => {
    const pids = join(mkdtempSync(join(tmpdir(), 'deckhand-pids-')), 'pids')
    // A wrapper that records its pid, then becomes the real command (as a cloudflared wrapper would).
    const repo = repoWith(`  proxy_command: "sh -c 'echo $$ >> ${pids}; exec ${sshW()}'"`)
    const before = accepted('b1')
    const { main } = await run(repo, { command: 'deploy', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
    for (const h of APPS) assert.ok(running(h, 'demo-web-v1'))
    assert.equal(accepted('b1') - before, 2, 'one `ssh -W` per host')
    assert.match(main.summary, /via proxy command &#39;sh …&#39;|via proxy command 'sh …'/)
    const started = readFileSync(pids, 'utf8').trim().split('\n')
    assert.equal(started.length, 2)
    for (const pid of started) await waitFor(`proxy command ${pid} to end with the run`, () => !alive(pid), 3000)
  })

  test('deploy through a plain TCP relay command (no SSH in the tunnel)', async () => {
    // Like cloudflared or an SSM session: bytes relayed from inside the bastion's network.
    const relay = `docker exec -i deckhand-fleet-${hostName('b1')} bash -c 'exec 3<>/dev/tcp/%h/%p; cat <&3 & exec cat >&3'`
    const { main } = await run(repoWith(`  proxy_command: "${relay}"`), { command: 'deploy', version: 'v2' })
    assert.equal(main.code, 0, main.stdout)
    for (const h of APPS) assert.ok(running(h, 'demo-web-v2'))
  })

  test('deploy through an ssh config file: host aliases, a two-hop ProxyJump, User/Port left to deploy.yml', async () => {
    const sshConfig = `# the hosts by alias, behind two jump hosts
Host app-*
  ProxyJump jump1,jump2
  User nobody
Host app-1
  HostName ${ip(fleet, 'a1')}
Host app-2
  HostName ${ip(fleet, 'a2')}
Match host app-*
  User nobody
Host jump1
  HostName ${ip(fleet, 'b1')}
  User root
Host jump2
  HostName ${ip(fleet, 'b2')}
  User root
  ServerAliveInterval 15
Host *
  StrictHostKeyChecking no
  SendEnv LANG
`
    const repo = repoWith('  config: config/ssh_config', { 'config/ssh_config': sshConfig }, ['app-1', 'app-2'])
    const [b1Before, b2Before] = [accepted('b1'), accepted('b2', ip(fleet, 'b1'))]
    const { main, post } = await run(repo, { command: 'deploy', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(post.code, 0, post.stdout)
    for (const h of APPS) assert.ok(running(h, 'demo-web-v1'))
    assert.equal(accepted('b1') - b1Before, 1, 'one connection at the first hop')
    assert.equal(accepted('b2', ip(fleet, 'b1')) - b2Before, 1, 'one connection at the second hop, from the first')
    assert.match(main.summary, /app-1, app-2 via bastion jump1 → jump2/)
    // Read and named: what is not acted on, and what never loosens host-key checks.
    assert.match(main.stdout, /config\/ssh_config:9: Match blocks are not supported/)
    assert.match(
      main.stdout,
      /config\/ssh_config:4: User nobody is not used: ssh\.user \(root\) wins, as in Kamal \(for app-1, app-2\)/
    )
    assert.match(main.stdout, /config\/ssh_config:19: StrictHostKeyChecking no is not followed/)
    assert.match(main.stdout, /config\/ssh_config:20: SendEnv is read but not acted on/)
  })

  test('an unknown bastion key stops the run before any host is touched', async () => {
    const b1 = ip(fleet, 'b1')
    const knownHosts = readFileSync(knownHostsPath, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith(`${b1} `))
      .join('\n')
    const before = accepted('b1')
    const { main, post } = await run(
      repoWith(`  proxy: root@${b1}`),
      { command: 'deploy', version: 'v2' },
      {
        'known-hosts': knownHosts
      }
    )
    assert.notEqual(main.code, 0)
    assert.equal(post.code, 0, post.stdout)
    assert.match(
      main.stdout,
      new RegExp(`bastion ${b1.replace(/\./g, '\\.')}: host key SHA256:\\S+ is not in known-hosts`)
    )
    assert.equal(accepted('b1'), before, 'nothing authenticated at the bastion')
    for (const h of APPS) {
      assert.equal(tryOnHost(h, 'test -d .kamal/lock-demo').code, 1, 'no lock was taken')
      assert.ok(running(h, 'demo-web-v1'), 'the running version is untouched')
      assert.ok(!running(h, 'demo-web-v2'))
    }
  })

  test('a proxy command that exits at once fails the run with its exit code and stderr', async () => {
    const repo = repoWith(`  proxy_command: "sh -c 'echo tunnel to %h refused by policy >&2; exit 3'"`)
    const { main } = await run(repo, { command: 'deploy', version: 'v2' })
    assert.notEqual(main.code, 0)
    assert.match(
      main.stdout,
      new RegExp(
        `host ${ip(fleet, 'a1').replace(/\./g, '\\.')}: proxy command 'sh …' exited 3: tunnel to ${ip(fleet, 'a1').replace(/\./g, '\\.')} refused by policy`
      )
    )
    for (const h of APPS) assert.ok(running(h, 'demo-web-v1'), 'the running version is untouched')
  })

  const lockPresent = () => tryOnHost(APPS[0] as string, 'test -d .kamal/lock-demo').code === 0

  test('SIGINT mid-deploy through proxy commands: the lock is released through them, then they end', async () => {
    const pids = join(mkdtempSync(join(tmpdir(), 'deckhand-pids-')), 'pids')
    const repo = repoWith(`  proxy_command: "sh -c 'echo $$ >> ${pids}; exec ${sshW()}'"`)
    const step = startStep({ repo, inputs: fleetInputs(fleet, { command: 'deploy', version: 'v2' }), env: env() })
    await waitFor('the deploy lock', lockPresent, 60_000)
    step.child.kill('SIGINT')
    const main = await step.done
    assert.equal(main.code, 1)
    assert.equal(lockPresent(), false, main.stdout)
    const started = readFileSync(pids, 'utf8').trim().split('\n')
    assert.equal(started.length, 2)
    for (const pid of started)
      await waitFor(`proxy command ${pid} to end with the cancelled run`, () => !alive(pid), 3000)
  })

  test('a killed main: the post step reaches the lock host through the bastion and releases the lock', async () => {
    const repo = repoWith(`  proxy: root@${ip(fleet, 'b1')}`)
    const inputs = fleetInputs(fleet, { command: 'deploy', version: 'v1' })
    const step = startStep({ repo, inputs, env: env() })
    await waitFor('the deploy lock', lockPresent, 60_000)
    step.child.kill('SIGKILL')
    const main = await step.done
    assert.ok(lockPresent(), 'a killed main leaves its lock behind')
    const post = await startStep({ repo, inputs, env: env(), state: main.state }).done
    assert.equal(post.code, 0, post.stdout)
    assert.match(post.stdout, /released it now/)
    assert.equal(lockPresent(), false)
  })
})
