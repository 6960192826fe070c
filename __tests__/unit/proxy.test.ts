// kamal-proxy: the proxy's `docker run` and `kamal-proxy deploy` lines for a matrix of configs,
// against the lines the reference shows Kamal v2 sending (sections 1.4, 2.2 D/F, 2.6, 2.7, 2.14),
// plus Kamal's proxy validation errors with file, line and column.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { bootProxy, proxyDeploy, proxyUrl, proxyVersion, proxyVersionCheck } from '../../src/commands/proxy.js'
import { parseConfigText } from '../../src/config/load.js'
import { requiredSecrets } from '../../src/config/secrets.js'
import { ConfigError, formatProblem } from '../../src/config/errors.js'
import type { DeployConfig, ProxyConfig, Role } from '../../src/config/types.js'

const HEAD = `service: myapp
image: user/myapp
registry:
  username: user
  password: [KAMAL_REGISTRY_PASSWORD]
`
/** Section 2.1's example (the parts that matter for the proxy). */
const EXAMPLE = `${HEAD}servers:
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
`

const parse = (text: string, destination?: string) => parseConfigText(text, 'config/deploy.yml', destination)
const role = (c: DeployConfig, name: string): Role => c.roles.find((r) => r.name === name) as Role
const webProxy = (c: DeployConfig): ProxyConfig => role(c, 'web').proxyConfig as ProxyConfig
const deployLine = (c: DeployConfig, name = 'web', target = 'a1b2c3d4e5f6') =>
  proxyDeploy({
    config: c,
    proxy: role(c, name).proxyConfig as ProxyConfig,
    service: `myapp-${name}${c.destination ? `-${c.destination}` : ''}`,
    target,
    tlsName: name
  })

function problems(text: string): string[] {
  try {
    parse(text)
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(formatProblem)
    throw e
  }
  assert.fail('expected a ConfigError')
}

const LOG_HEADERS =
  '--log-request-header="Cache-Control" --log-request-header="Last-Modified" --log-request-header="User-Agent"'

test('Kamal’s example config (its test/commands fixtures): web is proxied with the root proxy config, job is not', () => {
  const c = parse(EXAMPLE)
  assert.equal(role(c, 'web').proxy, true)
  assert.equal(role(c, 'job').proxy, false)
  assert.equal(role(c, 'job').proxyConfig, undefined)
  assert.equal(
    deployLine(c, 'web', '<id>'),
    `docker exec kamal-proxy kamal-proxy deploy myapp-web --target="<id>:3000" --host="app.example.com" --deploy-timeout="30s" --drain-timeout="30s" --health-check-interval="2s" --health-check-timeout="3s" --health-check-path="/up" --buffer-requests --buffer-responses ${LOG_HEADERS}`
  )
  assert.equal(proxyUrl(c), 'http://app.example.com')
})

test('defaults: no host is the wildcard route, port 80, only the always-sent flags', () => {
  const c = parse(`${HEAD}servers: [10.0.0.1]\n`)
  assert.equal(
    deployLine(c),
    `docker exec kamal-proxy kamal-proxy deploy myapp-web --target="a1b2c3d4e5f6:80" --deploy-timeout="30s" --drain-timeout="30s" --buffer-requests --buffer-responses ${LOG_HEADERS}`
  )
  assert.equal(proxyUrl(c), '')
})

test('several hosts (comma list or array), path prefixes, strip prefix, forwarded headers, timeouts', () => {
  const c = parse(`${HEAD}servers: [10.0.0.1]
deploy_timeout: 60
drain_timeout: 5
proxy:
  host: a.example.com,b.example.com
  path_prefix: /api,/v2
  strip_path_prefix: false
  forward_headers: true
  response_timeout: 45
  healthcheck: { path: /health }
`)
  assert.equal(
    deployLine(c),
    `docker exec kamal-proxy kamal-proxy deploy myapp-web --target="a1b2c3d4e5f6:80" --host="a.example.com" --host="b.example.com" --deploy-timeout="60s" --drain-timeout="5s" --health-check-path="/health" --target-timeout="45s" --buffer-requests --buffer-responses --path-prefix="/api" --path-prefix="/v2" --strip-path-prefix="false" --forward-headers ${LOG_HEADERS}`
  )
  const arrays = parse(
    `${HEAD}servers: [10.0.0.1]\nproxy:\n  hosts: [a.example.com, b.example.com]\n  path_prefixes: [/api]\n  forward_headers: false\n`
  )
  assert.deepEqual(webProxy(arrays).hosts, ['a.example.com', 'b.example.com'])
  assert.match(deployLine(arrays), / --path-prefix="\/api" --forward-headers="false" --log-request-header=/)
  assert.equal(proxyUrl(arrays), 'http://a.example.com')
})

