// `plan` runs the real setup/deploy flows against recording hosts. For the reference's example
// config (its deploy test's example, with `proxy: false` on web), each host's plan must hold Kamal's
// exact docker lines (lib/kamal/commands/app.rb, accessory.rb), apart from the placeholders named here: <hex12> (container hostname suffix).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseConfigText } from '../../src/config/load.js'
import type { DeployConfig } from '../../src/config/types.js'
import { planSecrets, readSecretFiles } from '../../src/config/secrets.js'
import { renderAccessoryFile } from '../../src/config/erb.js'
import { selectTargets, type RunContext } from '../../src/flows/context.js'
import { describeStdin } from '../../src/commands/script.js'
import { markRunStart } from '../../src/commands/boot.js'
import { planByHost, RecordingPool, recordPlan, silentReporter } from '../../src/flows/plan.js'
import { emptyReport } from '../../src/flows/report.js'

const EXAMPLE = `
service: myapp
image: user/myapp
servers:
  web:
    hosts:
      - 192.168.0.1
      - 192.168.0.2
    proxy: false
  job:
    hosts:
      - 192.168.0.3
    cmd: bin/jobs
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
      - config/init.sql.erb:/docker-entrypoint-initdb.d/setup.sql
    directories:
      - data:/var/lib/postgresql/data
`

/** A plan run of version abc123 by octocat, on recording hosts. */
function planContext(config: DeployConfig, secrets: Map<string, string>): RunContext & { pool: RecordingPool } {
  return {
    config,
    targets: selectTargets(config, [], []),
    version: 'abc123',
    performer: 'octocat',
    secrets,
    pool: new RecordingPool(),
    reporter: silentReporter,
    lock: { name: 'Deckhand plan', token: 'tok' },
    report: emptyReport('plan', 'abc123'),
    signal: new AbortController().signal
  }
}

async function plan(planFor: 'setup' | 'deploy') {
  const config = parseConfigText(EXAMPLE, 'config/deploy.yml', undefined, {})
  const { secrets, missing } = planSecrets(
    config,
    { fromFiles: new Map([['RAILS_MASTER_KEY', 'x']]), files: [] },
    { POSTGRES_PASSWORD: 'y' }
  )
  const ctx = planContext(config, secrets)
  const read: string[] = []
  const log = await recordPlan(ctx, planFor, (path, acc) => {
    read.push(path)
    return renderAccessoryFile(
      path,
      Buffer.from("CREATE ROLE <%= ENV['POSTGRES_USER'] %> PASSWORD '<%= ENV.fetch('POSTGRES_PASSWORD') %>';"),
      acc,
      secrets,
      {}
    )
  })
  return { log, byHost: planByHost(log), missing, read, secrets }
}

const text = (steps: string[] | undefined) =>
  (steps ?? []).join('\n').replace(/--hostname (\S+)-[0-9a-f]{12} /g, '--hostname $1-<hex12> ')

const run = (host: string, role: string, tail = '') =>
  `docker run --detach --restart unless-stopped --name myapp-${role}-abc123 --network kamal --hostname ${host}-<hex12> --env KAMAL_CONTAINER_NAME="myapp-${role}-abc123" --env KAMAL_VERSION="abc123" --env KAMAL_HOST="${host}" --env DB_HOST="myapp-db" --env-file .kamal/apps/myapp/env/roles/${role}.env --log-opt max-size="10m" --label service="myapp" --label role="${role}" --label destination user/myapp:abc123${tail} > /dev/null`

/** Kamal's current-version query, when the host's one listing finds several running containers. */
const current = (role: string) =>
  `DECKHAND_CURRENT=\${1:-}; if [ $# -gt 1 ]; then DECKHAND_LATEST=$(docker ps --latest --filter label=service=myapp --filter label=destination= --filter label=role=${role} --filter status=running --filter status=restarting --filter ancestor=user/myapp:latest --format '{{.ID}}={{.Names}}' 2> /dev/null) || DECKHAND_LATEST=; DECKHAND_CURRENT=\${DECKHAND_LATEST:-$1}; fi`

// Kamal's prune lines: each host runs them at the end of its (last) boot step, since they need no
// other host, after Kamal's tag and while the old container stops; the image listing is there
// twice (while the old container stops, and again after the dangling-image prune, which runs
// after every container removal and only when the listing shows an untagged image). The finish
// step then only releases the lock on the primary host.
const LIST_IMAGES =
  "DECKHAND_IMAGES=$(docker image ls --filter label=service=myapp --format '{{.ID}} {{.Repository}}:{{.Tag}}')"
