// Command builders against the exact lines the reference shows Kamal v2.12 sending for its
// example config (the reference's example, as Kamal's test/commands/*_test.rb build it): names, labels, quoting and order must match to the character.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { runAccessory } from '../../src/commands/accessory.js'
import { currentVersion, envFileContent, runApp, tagLatest } from '../../src/commands/app.js'
import { auditLine } from '../../src/commands/audit.js'
import { stopOldVersion } from '../../src/commands/boot.js'
import { pruneContainers, pruneImages, pullImage } from '../../src/commands/docker.js'
import {
  acquireLock,
  acquireOrShowHolder,
  lockDetailsText,
  lockStatus,
  releaseIfOwner,
  releaseLock
} from '../../src/commands/lock.js'
import { encode64, kamalValue, envFileValue, word } from '../../src/commands/shell.js'
import { parseConfigText } from '../../src/config/load.js'
import type { DeployConfig, Role } from '../../src/config/types.js'

const EXAMPLE = `
service: myapp
image: user/myapp
servers:
  web:
    - 192.168.0.1
    - 192.168.0.2
  job:
    hosts:
      - 192.168.0.3
    cmd: bin/jobs
proxy:
  host: app.example.com
  app_port: 3000
  healthcheck: { path: /up, interval: 2, timeout: 3 }
registry:
  username: user
  password: [KAMAL_REGISTRY_PASSWORD]
builder:
  arch: amd64
env:
  clear: { DB_HOST: myapp-db }
  secret: [RAILS_MASTER_KEY]
accessories:
  db:
    image: postgres:16
    host: 192.168.0.4
    port: "127.0.0.1:5432:5432"
    env:
      clear: { POSTGRES_USER: myapp }
      secret: [POSTGRES_PASSWORD]
    files:
      - config/init.sql:/docker-entrypoint-initdb.d/setup.sql
    directories:
      - data:/var/lib/postgresql/data
`

const config = parseConfigText(EXAMPLE)
const role = (name: string): Role => config.roles.find((r) => r.name === name) as Role

test('the example config parses into roles with the primary role first', () => {
  assert.deepEqual(
    config.roles.map((r) => [r.name, r.hosts.map((h) => h.address), r.proxy]),
    [
      ['web', ['192.168.0.1', '192.168.0.2'], true],
      ['job', ['192.168.0.3'], false]
    ]
  )
  assert.deepEqual(config.ignoredKeys, [])
  // The builder section is acted on (the build input or command): no warning about it.
  assert.deepEqual(config.warnings, [])
})

test('docker run of a web container is Kamal’s, argument for argument', () => {
  const web = role('web')
  assert.equal(
    runApp({ config, role: web, host: web.hosts[0]!, version: 'abc123', hostnameSuffix: '0123456789ab' }),
    'docker run --detach --restart unless-stopped --name myapp-web-abc123 --network kamal --hostname 192.168.0.1-0123456789ab --env KAMAL_CONTAINER_NAME="myapp-web-abc123" --env KAMAL_VERSION="abc123" --env KAMAL_HOST="192.168.0.1" --env DB_HOST="myapp-db" --env-file .kamal/apps/myapp/env/roles/web.env --log-opt max-size="10m" --label service="myapp" --label role="web" --label destination user/myapp:abc123'
  )
})

test('docker run of a job container appends its cmd unquoted', () => {
  const job = role('job')
  assert.equal(
    runApp({ config, role: job, host: job.hosts[0]!, version: 'abc123', hostnameSuffix: '0123456789ab' }),
    'docker run --detach --restart unless-stopped --name myapp-job-abc123 --network kamal --hostname 192.168.0.3-0123456789ab --env KAMAL_CONTAINER_NAME="myapp-job-abc123" --env KAMAL_VERSION="abc123" --env KAMAL_HOST="192.168.0.3" --env DB_HOST="myapp-db" --env-file .kamal/apps/myapp/env/roles/job.env --log-opt max-size="10m" --label service="myapp" --label role="job" --label destination user/myapp:abc123 bin/jobs'
  )
})