test('automatic TLS on one server: --tls and the ssl_redirect flag; the url output is https', () => {
  const c = parse(`${HEAD}servers: [10.0.0.1]\nproxy:\n  host: app.example.com\n  ssl: true\n  ssl_redirect: false\n`)
  assert.equal(
    deployLine(c),
    `docker exec kamal-proxy kamal-proxy deploy myapp-web --target="a1b2c3d4e5f6:80" --host="app.example.com" --tls --deploy-timeout="30s" --drain-timeout="30s" --buffer-requests --buffer-responses --tls-redirect="false" ${LOG_HEADERS}`
  )
  assert.equal(proxyUrl(c), 'https://app.example.com')
})

test('custom certificates (any number of servers): paths under the proxy apps-config, secrets required', () => {
  const c = parse(
    `${HEAD}servers: [10.0.0.1, 10.0.0.2]\nproxy:\n  host: app.example.com\n  ssl: { certificate_pem: CERT_PEM, private_key_pem: KEY_PEM }\n`,
    'staging'
  )
  assert.equal(
    deployLine(c),
    `docker exec kamal-proxy kamal-proxy deploy myapp-web-staging --target="a1b2c3d4e5f6:80" --host="app.example.com" --tls --tls-certificate-path="/home/kamal-proxy/.apps-config/myapp-staging/tls/web/cert.pem" --tls-private-key-path="/home/kamal-proxy/.apps-config/myapp-staging/tls/web/key.pem" --deploy-timeout="30s" --drain-timeout="30s" --buffer-requests --buffer-responses ${LOG_HEADERS}`
  )
  assert.deepEqual(requiredSecrets(c).sort(), ['CERT_PEM', 'KAMAL_REGISTRY_PASSWORD', 'KEY_PEM'])
})

test('buffering off with limits, custom logged headers, a target from the remote shell', () => {
  const c = parse(`${HEAD}servers: [10.0.0.1]
proxy:
  buffering: { requests: false, responses: false, memory: 2000000, max_request_body: 40000000, max_response_body: 0 }
  logging: { request_headers: [X-Request-Id], response_headers: [X-Runtime, ETag] }
`)
  assert.equal(
    deployLine(c, 'web', '${ID}'),
    'docker exec kamal-proxy kamal-proxy deploy myapp-web --target="${ID}:80" --deploy-timeout="30s" --drain-timeout="30s" --buffer-requests="false" --buffer-responses="false" --buffer-memory="2000000" --max-request-body="40000000" --max-response-body="0" --log-request-header="X-Request-Id" --log-response-header="X-Runtime" --log-response-header="ETag"'
  )
})

test('role proxy: true, false, or a hash merged over the root (role keys win, nested hashes merge)', () => {
  const c = parse(`${HEAD}servers:
  web:
    hosts: [10.0.0.1]
    proxy: false
  api:
    hosts: [10.0.0.2]
    proxy:
      host: api.example.com
      healthcheck: { interval: 5 }
  admin:
    hosts: [10.0.0.3]
    proxy: true
primary_role: api
proxy:
  host: app.example.com
  app_port: 3000
  healthcheck: { path: /up }
`)
  assert.equal(role(c, 'web').proxy, false)
  assert.deepEqual(
    c.roles.map((r) => [r.name, r.proxy]),
    [
      ['api', true],
      ['admin', true],
      ['web', false]
    ]
  )
  assert.equal(
    deployLine(c, 'api'),
    `docker exec kamal-proxy kamal-proxy deploy myapp-api --target="a1b2c3d4e5f6:3000" --host="api.example.com" --deploy-timeout="30s" --drain-timeout="30s" --health-check-interval="5s" --health-check-path="/up" --buffer-requests --buffer-responses ${LOG_HEADERS}`
  )
  assert.match(
    deployLine(c, 'admin'),
    /deploy myapp-admin --target="a1b2c3d4e5f6:3000" --host="app.example.com" --deploy-timeout/
  )
  assert.equal(proxyUrl(c), 'http://api.example.com')
})

