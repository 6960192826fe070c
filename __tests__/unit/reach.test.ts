// How hosts are reached: OpenSSH config files (parsing, Host matching, first value wins), the %
// tokens of proxy commands, the routes deploy.yml's ssh section and the files give, the default
// ~/.ssh/config, the key sources, and a real proxy command's exit explained.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import ssh2 from 'ssh2'
import { readInputs } from '../../src/action/inputs.js'
import { sshCredentials, sshRoutes } from '../../src/action/ssh-setup.js'
import { reached } from '../../src/action/summary.js'
import { ConfigError } from '../../src/config/errors.js'
import { parseConfigText } from '../../src/config/load.js'
import { resolveInside } from '../../src/config/paths.js'
import { HostRoutes } from '../../src/config/reach.js'
import { hostMatches, lookupHost, parseSshConfig } from '../../src/config/ssh-config.js'
import { parseJumpList, parseJumpSpec } from '../../src/config/ssh.js'
import type { DeployConfig } from '../../src/config/types.js'
import { spawnProxyCommand } from '../../src/transport/route.js'
import { describeRoute, legName, showCommand, type Endpoint } from '../../src/util/endpoint.js'
import { expandTokens, unknownToken } from '../../src/util/tokens.js'

const LOCAL = { home: '/home/runner', user: 'runner' }

function config(ssh: string): DeployConfig {
  return parseConfigText(
    `service: demo
image: deckhand/demo
registry: { server: registry.example:5000, username: u, password: [PW] }
servers: [10.0.1.5]
ssh:
${ssh}
`,
    'config/deploy.yml',
    undefined,
    {}
  )
}

function routes(ssh: string, files: Record<string, string> = {}): HostRoutes {
  return new HostRoutes(
    config(ssh).ssh,
    Object.entries(files).map(([name, text]) => parseSshConfig(text, name)),
    LOCAL
  )
}

/** An endpoint in a short form: user@address:port, then how it is reached. */
function shape(ep: Endpoint): string {
  const r = ep.route
  const how = r.kind === 'jump' ? ` < ${shape(r.via)}` : r.kind === 'command' ? ` | ${r.command}` : ''
  return `${ep.user}@${ep.address}:${ep.port}${how}`
}

test('% tokens: %h %p %r %n and %% as OpenSSH substitutes them; an unknown one is an error', () => {
  const values = { h: '10.0.1.5', p: '22', r: 'root', n: 'app1' }
  assert.equal(
    expandTokens('ssh -W %h:%p -l %r bastion # %n 100%%', values),
    'ssh -W 10.0.1.5:22 -l root bastion # app1 100%'
  )
  assert.equal(expandTokens('%%h stays', values), '%h stays')
  assert.throws(() => expandTokens('nc %h %x', values), /unknown token %x/)
  assert.throws(() => expandTokens('trailing %', values), /unknown token %$/)
  assert.equal(unknownToken('nc %h %p %%x', 'hprn'), undefined)
  assert.equal(unknownToken('nc %h %C', 'hprn'), 'C')
})

test('jump host specs: [user@]host[:port], ssh:// and [v6]:port, comma chains', () => {
  assert.deepEqual(parseJumpSpec('bastion.example.com'), { host: 'bastion.example.com' })
  assert.deepEqual(parseJumpSpec('deploy@bastion:2222'), { user: 'deploy', host: 'bastion', port: 2222 })
  assert.deepEqual(parseJumpSpec('ssh://me@[2001:db8::1]:22'), { user: 'me', host: '2001:db8::1', port: 22 })
  assert.equal(parseJumpSpec('me@ bastion'), undefined)
  assert.equal(parseJumpSpec('bastion:99999'), undefined)
  assert.deepEqual(parseJumpList('a,deploy@b:2200'), [{ host: 'a' }, { user: 'deploy', host: 'b', port: 2200 }])
  assert.equal(parseJumpList('a,,b'), undefined)
})

test('ssh config: Host patterns with * ? and ! negation, case-insensitive', () => {
  assert.ok(hostMatches(['*.internal'], 'db.INTERNAL'))
  assert.ok(hostMatches(['web?'], 'web1'))
  assert.ok(!hostMatches(['web?'], 'web'), '? is exactly one character (the ssh-config package matches zero or one)')
  assert.ok(!hostMatches(['web?'], 'web12'))
  assert.ok(hostMatches(['10.0.1.*', '!10.0.1.9'], '10.0.1.5'))
  assert.ok(!hostMatches(['10.0.1.*', '!10.0.1.9'], '10.0.1.9'), 'a matching negation wins over any other pattern')
  assert.ok(!hostMatches(['!10.0.1.9'], '10.0.1.5'), 'a negation alone matches nothing')
})