test('the accessory docker run matches Kamal’s', () => {
  const db = config.accessories[0]!
  assert.equal(
    runAccessory(config, db, '192.168.0.4'),
    'docker run --name myapp-db --detach --restart unless-stopped --network kamal --log-opt max-size="10m" --publish 127.0.0.1:5432:5432 --env KAMAL_HOST="192.168.0.4" --env POSTGRES_USER="myapp" --env-file .kamal/apps/myapp/env/accessories/db.env --volume $PWD/myapp-db/docker-entrypoint-initdb.d/setup.sql:/docker-entrypoint-initdb.d/setup.sql --volume $PWD/myapp-db/data:/var/lib/postgresql/data --label service="myapp-db" postgres:16'
  )
})

test('current version, stop, health, tag and prune commands match Kamal’s', () => {
  const web = role('web')
  const job = role('job')
  assert.equal(
    currentVersion(config, web),
    `sh -c 'docker ps --latest --format '\\''{{.Names}}'\\'' --filter label=service=myapp --filter label=destination= --filter label=role=web --filter status=running --filter status=restarting --filter ancestor=$(docker image ls --filter reference=user/myapp:latest --format '\\''{{.ID}}'\\'') ; docker ps --latest --format '\\''{{.Names}}'\\'' --filter label=service=myapp --filter label=destination= --filter label=role=web --filter status=running --filter status=restarting' | head -1 | while read line; do echo \${line#myapp-web-}; done`
  )
  // Kamal's stop of the old version, by the ID only the host knows (the boot's listing found it);
  // roles without the proxy drain for drain_timeout. A stop counts for the prune.
  assert.equal(
    stopOldVersion(config, web),
    'if [ -n "$DECKHAND_OLD_ID" ] && docker stop "$DECKHAND_OLD_ID" > /dev/null; then echo "DECKHAND_STOPPED=$OLD"; fi'
  )
  assert.equal(
    stopOldVersion(config, job),
    'if [ -n "$DECKHAND_OLD_ID" ] && docker stop -t 30 "$DECKHAND_OLD_ID" > /dev/null; then echo "DECKHAND_STOPPED=$OLD"; fi'
  )
  assert.equal(tagLatest(config, 'abc123'), 'docker tag user/myapp:abc123 user/myapp:latest')
  assert.equal(
    pruneContainers(config),
    'docker ps -q -a --filter label=service=myapp --filter status=created --filter status=exited --filter status=dead | tail -n +6 | while read container_id; do docker rm $container_id; done'
  )
  assert.deepEqual(pruneImages(config), [
    'docker image prune --force --filter label=service=myapp',
    `docker image ls --filter label=service=myapp --format '{{.ID}} {{.Repository}}:{{.Tag}}' | grep -v -w "$(docker container ls -a --format '{{.Image}}\\|' --filter label=service=myapp | tr -d '\\n')user/myapp:latest\\|user/myapp:<none>" | while read image tag; do docker rmi $tag; done`
  ])
  assert.deepEqual(pullImage(config, 'abc123'), {
    pull: 'docker pull user/myapp:abc123',
    checkLabel: `docker inspect -f '{{ .Config.Labels.service }}' user/myapp:abc123 | grep -x myapp || (echo "Image user/myapp:abc123 is missing the 'service' label" && exit 1)`
  })
})

test('the lock commands and details are bit-compatible with Kamal v2', () => {
  const details = {
    lockedBy: 'Deployer',
    at: new Date('2026-06-18T10:00:00.000Z'),
    version: 'abc123',
    message: 'Automatic deploy lock'
  }
  assert.equal(
    lockDetailsText(details),
    'Locked by: Deployer at 2026-06-18T10:00:00Z\nVersion: abc123\nMessage: Automatic deploy lock'
  )
  const b64 = encode64(lockDetailsText(details))
  // Ruby's encode64 wraps at 60 characters and ends every line with a newline.
  assert.ok(
    b64
      .split('\n')
      .slice(0, -1)
      .every((l, i, all) => (i < all.length - 1 ? l.length === 60 : l.length <= 60))
  )
  assert.ok(b64.endsWith('\n'))
  assert.equal(acquireLock(config, details), `mkdir .kamal/lock-myapp && echo "${b64}" > .kamal/lock-myapp/details`)
  assert.equal(lockStatus(config), 'stat .kamal/lock-myapp > /dev/null && cat .kamal/lock-myapp/details | base64 -d')
  assert.equal(releaseLock(config), 'rm .kamal/lock-myapp/details && rm -r .kamal/lock-myapp')
  const staging = parseConfigText(EXAMPLE, 'config/deploy.yml', 'staging')
  assert.equal(releaseLock(staging), 'rm .kamal/lock-myapp-staging/details && rm -r .kamal/lock-myapp-staging')
})

