// Config loading: located errors (file, line, column, key path), destinations, secrets.
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig, parseConfigText } from '../../src/config/load.js'
import { parseDotenv, readSecretFiles, resolveSecrets, MissingSecretsError } from '../../src/config/secrets.js'
import { ConfigError, formatProblem } from '../../src/config/source.js'

function problems(text: string, destination?: string): string[] {
  try {
    parseConfigText(text, 'config/deploy.yml', destination)
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(formatProblem)
    throw e
  }
  assert.fail('expected a ConfigError')
}

const BASE = `service: demo
image: deckhand/demo
registry:
  server: registry.example:5000
  username: deckhand
  password: [REGISTRY_PASSWORD]
servers:
  web:
    hosts: [10.0.0.1]
    proxy: false
`

test('a valid config gets Kamal defaults', () => {
  const c = parseConfigText(BASE)
  assert.equal(c.image, 'registry.example:5000/deckhand/demo')
  assert.equal(c.retainContainers, 5)
  assert.equal(c.readinessDelay, 7)
  assert.equal(c.deployTimeout, 30)
  assert.deepEqual(c.ssh, { user: 'root', port: 22, proxy: undefined, keysOnly: undefined })
  assert.equal(c.roles[0]?.proxy, false)
  assert.equal(c.roles[0]?.restart, 'unless-stopped')
})

test('every problem is reported at once, each with file, line, column and key path', () => {
  const text = `service: demo
image: deckhand/demo
registry:
  username: deckhand
  password: [REGISTRY_PASSWORD]
servers:
  web:
    hosts: [10.0.0.1]
    options: "not a hash"
    colour: blue
healthcheck:
  path: /up
retain_containers: "many"
`
  assert.deepEqual(problems(text), [
    'config/deploy.yml:9:14: servers/web/options: should be a hash',
    'config/deploy.yml:10:5: servers/web/colour: unknown key: colour',
    'config/deploy.yml:11:1: healthcheck: unknown key: healthcheck (a Kamal 1 key: Kamal 2 health-checks roles behind kamal-proxy with proxy.healthcheck (path, interval, timeout); for roles without the proxy give the image a Docker HEALTHCHECK or set it in the role options (health-cmd, health-interval))',
    'config/deploy.yml:13:20: retain_containers: should be an integer'
  ])
})

test('unknown keys inside a role and the wrong types in accessories are located', () => {
  const text = `${BASE}    colour: blue
accessories:
  db:
    image: postgres:16
    port: 5432
    files: config/init.sql
`
  assert.deepEqual(problems(text), ['config/deploy.yml:11:5: servers/web/colour: unknown key: colour', 'config/deploy.yml:16:12: accessories/db/files: should be an array'])
})

test('semantic checks: restart policy, reserved labels, primary role, accessory placement', () => {
  const text = `service: demo
image: deckhand/demo
registry: { username: u, password: p }
servers:
  workers:
    hosts: [10.0.0.1]
    options: { restart: sometimes }
    labels: { role: x }
accessories:
  db:
    image: postgres:16
`
  assert.deepEqual(problems(text), [
    "config/deploy.yml:4:1: servers: The primary_role web isn't defined",
    'config/deploy.yml:7:25: servers/workers/options/restart: should be no, always, unless-stopped, on-failure, or on-failure:N',
    'config/deploy.yml:8:21: servers/workers/labels/role: invalid label. destination, role, and service are reserved labels',
    'config/deploy.yml:10:3: accessories/db: specify one of `host`, `hosts`, `role`, `roles`, `tag` or `tags`'
  ])
})

test('a service name with other characters and YAML syntax errors are reported with lines', () => {
  assert.deepEqual(problems(BASE.replace('service: demo', 'service: my app')), [
    'config/deploy.yml:1:10: service: Service name can only include alphanumeric characters, hyphens, and underscores'
  ])
  assert.match(problems('service: demo\n  image: [oops\n')[0] ?? '', /^config\/deploy\.yml:\d+:\d+: /)
})

test('env: tags only at the root, secret must be a list', () => {
  assert.deepEqual(problems(`${BASE}    env:\n      tags: { a: { X: "1" } }\n`), ['config/deploy.yml:12:7: servers/web/env/tags: tags are only allowed in the root env'])
  assert.deepEqual(problems(`${BASE}env:\n  secret: ONE\n`), ['config/deploy.yml:12:11: env/secret: should be an array'])
})