test('ssh config: first value obtained wins, IdentityFile accumulates, global lines apply to all, Match and Include are named', () => {
  const file = parseSshConfig(
    `# global first
IdentityFile ~/.ssh/global
Host app*
  HostName=%h.internal
  Port 2200
  IdentityFile "~/.ssh/app key"

Host *
  HostName never-used
  Port 22
  ProxyCommand ssh -W "%h:%p" bastion
Match host app1
  User nobody
Include ~/.ssh/conf.d/*
`,
    '~/.ssh/config'
  )
  assert.deepEqual(file.notes, [
    '~/.ssh/config:12: Match blocks are not supported: the settings under this one are not used',
    '~/.ssh/config:14: Include is not followed: ~/.ssh/conf.d/* is not read'
  ])
  const app = lookupHost([file], 'app1')
  assert.equal(app.first.get('hostname')?.text, '%h.internal')
  assert.equal(app.first.get('hostname')?.line, 4)
  assert.equal(app.first.get('port')?.text, '2200')
  assert.equal(app.first.get('user'), undefined, 'the Match block is skipped')
  assert.equal(app.first.get('proxycommand')?.text, 'ssh -W "%h:%p" bastion')
  assert.deepEqual(
    app.identityFiles.map((d) => d.text),
    ['~/.ssh/global', '~/.ssh/app key']
  )
  const other = lookupHost([file], 'db1')
  assert.equal(other.first.get('hostname')?.text, 'never-used')
  assert.throws(() => parseSshConfig('Host "unbalanced\n', 'bad'), ConfigError)
})

test('routes: direct by default; ssh.proxy as one shared jump host (root by default), chains and ports', () => {
  assert.equal(shape(routes('  user: app').forHost('10.0.1.5')), 'app@10.0.1.5:22')
  const viaBastion = routes('  proxy: bastion.example.com').forHost('10.0.1.5')
  assert.equal(shape(viaBastion), 'root@10.0.1.5:22 < root@bastion.example.com:22')
  assert.equal(describeRoute(viaBastion), 'via bastion bastion.example.com')
  assert.equal(legName(viaBastion, 'host'), 'host 10.0.1.5 via bastion bastion.example.com')
  const chain = routes('  port: 2222\n  proxy: a, deploy@b:2200'.replace(', ', ',')).forHost('10.0.1.5')
  assert.equal(shape(chain), 'root@10.0.1.5:2222 < deploy@b:2200 < root@a:22')
  assert.equal(describeRoute(chain), 'via bastion a → b:2200')
})

test('routes: ssh.proxy_command with %h %p %r %n of the target; ssh.proxy wins over it, as in Kamal', () => {
  const ep = routes(
    '  user: app\n  port: 2222\n  proxy_command: cloudflared access ssh --hostname %h --port %p -- %r %n'
  ).forHost('10.0.1.5')
  assert.deepEqual(ep.route, {
    kind: 'command',
    command: 'cloudflared access ssh --hostname 10.0.1.5 --port 2222 -- app 10.0.1.5',
    shown: 'cloudflared …'
  })
  assert.equal(describeRoute(ep), "via proxy command 'cloudflared …'")
  const both = config('  proxy: b\n  proxy_command: nc %h %p')
  assert.ok(
    both.warnings.includes('ssh.proxy_command: not used, because ssh.proxy is set (Kamal uses the jump host then too)')
  )
  assert.equal(new HostRoutes(both.ssh, [], LOCAL).forHost('x').route.kind, 'jump')
  assert.equal(showCommand('nc'), 'nc')
})