test('a destination changes names, labels, env file paths and the latest tag', () => {
  const staging: DeployConfig = parseConfigText(EXAMPLE, 'config/deploy.yml', 'staging')
  const web = staging.roles[0]!
  const line = runApp({
    config: staging,
    role: web,
    host: web.hosts[0]!,
    version: 'v1',
    hostnameSuffix: 'aaaaaaaaaaaa'
  })
  assert.match(line, /--name myapp-web-staging-v1 /)
  assert.match(line, /--env KAMAL_DESTINATION="staging" --env DB_HOST/)
  assert.match(line, /--env-file \.kamal\/apps\/myapp-staging\/env\/roles\/web\.env /)
  assert.match(line, /--label destination="staging" user\/myapp:v1$/)
  assert.equal(tagLatest(staging, 'v1'), 'docker tag user/myapp:v1 user/myapp:latest-staging')
})

test('Kamal’s value escaping keeps ${VAR} for the remote shell and escapes everything else', () => {
  assert.equal(kamalValue('plain'), '"plain"')
  assert.equal(kamalValue('${HOST_TOKEN}'), '"${HOST_TOKEN}"')
  assert.equal(kamalValue('a$b'), '"a\\$b"')
  assert.equal(kamalValue('say "hi" `x` \\'), '"say \\"hi\\" \\`x\\` \\\\"')
  assert.equal(kamalValue('line1\nline2'), '"line1\\nline2"')
  assert.equal(kamalValue('中文 ok'), '"中文 ok"')
  assert.equal(envFileValue('pa"ss#{x}\nnext'), 'pa"ss#{x}\\nnext')
  // Backticks are escaped for the shell only: an env file holds them as they are (found by the
  // fault suite's fuzz: a secret with a backtick reached the container as \`).
  assert.equal(envFileValue('run `id`'), 'run `id`')
  assert.equal(word('safe-name_1.2'), 'safe-name_1.2')
  assert.equal(word("it's $x"), `'it'\\''s $x'`)
})

test('env files hold one KEY=value line per secret, aliases resolved, 0 secrets = a newline', () => {
  const secrets = new Map([
    ['RAILS_MASTER_KEY', 'k"1'],
    ['DB_PW', 'x']
  ])
  assert.equal(
    envFileContent({ clear: {}, secret: ['RAILS_MASTER_KEY', 'PASSWORD:DB_PW'] }, secrets),
    'RAILS_MASTER_KEY=k"1\nPASSWORD=x\n'
  )
  assert.equal(envFileContent({ clear: {}, secret: [] }, secrets), '\n')
})

test('audit lines are escaped as one double-quoted word', () => {
  const at = new Date('2026-06-18T10:00:00Z')
  const staging = parseConfigText(EXAMPLE, 'config/deploy.yml', 'staging')
  assert.equal(
    auditLine(staging, 'deployer@example.com', 'Booted app version abc123', ['web'], at),
    'mkdir -p .kamal && echo "[2026-06-18T10:00:00Z] [deployer@example.com] [staging] [web] Booted app version abc123" >> .kamal/myapp-staging-audit.log'
  )
})

test('our lock steps wrap Kamal’s: take-or-show-holder, and release only with our token', () => {
  const details = {
    lockedBy: 'Deckhand [tok-1]',
    at: new Date('2026-06-18T10:00:00Z'),
    version: 'v1',
    message: 'Automatic deploy lock'
  }
  assert.equal(
    acquireOrShowHolder(config, details),
    `mkdir -p .kamal && { ${acquireLock(config, details)} ; } 2> /dev/null || { ${lockStatus(config)} ; exit 75 ; }`
  )
  assert.equal(
    releaseIfOwner(config, "tok-1'x"),
    `if [ ! -d .kamal/lock-myapp ]; then echo "DECKHAND_LOCK=absent"; elif base64 -d < .kamal/lock-myapp/details | grep -qF 'tok-1'\\''x'; then rm .kamal/lock-myapp/details && rm -r .kamal/lock-myapp && echo "DECKHAND_LOCK=released"; else echo "DECKHAND_LOCK=not ours"; fi`
  )
})