const KAMAL_PRUNE = [
  'for container_id in $DECKHAND_RM; do docker rm $container_id; done',
  LIST_IMAGES,
  'if [ -z "$DECKHAND_RM_LATER" ]; then :; elif [ -n "$DECKHAND_OLD_STOPPED" ]; then docker rm $DECKHAND_RM_LATER; else DECKHAND_IN_USE="${DECKHAND_IN_USE}$DECKHAND_RM_LATER_IMAGE\\|"; fi',
  "case $DECKHAND_IMAGES in *':<none>'*)",
  'docker image prune --force --filter label=service=myapp > /dev/null',
  LIST_IMAGES,
  `if [ -n "$DECKHAND_IMAGES" ]; then printf '%s\\n' "$DECKHAND_IMAGES" | grep -v -w "\${DECKHAND_IN_USE}user/myapp:latest\\|user/myapp:<none>" | while read image tag; do docker rmi $tag; done > /dev/null; fi`
]
const KAMAL_TAG = 'docker tag user/myapp:abc123 user/myapp:latest'

test('deploy plan: per app host, Kamal’s pull, current-version, stale stop, docker run, stop, tag and prune lines, in order', async () => {
  const { byHost, log } = await plan('deploy')
  assert.deepEqual([...byHost.keys()], ['192.168.0.1', '192.168.0.2', '192.168.0.3'])
  assert.deepEqual(
    byHost.get('192.168.0.1')?.map((s) => s.split('\n')[0]),
    [
      '# 1. pull user/myapp:abc123 and take the deploy lock (stdin: registry login)',
      '# 2. boot web abc123 (stdin: 1 file (.kamal/apps/myapp/env/roles/web.env))',
      '# 3. release the deploy lock'
    ]
  )
  for (const [host, role] of [
    ['192.168.0.1', 'web'],
    ['192.168.0.2', 'web'],
    ['192.168.0.3', 'job']
  ] as const) {
    const lines = text(byHost.get(host)).split('\n')
    const expected = [
      'docker pull user/myapp:abc123 > /dev/null',
      // Kamal's label check, from an inspect that also gives the image's health check.
      `DECKHAND_IMAGE_FILE=$(mktemp); docker inspect -f '{{ .Config.Labels.service }}{{"\\n"}}{{with .Config.Healthcheck}}{{if .Test}}{{printf "%d %d %d" .Interval .StartPeriod .Retries}}{{end}}{{end}}{{"\\n"}}{{with .Config.Healthcheck}}{{if .Test}}{{$t := index .Test 0}}{{if eq $t "CMD-SHELL"}}{{if eq (len .Test) 2}}/bin/sh{{"\\x00"}}-c{{"\\x00"}}{{index .Test 1}}{{"\\x00"}}{{end}}{{else if eq $t "CMD"}}{{range $i, $a := .Test}}{{if $i}}{{$a}}{{"\\x00"}}{{end}}{{end}}{{end}}{{end}}{{end}}' user/myapp:abc123 > "$DECKHAND_IMAGE_FILE" || : > "$DECKHAND_IMAGE_FILE"`,
      `{ DECKHAND_LABEL=; IFS= read -r DECKHAND_LABEL < "$DECKHAND_IMAGE_FILE" || :; [ "$DECKHAND_LABEL" = myapp ] || (echo "Image user/myapp:abc123 is missing the 'service' label" && exit 1); } >&2 || { rm -f "$DECKHAND_IMAGE_FILE"; exit 1; }`,
      current(role),
      // Stale containers (running, not the current version) are stopped before the boot.
      `if [ -n "$DECKHAND_STALE_IDS" ]; then docker stop -t 30 $DECKHAND_STALE_IDS > /dev/null && DECKHAND_STALE_STOPPED=$DECKHAND_STALE_IDS || echo "could not stop every stale container of ${role}" >&2; echo "DECKHAND_STALE=\${DECKHAND_STALE# }"; fi`,
      // Without the proxy, the image's health check (the plan assumes one) is probed before Docker is asked.
      ...(role === 'job'
        ? [
            `DECKHAND_PROBE_NS=90000000000; DECKHAND_PROBE_ARGS=$(mktemp); printf '%s\\0' /bin/sh -c '<the health command of the image>' > "$DECKHAND_PROBE_ARGS"`,
            markRunStart
          ]
        : []),
      run(host, role, role === 'job' ? ' bin/jobs' : ''),
      ...(role === 'job'
        ? [
            `  if xargs -0 timeout 10 docker exec myapp-job-abc123 < "$DECKHAND_PROBE_ARGS" > /dev/null 2>&1; then STATUS=healthy; READY=1; break; fi`
          ]
        : []),
      // Kamal knows the old version when it builds the line; here the host found it (its ID).
      // Both roles drain for drain_timeout (30).
      // The stop runs while Kamal's tag and prune do.
      'DECKHAND_STOPPING=; if [ -n "$DECKHAND_OLD_ID" ]; then docker stop -t 30 "$DECKHAND_OLD_ID" > /dev/null & DECKHAND_STOPPING=$!; fi',
      KAMAL_TAG,
      ...KAMAL_PRUNE
    ]
    const found = lines.filter((l) => expected.includes(l))
    assert.deepEqual(found, expected, `${host}:\n${lines.join('\n')}`)
  }
  // The lock: taken on the primary host in its pull exec, released in its finish exec.
  const primary = text(byHost.get('192.168.0.1'))
  assert.match(
    primary,
    /\nmkdir -p \.kamal && \{ mkdir \.kamal\/lock-myapp && echo "[A-Za-z0-9+/=\n]+" > \.kamal\/lock-myapp\/details ; \} 2> \/dev\/null \|\| \{ stat \.kamal\/lock-myapp > \/dev\/null && cat \.kamal\/lock-myapp\/details \| base64 -d ; exit 75 ; \}\n/
  )
  assert.ok(
    primary.includes('rm .kamal/lock-myapp/details && rm -r .kamal/lock-myapp && echo "DECKHAND_LOCK=released"')
  )
  assert.ok(!text(byHost.get('192.168.0.2')).includes('lock-myapp'))
  // Secrets only ever on stdin, and there only as placeholders.
  for (const e of log)
    assert.ok(!e.command.includes('<RAILS_MASTER_KEY>') && !e.command.includes('<KAMAL_REGISTRY_PASSWORD>'))
  const webBoot = log.find((e) => e.label === 'boot web abc123')
  assert.equal(Buffer.from(webBoot?.stdin?.trim() ?? '', 'base64').toString(), 'RAILS_MASTER_KEY=<RAILS_MASTER_KEY>\n')
})