test('routes from an ssh config: HostName aliases, ProxyJump chains resolved per hop, deploy.yml user/port win', () => {
  const r = routes('  user: deploy', {
    'config/ssh_config': `Host app1
  HostName 10.0.1.5
  User ubuntu
  ProxyJump jump1,jump2
  ServerAliveInterval 10
  ServerAliveCountMax 2
  IdentityFile ~/.ssh/app
  IdentitiesOnly yes
  UserKnownHostsFile ~/.ssh/known_app /dev/null
  StrictHostKeyChecking accept-new
  ForwardX11 yes
Host jump1
  HostName 192.0.2.1
  Port 2201
  ProxyCommand ssh -W %h:%p outer
Host jump2
  User hopper
`
  })
  const ep = r.forHost('app1')
  assert.equal(shape(ep), 'deploy@10.0.1.5:22 < hopper@jump2:22 < runner@192.0.2.1:2201 | ssh -W 192.0.2.1:2201 outer')
  assert.equal(describeRoute(ep), "via bastion jump1:2201 → jump2 (itself via proxy command 'ssh …')")
  assert.deepEqual(ep.keepalive, { intervalMs: 10_000, countMax: 2 })
  assert.deepEqual(ep.identityFiles, ['/home/runner/.ssh/app'])
  assert.equal(ep.identitiesOnly, true)
  assert.deepEqual(ep.knownHostsFiles, ['/home/runner/.ssh/known_app', '/dev/null'])
  assert.deepEqual(r.warnings(), [
    'config/ssh_config:3: User ubuntu is not used: ssh.user (deploy) wins, as in Kamal (for app1)',
    'config/ssh_config:10: StrictHostKeyChecking accept-new is not followed: host keys are always checked against known-hosts (for app1)',
    'config/ssh_config:11: ForwardX11 is read but not acted on by this action (for app1)'
  ])
})

test('routes: ssh.proxy wins over the file; ProxyCommand none and the first of ProxyJump/ProxyCommand obtained', () => {
  const files = {
    f: `Host a
  ProxyCommand none
Host b
  ProxyCommand nc %h %p
  ProxyJump j
Host * !j
  ProxyJump j
`
  }
  assert.equal(shape(routes('  user: root', files).forHost('a')), 'root@a:22', 'ProxyCommand none: direct')
  assert.equal(shape(routes('  user: root', files).forHost('b')), 'root@b:22 | nc b 22', 'the ProxyCommand came first')
  const r = routes('  proxy: bastion', files)
  assert.equal(shape(r.forHost('c')), 'root@c:22 < root@bastion:22 < runner@j:22')
  assert.ok(r.warnings().includes('f:7: ProxyJump is not used: ssh.proxy wins (for c)'))
})

test('routes: a ProxyJump loop or a bad one is a config error before anything connects', () => {
  assert.throws(
    () => routes('  user: root', { f: 'Host *\n  ProxyJump j\n' }).forHost('x'),
    /more than 8 jump hosts on the way to j/
  )
  assert.throws(() => routes('  user: root', { f: 'Host x\n  ProxyJump me@ j\n' }).forHost('x'), /f:2: ProxyJump/)
  assert.throws(
    () => routes('  user: root', { f: 'Host x\n  ProxyCommand nc %h %Z\n' }).forHost('x'),
    /f:2: unknown token %Z/
  )
})

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-reach-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

test('ssh.config: Kamal default true reads ~/.ssh/config when there is one; false ignores it; a named file must exist', () => {
  const home = repo({ '.ssh/config': 'Host 10.0.1.5\n  ProxyJump bastion\n' })
  const env = { HOME: home }
  assert.equal(sshRoutes(config('  user: root'), ['10.0.1.5'], home, env).routes.get('10.0.1.5'), 'via bastion bastion')
  assert.equal(sshRoutes(config('  config: false'), ['10.0.1.5'], home, env).routes.get('10.0.1.5'), 'direct')
  const empty = repo({})
  assert.equal(sshRoutes(config('  user: root'), ['10.0.1.5'], empty, { HOME: empty }).routes.get('10.0.1.5'), 'direct')
  assert.throws(
    () => sshRoutes(config('  config: config/ssh_config'), ['10.0.1.5'], empty, { HOME: empty }),
    /cannot read config\/ssh_config/
  )
  const named = repo({ 'config/ssh_config': 'Host *\n  ProxyCommand nc %h %p\n' })
  assert.equal(
    sshRoutes(config('  config: [config/ssh_config]'), ['10.0.1.5'], named, { HOME: empty }).routes.get('10.0.1.5'),
    "via proxy command 'nc …'"
  )
})

/** A new OpenSSH-format ed25519 key, written to dir/name (ssh2 makes it: no ssh-keygen needed). */
function newKey(dir: string, name: string): string {
  const key = ssh2.utils.generateKeyPairSync('ed25519', { comment: name }).private
  writeFileSync(join(dir, name), key)
  return key
}

