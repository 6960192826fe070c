// Config loading: located errors (file, line, column, key path), destinations, secrets.
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig, parseConfigText } from '../../src/config/load.js'
import { accessoryFileMode } from '../../src/commands/accessory.js'
import { configWarnings } from '../../src/config/warnings.js'
import { parseDotenv, SecretsFileError } from '../../src/config/dotenv.js'
import { readSecretFiles, resolveSecrets, MissingSecretsError } from '../../src/config/secrets.js'
import { ConfigError, formatProblem } from '../../src/config/errors.js'

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
  // Kamal's default ssh.config is true: ~/.ssh/config is read when there is one.
  assert.deepEqual(c.ssh, {
    user: 'root',
    port: 22,
    keys: [],
    keyData: [],
    keysOnly: false,
    configFiles: ['~/.ssh/config'],
    configNamed: false,
    forwardAgent: false
  })
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
  assert.deepEqual(problems(text), [
    'config/deploy.yml:11:5: servers/web/colour: unknown key: colour',
    'config/deploy.yml:16:12: accessories/db/files: should be an array'
  ])
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
  assert.deepEqual(problems(`${BASE}    env:\n      tags: { a: { X: "1" } }\n`), [
    'config/deploy.yml:12:7: servers/web/env/tags: tags are only allowed in the root env'
  ])
  assert.deepEqual(problems(`${BASE}env:\n  secret: ONE\n`), [
    'config/deploy.yml:12:11: env/secret: should be an array'
  ])
})