test('setup plan: Docker and env files on every host, then the accessory with Kamal’s docker run, then the deploy', async () => {
  const { byHost, missing, read, log } = await plan('setup')
  assert.deepEqual([...byHost.keys()], ['192.168.0.1', '192.168.0.2', '192.168.0.3', '192.168.0.4'])
  assert.deepEqual(missing, ['KAMAL_REGISTRY_PASSWORD'])
  assert.deepEqual(read, ['config/init.sql.erb'])
  const db = byHost.get('192.168.0.4') ?? []
  assert.deepEqual(
    db.map((s) => s.split('\n')[0]),
    [
      '# 1. ensure Docker and push env files (stdin: 1 file (.kamal/apps/myapp/env/accessories/db.env))',
      '# 2. boot accessory db (stdin: 2 files (myapp-db/docker-entrypoint-initdb.d/setup.sql, .kamal/apps/myapp/env/accessories/db.env), registry login)'
    ]
  )
  const lines = text(db).split('\n')
  const expected = [
    'mkdir -p $PWD/myapp-db/data',
    // Rendered from ERB with the accessory's secrets in ENV: 0600, not Kamal's 0755.
    `IFS= read -r DECKHAND_FILE; (umask 077 && printf '%s' "$DECKHAND_FILE" | base64 -d > myapp-db/docker-entrypoint-initdb.d/setup.sql.deckhand-tmp) && chmod 600 myapp-db/docker-entrypoint-initdb.d/setup.sql.deckhand-tmp && mv -f myapp-db/docker-entrypoint-initdb.d/setup.sql.deckhand-tmp myapp-db/docker-entrypoint-initdb.d/setup.sql`,
    'if [ -n "$(docker ps -a -q --filter label=service=myapp-db)" ]; then echo "DECKHAND_ACCESSORY=exists"; exit 0; fi',
    'docker run --name myapp-db --detach --restart unless-stopped --network kamal --log-opt max-size="10m" --publish 127.0.0.1:5432:5432 --env KAMAL_HOST="192.168.0.4" --env POSTGRES_USER="myapp" --env-file .kamal/apps/myapp/env/accessories/db.env --volume $PWD/myapp-db/docker-entrypoint-initdb.d/setup.sql:/docker-entrypoint-initdb.d/setup.sql --volume $PWD/myapp-db/data:/var/lib/postgresql/data --label service="myapp-db" postgres:16 > /dev/null'
  ]
  assert.deepEqual(
    lines.filter((l) => expected.includes(l)),
    expected,
    lines.join('\n')
  )
  // stdin: the login (user, password), then the ERB-rendered file with the secret's placeholder.
  const boot = log.find((e) => e.label === 'boot accessory db')
  assert.deepEqual(
    boot?.stdin
      ?.trim()
      .split('\n')
      .map((l) => Buffer.from(l, 'base64').toString()),
    [
      'user',
      '<KAMAL_REGISTRY_PASSWORD>',
      "CREATE ROLE myapp PASSWORD '<POSTGRES_PASSWORD>';",
      'POSTGRES_PASSWORD=<POSTGRES_PASSWORD>\n'
    ]
  )
  // The primary host: lock first (its own exec), Docker, pull, boot, finish.
  assert.deepEqual(
    byHost.get('192.168.0.1')?.map((s) => s.split('\n')[0]),
    [
      '# 1. take the deploy lock',
      '# 2. ensure Docker and push env files (stdin: 1 file (.kamal/apps/myapp/env/roles/web.env))',
      '# 3. pull user/myapp:abc123 (stdin: registry login)',
      '# 4. boot web abc123 (stdin: 1 file (.kamal/apps/myapp/env/roles/web.env))',
      '# 5. release the deploy lock'
    ]
  )
})