test('a destination file is deep-merged: hashes merge, lists replace; its errors name its own lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-config-'))
  mkdirSync(join(dir, 'config'))
  writeFileSync(join(dir, 'config/deploy.yml'), `${BASE}env:\n  clear: { A: "1", B: "2" }\n  secret: [S1]\n`)
  writeFileSync(join(dir, 'config/deploy.staging.yml'), `servers:\n  web:\n    hosts: [10.0.0.9]\nenv:\n  clear: { B: "3" }\n  secret: [S2]\n`)
  const c = loadConfig({ workingDirectory: dir, configFile: 'config/deploy.yml', destination: 'staging' })
  assert.deepEqual(c.roles[0]?.hosts.map((h) => h.address), ['10.0.0.9'])
  assert.equal(c.roles[0]?.proxy, false)
  assert.deepEqual(c.roles[0]?.env, { clear: { A: '1', B: '3' }, secret: ['S2'] })
  writeFileSync(join(dir, 'config/deploy.production.yml'), `boot:\n  limit: lots\n`)
  assert.throws(
    () => loadConfig({ workingDirectory: dir, configFile: 'config/deploy.yml', destination: 'production' }),
    (e: unknown) => e instanceof ConfigError && /^config\/deploy\.production\.yml:2:10: boot\/limit: /.test(formatProblem(e.problems[0]!))
  )
  assert.throws(
    () => loadConfig({ workingDirectory: dir, configFile: 'config/deploy.yml', destination: 'nope' }),
    /Configuration file not found in config\/deploy\.nope\.yml/
  )
})

test('dotenv secrets: quotes, comments, export, $VAR and ${VAR}, single quotes literal', () => {
  const env = { FROM_ENV: 'e1', OTHER: 'o' }
  const parsed = parseDotenv(
    `# comment
export A=plain # trailing comment
B="double $FROM_ENV \${A} \\$literal"
C='single $FROM_ENV'
D=$A-\${OTHER}
E="multi
line"
`,
    env
  )
  assert.deepEqual(Object.fromEntries(parsed), { A: 'plain', B: 'double e1 plain $literal', C: 'single $FROM_ENV', D: 'plain-o', E: 'multi\nline' })
})

test('secret files: common then destination; the file beats the environment; missing ones are named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-secrets-'))
  mkdirSync(join(dir, '.kamal'))
  writeFileSync(join(dir, '.kamal/secrets-common'), 'REGISTRY_PASSWORD=$CI_REGISTRY_PASSWORD\nS1=common\n')
  writeFileSync(join(dir, '.kamal/secrets.staging'), 'S1=staging\n')
  const env = { CI_REGISTRY_PASSWORD: 'from-ci', S1: 'env-loses' }
  const source = readSecretFiles(dir, '.kamal/secrets', 'staging', env)
  assert.deepEqual(source.files, ['.kamal/secrets-common', '.kamal/secrets.staging'])
  const config = parseConfigText(`${BASE}env:\n  secret: [S1, S2]\n`)
  assert.throws(() => resolveSecrets(config, source, env), (e: unknown) => e instanceof MissingSecretsError && e.missing.join() === 'S2' && !e.message.includes('from-ci'))
  const secrets = resolveSecrets(config, source, { ...env, S2: 'two' })
  assert.deepEqual(Object.fromEntries(secrets), { S1: 'staging', S2: 'two', REGISTRY_PASSWORD: 'from-ci' })
})

test('Kamal 1 keys at the root and in roles say what replaced them', () => {
  const text = `service: demo
image: deckhand/demo
registry: { username: u, password: p }
servers:
  web:
    hosts: [10.0.0.1]
    traefik: true
    healthcheck: { cmd: /bin/true }
traefik:
  image: traefik:v2.9
stop_wait_time: 30
accessories:
  db: { image: postgres, host: 10.0.0.2, healthcheck: {} }
`
  assert.deepEqual(problems(text), [
    'config/deploy.yml:7:5: servers/web/traefik: unknown key: traefik (a Kamal 1 key: Kamal 2 replaced Traefik with kamal-proxy, configured under proxy (a role turns it on or off with proxy: true/false))',
    'config/deploy.yml:8:5: servers/web/healthcheck: unknown key: healthcheck (a Kamal 1 key: Kamal 2 health-checks roles behind kamal-proxy with proxy.healthcheck (path, interval, timeout); for roles without the proxy give the image a Docker HEALTHCHECK or set it in the role options (health-cmd, health-interval))',
    'config/deploy.yml:9:1: traefik: unknown key: traefik (a Kamal 1 key: Kamal 2 replaced Traefik with kamal-proxy, configured under proxy (a role turns it on or off with proxy: true/false))',
    'config/deploy.yml:11:1: stop_wait_time: unknown key: stop_wait_time (a Kamal 1 key: Kamal 2 uses drain_timeout (how long kamal-proxy drains, and docker stop -t for roles without the proxy) and stop_timeout (docker stop -t for every role))',
    'config/deploy.yml:13:42: accessories/db/healthcheck: unknown key: healthcheck'
  ])
})