test('keys: the input, then ssh.key_data secrets, then ssh.keys files; the agent unless keys_only; none at all is an error', () => {
  const dir = repo({})
  const input = newKey(dir, 'input')
  const fromSecret = newKey(dir, 'secret')
  mkdirSync(join(dir, 'config'))
  newKey(join(dir, 'config'), 'file')
  const inputs = readInputs({ 'INPUT_SSH-PRIVATE-KEY': input, GITHUB_SHA: 'abc', HOME: dir })
  const c = config('  key_data: [DEPLOY_KEY]\n  keys: [config/file]')
  const setup = (cfg: DeployConfig, env: Record<string, string>, withInput = true) =>
    sshCredentials(withInput ? inputs : { ...inputs, sshPrivateKey: undefined }, cfg, env, {
      workingDirectory: dir,
      secrets: new Map([['DEPLOY_KEY', fromSecret.replace(/\n/g, '\r\n')]]),
      routes: sshRoutes(cfg, ['10.0.1.5'], dir, env),
      hosts: ['10.0.1.5']
    })
  const { creds } = setup(c, { HOME: dir, SSH_AUTH_SOCK: '/tmp/agent.sock' })
  assert.deepEqual(creds.privateKeys, [input, fromSecret, readFileSync(join(dir, 'config/file'), 'utf8')])
  assert.equal(creds.agent, '/tmp/agent.sock')
  const only = setup(config('  keys_only: true\n  key_data: [DEPLOY_KEY]'), { HOME: dir, SSH_AUTH_SOCK: '/tmp/a' })
  assert.equal(only.creds.agent, undefined)
  assert.throws(
    () => setup(config('  keys_only: true'), { HOME: dir, SSH_AUTH_SOCK: '/tmp/a' }, false),
    /No SSH key: .* ssh\.keys_only rules out the ssh-agent/
  )
  const fwd = setup(config('  forward_agent: true'), { HOME: dir })
  assert.match(fwd.warnings.join('\n'), /ssh\.forward_agent: nothing is forwarded without an ssh-agent/)
  // A key file read for a run stays inside the working directory, symlinks followed.
  symlinkSync(join(repo({ key: input }), 'key'), join(dir, 'config/link'))
  assert.throws(
    () => setup(config('  keys: [config/link]'), { HOME: dir }),
    /through a symlink, outside the working directory/
  )
  writeFileSync(join(dir, 'config/bad'), 'not a key\n')
  assert.throws(
    () => setup(config('  keys: [config/bad]'), { HOME: dir }),
    /ssh\.keys config\/bad: cannot be used as an SSH key/
  )
})

test('ssh.keys stay inside the working directory, also through a symlink', () => {
  const dir = repo({ 'config/key': 'x' })
  const outside = repo({ key: 'x' })
  symlinkSync(join(outside, 'key'), join(dir, 'config/link'))
  assert.deepEqual(resolveInside(dir, 'config/key'), { ok: true, path: realpathSync(join(dir, 'config/key')) })
  assert.equal(resolveInside(dir, 'config/link').ok, false)
  assert.equal(resolveInside(dir, '../x').ok, false)
  assert.equal(resolveInside(dir, '/etc/passwd').ok, false)
})

test('a proxy command that exits at once is explained with its exit code and the end of its stderr', async () => {
  const leg = spawnProxyCommand("sh -c 'echo one >&2; echo tunnel refused >&2; exit 3'", 'sh …')
  leg.sock?.resume()
  await new Promise((resolve) => leg.sock?.on('close', resolve).on('end', resolve))
  assert.equal(await leg.explain(), "proxy command 'sh …' exited 3: one\ntunnel refused")
  leg.close()
  const running = spawnProxyCommand('sleep 30', 'sleep …')
  assert.equal(await running.explain(), undefined, 'a command still running leaves the explaining to ssh2')
  running.close()
})

test('the summary says how the hosts were reached, grouped by route', () => {
  assert.equal(reached({}), '')
  assert.equal(reached({ a: 'direct', b: 'direct' }), '<p><b>Reached</b> every host directly</p>\n')
  assert.equal(
    reached({ a: 'via bastion b1', c: 'direct', d: 'via bastion b1', e: "via proxy command 'nc …'" }),
    "<p><b>Reached</b> a, d via bastion b1; c directly; e via proxy command 'nc …'</p>\n"
  )
})