test('the plan reads secrets files without running their commands, and names what stdin carries', () => {
  assert.equal(
    describeStdin([{ kind: 'login' }, { kind: 'file', path: 'a/b.env' }]),
    '(stdin: 1 file (a/b.env), registry login)'
  )
  assert.equal(describeStdin([]), undefined)
  assert.deepEqual(readSecretFiles('/nonexistent', '.kamal/secrets', undefined, {}).files, [])
})

test('accessory paths, modes and owners from the config reach the shell quoted', async () => {
  const config = parseConfigText(
    `service: app
image: acme/app
registry: { server: localhost:5000 }
accessories:
  odd:
    image: busybox
    host: 10.0.0.2
    files:
      - { local: a.conf, remote: "/etc/my app/a.conf", mode: "0600; id", owner: "x$(id)" }
    directories:
      - { local: "data dir", remote: /data, mode: "0750", owner: "a b" }
      - /abs/it's:/logs
`,
    'config/deploy.yml',
    undefined,
    {}
  )
  const pool = new RecordingPool()
  const ctx: RunContext & { pool: RecordingPool } = {
    config,
    targets: selectTargets(config, [], []),
    version: 'v1',
    performer: 't',
    secrets: new Map(),
    pool,
    reporter: silentReporter,
    lock: { name: 'p', token: 't' },
    report: emptyReport('plan', 'v1'),
    signal: new AbortController().signal
  }
  const log = await recordPlan(ctx, 'setup', () => Buffer.from('x'))
  const boot = log.find((e) => e.label === 'boot accessory odd')?.command.split('\n') ?? []
  const expected = [
    "mkdir -p $PWD/'app-odd/data dir'",
    "chmod 0750 $PWD/'app-odd/data dir'",
    "chown 'a b' $PWD/'app-odd/data dir'",
    "mkdir -p '/abs/it'\\''s'",
    "mkdir -p 'app-odd/etc/my app'",
    `IFS= read -r DECKHAND_FILE; (umask 077 && printf '%s' "$DECKHAND_FILE" | base64 -d > 'app-odd/etc/my app/a.conf.deckhand-tmp') && chmod '0600; id' 'app-odd/etc/my app/a.conf.deckhand-tmp' && mv -f 'app-odd/etc/my app/a.conf.deckhand-tmp' 'app-odd/etc/my app/a.conf'`,
    "chown 'x$(id)' 'app-odd/etc/my app/a.conf'"
  ]
  assert.deepEqual(
    boot.filter((l) => expected.includes(l)),
    expected,
    boot.join('\n')
  )
  const run = boot.find((l) => l.startsWith('docker run')) ?? ''
  assert.ok(
    run.includes(
      " --volume $PWD/'app-odd/etc/my app/a.conf:/etc/my app/a.conf' --volume $PWD/'app-odd/data dir:/data' --volume '/abs/it'\\''s:/logs' "
    ),
    run
  )
  assert.equal(
    describeStdin(log.find((e) => e.label === 'boot accessory odd')?.carries ?? []),
    '(stdin: 2 files (app-odd/etc/my app/a.conf, .kamal/apps/app/env/accessories/odd.env))'
  )
})