test('a proxied accessory: its own proxy keys only, under its service name', () => {
  const c = parse(`${HEAD}servers:\n  web:\n    hosts: [10.0.0.1]\n    proxy: false
accessories:
  grafana:
    image: grafana/grafana:11
    host: 10.0.0.4
    proxy:
      host: grafana.example.com
      app_port: 3000
      healthcheck: { path: /api/health }
`)
  const acc = c.accessories[0]
  assert.ok(acc?.proxy)
  assert.equal(
    proxyDeploy({ config: c, proxy: acc.proxy, service: acc.service, target: '0123456789ab', tlsName: acc.name }),
    `docker exec kamal-proxy kamal-proxy deploy myapp-grafana --target="0123456789ab:3000" --host="grafana.example.com" --deploy-timeout="30s" --drain-timeout="30s" --health-check-path="/api/health" --buffer-requests --buffer-responses ${LOG_HEADERS}`
  )
})

test('proxy boot without proxy.run: the legacy boot_config form with Kamal defaults', () => {
  assert.equal(
    bootProxy(webProxy(parse(EXAMPLE)).run),
    'docker container start kamal-proxy || echo $(cat .kamal/proxy/options 2> /dev/null || echo "--publish 80:80 --publish 443:443 --log-opt max-size=10m") $(cat .kamal/proxy/image 2> /dev/null || echo "basecamp/kamal-proxy"):$(cat .kamal/proxy/image_version 2> /dev/null || echo "v0.9.2") $(cat .kamal/proxy/run_command 2> /dev/null || echo "") | xargs docker run --name kamal-proxy --network kamal --detach --restart unless-stopped --volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy --volume $PWD/.kamal/proxy/apps-config:/home/kamal-proxy/.apps-config'
  )
  assert.equal(proxyVersion, `docker inspect kamal-proxy --format '{{.Config.Image}}' | awk -F: '{print $NF}'`)
})

const RUN =
  'docker container start kamal-proxy || docker run --name kamal-proxy --network kamal --detach --restart unless-stopped --volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy --volume $PWD/.kamal/proxy/apps-config:/home/kamal-proxy/.apps-config'

test('proxy boot with proxy.run: the reference example, bind IPs, no publish, registry + repository + version', () => {
  const withRun = (run: string) => webProxy(parse(`${HEAD}servers: [10.0.0.1]\nproxy:\n  run:\n${run}`)).run
  assert.equal(
    bootProxy(withRun('    http_port: 8080\n    metrics_port: 9090\n    options: { memory: 512m }\n')),
    `${RUN} --publish 8080:80 --publish 443:443 --log-opt max-size=10m --expose=9090 --memory "512m" basecamp/kamal-proxy:v0.9.2 kamal-proxy run --metrics-port "9090"`
  )
  assert.equal(
    bootProxy(withRun('    bind_ips: [127.0.0.1, "::1"]\n    https_port: 8443\n    log_max_size: 50m\n')),
    `${RUN} --publish 127.0.0.1:80:80 --publish 127.0.0.1:8443:443 --publish '[::1]:80:80' --publish '[::1]:8443:443' --log-opt max-size=50m basecamp/kamal-proxy:v0.9.2 kamal-proxy run`
  )
  assert.equal(
    bootProxy(
      withRun(
        '    publish: false\n    registry: 172.29.77.1:5000\n    repository: basecamp/kamal-proxy\n    version: v0.9.3\n'
      )
    ),
    `${RUN} --log-opt max-size=10m 172.29.77.1:5000/basecamp/kamal-proxy:v0.9.3 kamal-proxy run`
  )
})