test('a destination file is deep-merged: hashes merge, lists replace; its errors name its own lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-config-'))
  mkdirSync(join(dir, 'config'))
  writeFileSync(join(dir, 'config/deploy.yml'), `${BASE}env:\n  clear: { A: "1", B: "2" }\n  secret: [S1]\n`)
  writeFileSync(
    join(dir, 'config/deploy.staging.yml'),
    `servers:\n  web:\n    hosts: [10.0.0.9]\nenv:\n  clear: { B: "3" }\n  secret: [S2]\n`
  )
  const c = loadConfig({ workingDirectory: dir, configFile: 'config/deploy.yml', destination: 'staging' })
  assert.deepEqual(
    c.roles[0]?.hosts.map((h) => h.address),
    ['10.0.0.9']
  )
  assert.equal(c.roles[0]?.proxy, false)
  assert.deepEqual(c.roles[0]?.env, { clear: { A: '1', B: '3' }, secret: ['S2'] })
  writeFileSync(join(dir, 'config/deploy.production.yml'), `boot:\n  limit: lots\n`)
  assert.throws(
    () => loadConfig({ workingDirectory: dir, configFile: 'config/deploy.yml', destination: 'production' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /^config\/deploy\.production\.yml:2:10: boot\/limit: /.test(formatProblem(e.problems[0]!))
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
  assert.deepEqual(Object.fromEntries(parsed), {
    A: 'plain',
    B: 'double e1 plain $literal',
    C: 'single $FROM_ENV',
    D: 'plain-o',
    E: 'multi\nline'
  })
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
  assert.throws(
    () => resolveSecrets(config, source, env),
    (e: unknown) => e instanceof MissingSecretsError && e.missing.join() === 'S2' && !e.message.includes('from-ci')
  )
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

test('builder, ssh, aliases and hooks_output: Kamal checks, located at the value', () => {
  const text = `service: demo
image: deckhand/demo
registry: { username: u, password: p }
servers:
  web: { hosts: [10.0.0.1], proxy: false }
builder:
  local: false
  cache: { type: s3 }
  pack: { builder: heroku/builder:24, buildpacks: [heroku/ruby] }
  multiarch: true
ssh:
  port: "22x"
  proxy: "a@b@c"
  key_data: ["-----BEGIN OPENSSH PRIVATE KEY-----"]
aliases:
  Console: app exec -i bin/rails console
  deploy: app details
hooks_output:
  pre-deploy: :loud
`
  // With type errors, the checks of meaning run on the config without its bad parts: one pass
  // finds all, minus echoes of the bad parts (`builder: Builder arch not set` sits above the bad
  // builder/multiarch, so it waits for the next run).
  assert.deepEqual(problems(text), [
    'config/deploy.yml:7:10: builder: Cannot disable local builds, no remote is set',
    'config/deploy.yml:8:18: builder: Invalid cache type: s3',
    "config/deploy.yml:10:3: builder/multiarch: unknown key: multiarch (a Kamal 1 key: Kamal 2's builder takes arch (a list builds several), remote (ssh://user@host) and local: false)",
    'config/deploy.yml:12:9: ssh/port: should be an integer',
    'config/deploy.yml:13:10: ssh/proxy: should be <host>, <user>@<host> or <user>@<host>:<port> (a comma list for a chain)',
    "config/deploy.yml:16:3: aliases/Console: Invalid alias name: 'Console'. Must only contain lowercase letters, alphanumeric, hyphens and underscores.",
    "config/deploy.yml:17:3: aliases/deploy: Alias 'deploy' conflicts with a built-in command.",
    "config/deploy.yml:19:15: hooks_output: Invalid hooks_output ':loud', must be one of: quiet, verbose"
  ])
  assert.deepEqual(
    problems(`${BASE}builder:
  local: { arch: amd64 }
`),
    [
      "config/deploy.yml:12:10: builder/local: should be a boolean (a Kamal 1 key: Kamal 2's builder takes arch (a list builds several), remote (ssh://user@host) and local: false)"
    ]
  )
  const semantic = text.replace('  multiarch: true\n', '  arch: [amd64, arm64]\n').replace('"22x"', '"2222"')
  assert.deepEqual(problems(semantic), [
    'config/deploy.yml:7:10: builder: Cannot disable local builds, no remote is set',
    'config/deploy.yml:8:18: builder: Invalid cache type: s3',
    'config/deploy.yml:10:9: builder: buildpacks only support building for one arch',
    'config/deploy.yml:13:10: ssh/proxy: should be <host>, <user>@<host> or <user>@<host>:<port> (a comma list for a chain)',
    "config/deploy.yml:16:3: aliases/Console: Invalid alias name: 'Console'. Must only contain lowercase letters, alphanumeric, hyphens and underscores.",
    "config/deploy.yml:17:3: aliases/deploy: Alias 'deploy' conflicts with a built-in command.",
    "config/deploy.yml:19:15: hooks_output: Invalid hooks_output ':loud', must be one of: quiet, verbose"
  ])
  assert.deepEqual(
    problems(
      `service: demo\nregistry: { server: localhost:5000 }\nservers: [10.0.0.1]\nbuilder: { arch: arm64, remote: tcp://b }\n`
    ),
    ['config/deploy.yml:4:33: builder: Local registry with remote builder requires an SSH URL (e.g., ssh://user@host)']
  )
  assert.deepEqual(problems(`${BASE}hooks_output: loud\n`), [
    "config/deploy.yml:11:15: hooks_output: Invalid hooks_output 'loud', must be one of: quiet, verbose"
  ])
})

test('keys read but not acted on are warned about once, with why (the builder is acted on now)', () => {
  const c = parseConfigText(
    `${BASE}    asset_path: /rails/public/assets
builder: { arch: amd64, remote: ssh://docker@builder }
ssh: { port: "2222", proxy: deploy@bastion, forward_agent: false }
hooks_output: :quiet
aliases: { console: app exec -i bin/rails console }
output: { file: { path: /var/log/kamal/ } }
run_directory: /etc/kamal
`,
    'config/deploy.yml',
    undefined,
    {}
  )
  assert.deepEqual(c.ssh.proxy, [{ user: 'deploy', host: 'bastion' }])
  assert.equal(c.ssh.port, 2222)
  // aliases are acted on: `command` expands them.
  assert.deepEqual(c.aliases, { console: 'app exec -i bin/rails console' })
  assert.deepEqual(configWarnings(c), [
    'servers.*.asset_path: read and validated, but not acted on by this version of the action',
    'run_directory: read and validated, but not acted on by this version of the action (Kamal 2 ignores it too: the run directory is always .kamal)',
    'output: read and validated, but not acted on by this version of the action'
  ])
})

test('secrets files: $(command) runs through /bin/sh with the env and the keys defined so far; \\$( stays literal', () => {
  const parsed = parseDotenv(
    `A=alpha
B=$(printf '%s-%s' "$A" "$FROM_ENV")
C="x $(echo '(nested)' | tr a-z A-Z) y"
D=\\$(not run)
E="\\$(not run either)"
F='$(single quoted)'
G=$(printf 'line\\n\\n')
`,
    { FROM_ENV: 'env', PATH: process.env['PATH'] }
  )
  assert.deepEqual(Object.fromEntries(parsed), {
    A: 'alpha',
    B: 'alpha-env',
    C: 'x (NESTED) y',
    D: '$(not run)',
    E: '$(not run either)',
    F: '$(single quoted)',
    G: 'line'
  })
})

test('a failing $(command) names the file, line and key, never its output', () => {
  assert.throws(
    () =>
      parseDotenv(
        'OK=1\nTOKEN=$(echo s3cr3t-value; echo oops >&2; exit 3)\n',
        { PATH: process.env['PATH'] },
        new Map(),
        { file: '.kamal/secrets' }
      ),
    (e: unknown) =>
      e instanceof SecretsFileError &&
      e.message ===
        '.kamal/secrets:2: TOKEN: the command $(echo s3cr3t-value; echo oops >&2; exit 3) failed (exit 3); its output is not shown, as it may hold secrets'
  )
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-secrets-cmd-'))
  mkdirSync(join(dir, '.kamal'))
  writeFileSync(join(dir, '.kamal/secrets-common'), 'REG=$(exit 1)\n')
  assert.throws(
    () => readSecretFiles(dir, '.kamal/secrets', undefined, { PATH: process.env['PATH'] }),
    /^SecretsFileError: \.kamal\/secrets-common:1: REG: the command \$\(exit 1\) failed \(exit 1\)/
  )
  const seen: string[] = []
  const planned = readSecretFiles(dir, '.kamal/secrets', undefined, {}, (cmd) => (seen.push(cmd), '<from command>'))
  assert.deepEqual([seen, Object.fromEntries(planned.fromFiles)], [['exit 1'], { REG: '<from command>' }])
})

test('no echoes of a bad part: a broken servers hides the checks that depend on the roles', () => {
  const text = `service: demo
image: [deckhand/demo]
registry: { username: u, password: p }
servers: 10.0.0.1
primary_role: web
accessories:
  db: { image: postgres:16, role: web }
`
  assert.deepEqual(problems(text), [
    'config/deploy.yml:2:8: image: should be a string',
    'config/deploy.yml:4:10: servers: should be an array or a hash'
  ])
})

test('an ERB accessory file rendered with secrets is written 0600, and without an owner or a mode that is warned about', () => {
  const c = parseConfigText(
    `${BASE}accessories:
  db:
    image: postgres:16
    host: 10.0.0.9
    env: { secret: [DB_PASSWORD] }
    files:
      - config/init.sql.erb:/docker-entrypoint-initdb.d/setup.sql
      - { local: config/owned.sql.erb, remote: /b.sql, owner: "999:999" }
      - { local: config/told.sql.erb, remote: /c.sql, mode: "0640" }
      - config/plain.cnf:/etc/plain.cnf
  cache:
    image: redis:7
    host: 10.0.0.9
    files:
      - config/redis.conf.erb:/etc/redis.conf
`,
    'config/deploy.yml',
    undefined,
    {}
  )
  const [db, cache] = c.accessories
  assert.deepEqual(
    db?.files.map((f) => accessoryFileMode(db, f)),
    ['600', '600', '0640', '755']
  )
  assert.deepEqual(
    cache?.files.map((f) => accessoryFileMode(cache, f)),
    ['755'],
    'no secrets: Kamal’s mode'
  )
  assert.deepEqual(configWarnings(c), [
    `accessories/db/files: config/init.sql.erb is rendered with the accessory's secrets in ENV, so it is written 0600 (readable by the SSH user only, Kamal writes 0755); give it an owner (the user its container reads it as, e.g. "999:999" for postgres) or a mode`
  ])
})