test('a custom TLS certificate: the key is written 0600 and given to kamal-proxy’s user, the certificate 0644', async () => {
  const config = parseConfigText(
    `service: myapp
image: user/myapp
servers: [192.168.0.1]
proxy:
  host: app.example.com
  ssl: { certificate_pem: CERT_PEM, private_key_pem: KEY_PEM }
registry: { username: user, password: [PW] }
builder: { arch: amd64 }
`,
    'config/deploy.yml',
    undefined,
    {}
  )
  const { secrets } = planSecrets(config, { fromFiles: new Map(), files: [] }, {})
  const log = await recordPlan(planContext(config, secrets), 'deploy', () => Buffer.alloc(0))
  const boot = log.find((e) => e.label === 'boot web abc123')?.command.split('\n') ?? []
  const dir = '.kamal/proxy/apps-config/myapp/tls/web'
  const expected = [
    `IFS= read -r DECKHAND_FILE; (umask 077 && printf '%s' "$DECKHAND_FILE" | base64 -d > ${dir}/cert.pem.deckhand-tmp) && chmod 644 ${dir}/cert.pem.deckhand-tmp && mv -f ${dir}/cert.pem.deckhand-tmp ${dir}/cert.pem`,
    `IFS= read -r DECKHAND_FILE; (umask 077 && printf '%s' "$DECKHAND_FILE" | base64 -d > ${dir}/key.pem.deckhand-tmp) && chmod 600 ${dir}/key.pem.deckhand-tmp && mv -f ${dir}/key.pem.deckhand-tmp ${dir}/key.pem`,
    `chown 1001:1001 ${dir}/key.pem 2> /dev/null || docker exec --user 0 kamal-proxy chown 1001:1001 /home/kamal-proxy/.apps-config/myapp/tls/web/key.pem`
  ]
  assert.deepEqual(
    boot.filter((l) => expected.includes(l)),
    expected,
    boot.join('\n')
  )
  assert.ok(boot.findIndex((l) => l.startsWith('chown')) < boot.findIndex((l) => l.includes('kamal-proxy deploy')))
})

test('deploy plan on one app host: the pull, the lock and the boot in one exec, which releases the lock at its end', async () => {
  const config = parseConfigText(
    `service: myapp
image: user/myapp
servers:
  web:
    hosts: [192.168.0.1]
    proxy: false
registry: { username: user, password: [KAMAL_REGISTRY_PASSWORD] }
builder: { arch: amd64 }
`,
    'config/deploy.yml',
    undefined,
    {}
  )
  const { secrets } = planSecrets(config, { fromFiles: new Map(), files: [] }, {})
  const byHost = planByHost(await recordPlan(planContext(config, secrets), 'deploy', () => Buffer.from('')))
  const steps = byHost.get('192.168.0.1') ?? []
  assert.deepEqual(
    steps.map((s) => s.split('\n')[0]),
    [
      '# 1. pull user/myapp:abc123, take the deploy lock and boot web abc123 (stdin: 1 file (.kamal/apps/myapp/env/roles/web.env), registry login)'
    ]
  )
  const boot = (steps[0] ?? '').split('\n')
  const at = (text: string) => boot.findIndex((l) => l.includes(text))
  // Kamal's order: pull, label check, lock; here the listing under the lock while the image is inspected.
  const order = [
    'docker pull user/myapp:abc123',
    'docker inspect -f',
    'mkdir .kamal/lock-myapp &&',
    'wait "$DECKHAND_INSPECT"',
    '[ "$DECKHAND_LABEL" = myapp ]',
    'DECKHAND_BOOT=started',
    'docker run --detach',
    'docker tag user/myapp:abc123 user/myapp:latest'
  ].map(at)
  assert.ok(
    order.every((n, i) => n > 0 && (i === 0 || n > (order[i - 1] ?? 0))),
    String(order)
  )
  // The listing under the lock (the details, base64 in Kamal's 60-column lines, end the mkdir's line).
  const listed = at('then DECKHAND_LOCKED=1; DECKHAND_PS=$(docker ps --all')
  assert.ok(listed > at('mkdir .kamal/lock-myapp &&') && listed < at('wait "$DECKHAND_INSPECT"'), String(listed))
  assert.equal(
    boot.at(-1),
    `{ if [ ! -d .kamal/lock-myapp ]; then echo "DECKHAND_LOCK=absent"; elif base64 -d < .kamal/lock-myapp/details | grep -qF 'tok'; then rm .kamal/lock-myapp/details && rm -r .kamal/lock-myapp && echo "DECKHAND_LOCK=released"; else echo "DECKHAND_LOCK=not ours"; fi ; } || echo "could not release the deploy lock here" >&2`
  )
})
