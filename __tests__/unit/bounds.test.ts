// What the config layer refuses before any host is touched: local paths outside the working
// directory (symlinks followed), oversized config and secrets files, and values Docker would only
// refuse on the hosts (image references, volumes, ports). Errors echo values cut short.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { readInputs } from '../../src/action/inputs.js'
import { parseImageReference, portProblem, volumeProblem } from '../../src/config/docker-args.js'
import { ConfigError } from '../../src/config/errors.js'
import { loadConfig } from '../../src/config/load.js'
import { readInside, resolveInside } from '../../src/config/paths.js'
import { readSecretFiles } from '../../src/config/secrets.js'

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-bounds-'))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  return dir
}

const HEAD = 'service: app\nimage: acme/app\nservers: [10.0.0.1]\nregistry: { username: acme, password: [PW] }\n'

test('resolveInside: inside stays, .. and absolute paths out are refused, symlinks are followed', () => {
  const dir = repo({ 'config/a.conf': 'a', 'outside-target': 'x' })
  const outside = mkdtempSync(join(tmpdir(), 'deckhand-outside-'))
  writeFileSync(join(outside, 'secret'), 's')
  symlinkSync(join(outside, 'secret'), join(dir, 'config/link'))
  symlinkSync(outside, join(dir, 'config/dirlink'))
  symlinkSync(join(dir, 'config/a.conf'), join(dir, 'config/inner-link'))
  const ok = resolveInside(dir, 'config/a.conf')
  assert.ok(ok.ok && ok.path.endsWith('/config/a.conf'))
  assert.ok(resolveInside(dir, 'config/inner-link').ok, 'a symlink that stays inside is fine')
  assert.ok(resolveInside(dir, 'config/not-yet-there').ok, 'a missing file inside is judged by its directory')
  assert.deepEqual(resolveInside(dir, 'config/not-yet-there', { mustExist: true }), {
    ok: false,
    problem: '"config/not-yet-there" not found'
  })
  assert.deepEqual(resolveInside(dir, '../x'), { ok: false, problem: '"../x" is outside the working directory' })
  assert.deepEqual(resolveInside(dir, '/etc/passwd'), {
    ok: false,
    problem: '"/etc/passwd" is outside the working directory'
  })
  const link = resolveInside(dir, 'config/link')
  assert.ok(!link.ok && link.problem.includes('through a symlink, outside the working directory'))
  const through = resolveInside(dir, 'config/dirlink/new-file')
  assert.ok(!through.ok && through.problem.includes('outside the working directory'))
  assert.throws(() => readInside(dir, 'config/link'), /through a symlink, outside the working directory/)
  assert.equal(readInside(dir, 'config/a.conf').toString(), 'a')
})

test('config and secrets files over 1 MB are refused before they are read whole', () => {
  const big = `${HEAD}# ${'x'.repeat(1024 * 1024)}\n`
  const dir = repo({ 'config/deploy.yml': big, '.kamal/secrets': `PW=${'y'.repeat(1024 * 1024)}\n` })
  assert.throws(
    () => loadConfig({ workingDirectory: dir, configFile: 'config/deploy.yml', env: {} }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /Configuration file config\/deploy\.yml is 1\.0 MB; files over 1\.0 MB are refused/.test(e.message)
  )
  assert.throws(
    () => readSecretFiles(dir, '.kamal/secrets', undefined, {}),
    /\.kamal\/secrets is 1\.0 MB; files over 1\.0 MB are refused/
  )
})

test('a config file or secrets file that is a symlink out of the working directory is refused', () => {
  const dir = repo({ 'config/.keep': '' })
  const outside = mkdtempSync(join(tmpdir(), 'deckhand-outside-'))
  writeFileSync(join(outside, 'deploy.yml'), HEAD)
  writeFileSync(join(outside, 'secrets'), 'PW=x\n')
  symlinkSync(join(outside, 'deploy.yml'), join(dir, 'config/deploy.yml'))
  mkdirSync(join(dir, '.kamal'))
  symlinkSync(join(outside, 'secrets'), join(dir, '.kamal/secrets'))
  assert.throws(
    () => loadConfig({ workingDirectory: dir, configFile: 'config/deploy.yml', env: {} }),
    /Configuration file "[^"]*config\/deploy\.yml" resolves to .* through a symlink, outside the working directory/
  )
  assert.throws(
    () => readSecretFiles(dir, '.kamal/secrets', undefined, {}),
    /through a symlink, outside the working directory/
  )
})

test('image references follow Docker’s grammar', () => {
  for (const ok of [
    'nginx',
    'acme/app',
    'ghcr.io/acme/app:v1.2',
    'localhost:5000/app',
    '10.0.0.5:5000/a/b',
    '[::1]:5000/app',
    'postgres:16@sha256:' + 'a'.repeat(64),
    'a__b/c-d.e'
  ])
    assert.ok(!('problem' in parseImageReference(ok)), ok)
  for (const [bad, problem] of [
    ['app$(touch /tmp/pwned)', /not a valid image name/],
    ['Acme/App', /lowercase/],
    ['App', /lowercase/],
    ['acme/app:', /invalid tag/],
    ['acme/app:v1 v2', /invalid tag/],
    ['acme//app', /not a valid image name/],
    ['-acme/app', /not a valid image name/],
    ['acme/app@sha256:abc', /invalid digest/],
    ['ghcr.io:abc/app', /invalid registry/],
    [`acme/${'a'.repeat(300)}`, /longer than 255/]
  ] as const) {
    const r = parseImageReference(bad)
    assert.ok('problem' in r && problem.test(r.problem), `${bad}: ${JSON.stringify(r)}`)
  }
})

test('volume and port specs that Docker would refuse on the host are problems here', () => {
  for (const ok of [
    '/data:/data',
    '/data:/data:ro',
    'named:/data:rw,z',
    '$PWD/storage:/rails/storage',
    '${HOME}/x:/x',
    '/cache'
  ])
    assert.equal(volumeProblem(ok), undefined, ok)
  for (const bad of ['/a:/b; rm -rf /', 'relative:/b:ro,x', '/a b:/b', '/a:relative', '/a:/b:c:d', '/a:$(id)', ''])
    assert.notEqual(volumeProblem(bad), undefined, bad)
  for (const ok of ['5432', '127.0.0.1:5432:5432', '8080:80/udp', '[::1]:53:53/udp', '7000-7010:7000-7010'])
    assert.equal(portProblem(ok), undefined, ok)
  for (const bad of ['5432:99999', 'abc', '1.2.3.4:', '80/http', '0.0.0.0:80:80:80'])
    assert.notEqual(portProblem(bad), undefined, bad)
})

test('inputs echoed in errors are cut short, and a destination cannot name paths', () => {
  const env = (inputs: Record<string, string>) =>
    Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
  assert.throws(
    () => readInputs(env({ version: `v${'x'.repeat(100_000)}$` })),
    (e: unknown) => e instanceof Error && e.message.length < 400 && /… \(100002 characters\)/.test(e.message)
  )
  assert.throws(() => readInputs(env({ version: 'v1', destination: '../../etc' })), /Input destination/)
  assert.throws(() => readInputs(env({ version: 'v1', 'ssh-timeout': '5' })), /Input ssh-timeout/)
  assert.equal(readInputs(env({ version: 'v1', 'ssh-timeout': '120' })).sshTimeoutSeconds, 120)
  assert.equal(readInputs(env({ version: 'v1' })).sshTimeoutSeconds, 40)
})