test('a proxy older than v0.9.2 stops the boot with what to do; other tags are not judged', () => {
  const check = proxyVersionCheck()
  assert.match(
    check,
    /^DECKHAND_PV=\$\( \{ docker inspect kamal-proxy --format '\{\{\.Config\.Image\}\}' \| awk -F: '\{print \$NF\}' ; \} 2> \/dev\/null \|\| true\)\n/
  )
  // The check is shell: run it with the tag a stand-in `docker` prints.
  const run = (tag: string) =>
    spawnSync(
      'bash',
      ['-c', `docker() { echo "registry:5000/basecamp/kamal-proxy:${tag}"; }\nset -e\n${check}\necho passed`],
      { encoding: 'utf8' }
    )
  for (const old of ['v0.8.7', 'v0.9.1', '0.9.0']) {
    const r = run(old)
    assert.equal(r.status, 71, old)
    assert.match(
      r.stderr,
      new RegExp(
        `kamal-proxy version ${old} is too old, run \`kamal proxy reboot\` in order to update to at least v0\\.9\\.2`
      )
    )
  }
  for (const ok of ['v0.9.2', 'v0.9.10', 'v0.10.0', 'v1', 'latest']) assert.equal(run(ok).stdout, 'passed\n', ok)
})

test("Kamal's proxy validation errors, each with file, line and column", () => {
  assert.deepEqual(problems(`${HEAD}servers: [10.0.0.1]\nproxy:\n  ssl: true\n`), [
    'config/deploy.yml:8:3: proxy/ssl: Must set a host to enable automatic SSL'
  ])
  assert.deepEqual(problems(`${HEAD}servers: [10.0.0.1]\nproxy:\n  host: a.com\n  hosts: [b.com]\n`), [
    "config/deploy.yml:9:3: proxy/hosts: Specify one of 'host' or 'hosts', not both"
  ])
  assert.deepEqual(problems(`${HEAD}servers: [10.0.0.1]\nproxy:\n  host: a.com\n  ssl:\n    certificate_pem: CERT\n`), [
    'config/deploy.yml:9:3: proxy/ssl: Missing private_key_pem setting (required when certificate_pem is present)'
  ])
  assert.deepEqual(problems(`${HEAD}servers: [10.0.0.1]\nproxy:\n  host: a.com\n  ssl:\n    private_key_pem: KEY\n`), [
    'config/deploy.yml:9:3: proxy/ssl: Missing certificate_pem setting (required when private_key_pem is present)'
  ])
  assert.deepEqual(problems(`${HEAD}servers: [10.0.0.1]\nproxy:\n  run:\n    publish: false\n    http_port: 8080\n`), [
    'config/deploy.yml:9:5: proxy/run/publish: Cannot set http_port, https_port or bind_ips when publish is false'
  ])
  assert.deepEqual(problems(`${HEAD}servers: [10.0.0.1]\nproxy:\n  run:\n    bind_ips: [10.0.0.1, 300.1.1.1]\n`), [
    'config/deploy.yml:9:26: proxy/run/bind_ips/1: Invalid publish IP address: 300.1.1.1'
  ])
  assert.deepEqual(problems(`${HEAD}servers: [10.0.0.1, 10.0.0.2]\nproxy:\n  host: a.com\n  ssl: true\n`), [
    'config/deploy.yml:9:3: proxy/ssl: SSL is only supported on a single server unless you provide custom certificates, found 2 servers for role web'
  ])
  assert.deepEqual(
    problems(`${HEAD}servers:
  web: [10.0.0.1]
  api:
    hosts: [10.0.0.2]
    proxy:
      host: a.com
      ssl: true
proxy:
  host: a.com
  ssl: true
`),
    ["config/deploy.yml:11:7: servers/api/proxy/host: Different roles can't share the same host for SSL: a.com"]
  )
})

test('proxy keys are checked like the rest: unknown keys and wrong types located, root proxy must be a hash', () => {
  assert.deepEqual(
    problems(
      `${HEAD}servers: [10.0.0.1]\nproxy:\n  hots: a.com\n  app_port: web\n  healthcheck: { path: /up, retries: 3 }\n`
    ),
    [
      'config/deploy.yml:8:3: proxy/hots: unknown key: hots',
      'config/deploy.yml:9:13: proxy/app_port: should be an integer',
      'config/deploy.yml:10:29: proxy/healthcheck/retries: unknown key: retries'
    ]
  )
  assert.deepEqual(problems(`${HEAD}servers:\n  web:\n    hosts: [10.0.0.1]\n    proxy:\n      sll: true\n`), [
    'config/deploy.yml:10:7: servers/web/proxy/sll: unknown key: sll'
  ])
  assert.deepEqual(problems(`${HEAD}servers:\n  web:\n    hosts: [10.0.0.1]\n    proxy: yes please\n`), [
    'config/deploy.yml:9:12: servers/web/proxy: should be a boolean or a hash'
  ])
  assert.deepEqual(problems(`${HEAD}servers: [10.0.0.1]\nproxy: true\n`), [
    'config/deploy.yml:7:8: proxy: should be a hash'
  ])
  assert.deepEqual(
    problems(
      `${HEAD}servers: [10.0.0.1]\naccessories:\n  grafana:\n    image: grafana/grafana\n    host: 10.0.0.1\n    proxy: { app_prot: 3000 }\n`
    ),
    ['config/deploy.yml:11:14: accessories/grafana/proxy/app_prot: unknown key: app_prot']
  )
})

test('roles and accessories on one host must start the proxy the same way', () => {
  assert.deepEqual(
    problems(`${HEAD}servers: [10.0.0.1]
proxy:
  run: { http_port: 8080 }
accessories:
  grafana:
    image: grafana/grafana
    host: 10.0.0.1
    proxy:
      run: { http_port: 9090 }
`),
    ['config/deploy.yml:13:5: accessories/grafana/proxy: Conflicting proxy run configurations for host 10.0.0.1']
  )
})

test('boot script: a proxied role is handed to kamal-proxy instead of the Docker health wait; others keep the wait', async () => {
  const { bootScript } = await import('../../src/flows/boot.js')
  const { renderSummary } = await import('../../src/action/summary.js')
  const { emptyReport } = await import('../../src/flows/report.js')
  const c = parse(EXAMPLE)
  const ctx = {
    config: c,
    version: 'abc123',
    performer: 'octocat',
    secrets: new Map<string, string>(),
    lock: { name: 'test', token: 'tok' }
  } as unknown as Parameters<typeof bootScript>[0]
  const web = bootScript(
    ctx,
    role(c, 'web'),
    { address: '192.168.0.1', tags: [] },
    { prune: false, tag: false }
  ).command
  assert.match(web, /^DECKHAND_ID=\$\(docker container ls --all --filter 'name=\^myapp-web-abc123\$' --quiet\)$/m)
  assert.ok(
    web.includes(
      `if DECKHAND_OUT=$(docker exec kamal-proxy kamal-proxy deploy myapp-web --target="\${DECKHAND_ID}:3000" --host="app.example.com" --deploy-timeout="30s"`
    ),
    web
  )
  assert.ok(!web.includes('DEADLINE='), 'no Docker health wait for a proxied role')
  assert.ok(
    web.indexOf('kamal-proxy deploy') < web.indexOf('DECKHAND_STOPPED=$OLD'),
    'the old container is stopped only after the proxy switched'
  )
  const job = bootScript(
    ctx,
    role(c, 'job'),
    { address: '192.168.0.3', tags: [] },
    { prune: false, tag: false }
  ).command
  assert.ok(!job.includes('kamal-proxy') && job.includes('DEADLINE='))

  const report = emptyReport('deploy', 'abc123')
  report.boots.push({
    host: '192.168.0.1',
    role: 'web',
    versionBooted: 'abc123',
    health: 'healthy',
    proxy: 'switched',
    ok: true,
    seconds: 2
  })
  assert.match(
    renderSummary(report, 'Deploy'),
    /<th>Proxy<\/th><th>Seconds<\/th>.*<td>healthy<\/td><td>switched<\/td><td>2\.0<\/td>/
  )
})

test('without proxied roles the summary table has no Proxy column', async () => {
  const { renderSummary } = await import('../../src/action/summary.js')
  const { emptyReport } = await import('../../src/flows/report.js')
  const report = emptyReport('deploy', 'abc123')
  report.boots.push({
    host: '192.168.0.3',
    role: 'job',
    versionBooted: 'abc123',
    health: 'healthy',
    ok: true,
    seconds: 2
  })
  assert.match(renderSummary(report, 'Deploy'), /<th>Health<\/th><th>Seconds<\/th>.*<td>healthy<\/td><td>2\.0<\/td>/)
})
