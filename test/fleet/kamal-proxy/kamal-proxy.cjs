#!/usr/bin/env node
// A TEST STAND-IN for basecamp/kamal-proxy (https://github.com/basecamp/kamal-proxy), which cannot
// be pulled here (no Docker Hub). fleet.sh builds it into an image under kamal-proxy's repository
// name so that the action's real commands run against it unchanged. It is NOT kamal-proxy: it
// implements only the part of kamal-proxy's contract that Deckhand relies on, and checks it:
//
//   kamal-proxy run [--metrics-port N] [--debug]       the server (the container's command):
//       HTTP on :80, routing by Host header (a service without hosts is the wildcard route) and
//       path prefix; routes survive a restart (state in the kamal-proxy-config volume).
//   kamal-proxy deploy NAME --target=HOST:PORT [flags]  a separate process (`docker exec`) that asks
//       the server over a unix socket to: health-check the target with real HTTP GETs of
//       --health-check-path (default /up) every --health-check-interval (1s), each within
//       --health-check-timeout (5s), until it answers 200 or --deploy-timeout (30s) passes; then
//       switch the service to it ATOMICALLY (one assignment: every request after it goes to the
//       new target) and drain the old target (wait for its in-flight requests, at most
//       --drain-timeout, 30s). Blocks until done. A target that never gets healthy: exit 1 with
//       `Error: target failed to become healthy`, and the old target keeps serving.
//       Flags must be kamal-proxy's (unknown flags are an error, as in kamal-proxy's CLI), `--flag`
//       / `--flag=value` forms, and a host may belong to one service only.
//   kamal-proxy remove NAME, kamal-proxy list.
//   kamal-proxy stop NAME [--drain-timeout=D] [--message=M]   maintenance (Kamal's `app maintenance`):
//       waits for the service's in-flight requests (at most the drain timeout), then answers every
//       request for it with 503 and M in the body; kamal-proxy resume NAME serves it again (`app
//       live`). Both survive a restart, like the routes.
//
// TLS, buffering limits, metrics, error pages and logging flags are accepted and ignored, except
// that a custom certificate and key (--tls-certificate-path, --tls-private-key-path) must be
// readable by the user the proxy runs as, as kamal-proxy loads them: like basecamp/kamal-proxy's
// image, this one runs as the user `kamal-proxy`, uid and gid 1001 (fleet.sh builds it so).
'use strict'
const http = require('node:http')
const net = require('node:net')
const fs = require('node:fs')
const path = require('node:path')

const STATE_DIR = process.env.KAMAL_PROXY_STATE_DIR || '/home/kamal-proxy/.config/kamal-proxy'
const SOCKET = path.join(STATE_DIR, 'kamal-proxy.sock')
const STATE_FILE = path.join(STATE_DIR, 'state.json')
const HTTP_PORT = Number(process.env.KAMAL_PROXY_HTTP_PORT || 80)

const DEPLOY_FLAGS = new Set([
  'target',
  'host',
  'tls',
  'tls-certificate-path',
  'tls-private-key-path',
  'deploy-timeout',
  'drain-timeout',
  'health-check-interval',
  'health-check-timeout',
  'health-check-path',
  'target-timeout',
  'buffer-requests',
  'buffer-responses',
  'buffer-memory',
  'max-request-body',
  'max-response-body',
  'path-prefix',
  'strip-path-prefix',
  'forward-headers',
  'tls-redirect',
  'log-request-header',
  'log-response-header',
  'error-pages'
])
const REPEATABLE = new Set(['host', 'path-prefix', 'log-request-header', 'log-response-header'])

function fail(message) {
  process.stderr.write(`Error: ${message}\n`)
  process.exit(1)
}

/** `--flag`, `--flag=value` and `--flag value` (cobra's forms); positional arguments apart. */
function parseArgs(argv, allowed) {
  const flags = {}
  const positional = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('--')) {
      positional.push(a)
      continue
    }
    const eq = a.indexOf('=')
    const key = eq === -1 ? a.slice(2) : a.slice(2, eq)
    if (!allowed.has(key)) fail(`unknown flag: --${key}`)
    const value = eq === -1 ? 'true' : a.slice(eq + 1)
    if (REPEATABLE.has(key)) (flags[key] = flags[key] || []).push(...value.split(',').filter(Boolean))
    else if (key in flags) fail(`flag --${key} given twice`)
    else flags[key] = value
  }
  return { flags, positional }
}

/** kamal-proxy durations: `30s`, `500ms`, `2m`. */
function duration(value, fallbackMs, name) {
  if (value === undefined) return fallbackMs
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value)
  if (!m) fail(`invalid argument "${value}" for "--${name}" flag: time: invalid duration "${value}"`)
  return Number(m[1]) * { ms: 1, s: 1000, m: 60000 }[m[2]]
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------
function runServer() {
  fs.mkdirSync(STATE_DIR, { recursive: true })
  /** name -> { name, target, hosts, pathPrefixes, stripPrefix } */
  const services = new Map()
  try {
    for (const s of JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'))) services.set(s.name, s)
  } catch {}
  const inflight = new Map() // target -> open requests
  const save = () => {
    fs.writeFileSync(`${STATE_FILE}.tmp`, JSON.stringify([...services.values()]))
    fs.renameSync(`${STATE_FILE}.tmp`, STATE_FILE)
  }
  const log = (m) => process.stdout.write(`${new Date().toISOString()} ${m}\n`)

  function route(req) {
    const host = (req.headers.host || '').replace(/:\d+$/, '').toLowerCase()
    const url = req.url || '/'
    let best
    for (const s of services.values()) {
      if (s.hosts.length > 0 && !s.hosts.includes(host)) continue
      const prefix =
        s.pathPrefixes.length === 0
          ? ''
          : s.pathPrefixes.find(
              (p) => url === p || url.startsWith(p.endsWith('/') ? p : `${p}/`) || url.startsWith(`${p}?`)
            )
      if (prefix === undefined) continue
      // Specific hosts beat the wildcard; longer prefixes beat shorter ones.
      const score = (s.hosts.length > 0 ? 1e6 : 0) + prefix.length
      if (!best || score > best.score) best = { s, prefix, score }
    }
    return best
  }

  const server = http.createServer((req, res) => {
    const found = route(req)
    if (found && found.s.stopped) {
      res
        .writeHead(503, { 'content-type': 'text/plain' })
        .end(
          `Service Unavailable (kamal-proxy test double: ${found.s.name} is stopped)${found.s.message ? `: ${found.s.message}` : ''}\n`
        )
      return
    }
    if (!found) {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('Not Found (kamal-proxy test double: no service for this host)\n')
      return
    }
    const target = found.s.target // read once: the switch is a single assignment
    const [thost, tport] = target.split(':')
    let upstreamPath = req.url || '/'
    if (found.prefix && found.s.stripPrefix) upstreamPath = upstreamPath.slice(found.prefix.length) || '/'
    inflight.set(target, (inflight.get(target) || 0) + 1)
    let done = false
    const finish = () => {
      if (done) return
      done = true
      inflight.set(target, (inflight.get(target) || 1) - 1)
    }
    const up = http.request(
      {
        host: thost,
        port: Number(tport),
        method: req.method,
        path: upstreamPath,
        headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress },
        agent: false
      },
      (ures) => {
        res.writeHead(ures.statusCode || 502, ures.headers)
        ures.pipe(res)
        ures.on('end', finish)
        ures.on('error', finish)
      }
    )
    up.setTimeout(30000, () => up.destroy(new Error('target timeout')))
    up.on('error', (e) => {
      finish()
      log(`upstream ${target} error: ${e.message}`)
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end('Bad Gateway\n')
    })
    res.on('close', finish)
    req.pipe(up)
  })
  // Long idle keep-alive, like kamal-proxy's Go server, so clients' pooled connections stay valid.
  server.keepAliveTimeout = 65000
  server.headersTimeout = 66000

  function healthy(target, pathName, timeoutMs) {
    const [h, p] = target.split(':')
    return new Promise((resolve) => {
      const r = http.get({ host: h, port: Number(p), path: pathName, agent: false, timeout: timeoutMs }, (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      })
      r.on('timeout', () => r.destroy(new Error('timeout')))
      r.on('error', () => resolve(false))
    })
  }

  async function deploy(cmd) {
    const { name, target, hosts, pathPrefixes } = cmd
    for (const s of services.values()) {
      if (s.name === name) continue
      const shared = s.hosts.filter((h) => hosts.includes(h))
      if (shared.length > 0 || (s.hosts.length === 0 && hosts.length === 0 && sameList(s.pathPrefixes, pathPrefixes)))
        return { ok: false, error: `host settings conflict with another service (${s.name})` }
    }
    const deadline = Date.now() + cmd.deployTimeoutMs
    log(`deploy ${name}: health-checking ${target}${cmd.healthPath}`)
    for (;;) {
      if (await healthy(target, cmd.healthPath, Math.min(cmd.healthTimeoutMs, Math.max(1, deadline - Date.now()))))
        break
      if (Date.now() >= deadline) {
        log(`deploy ${name}: ${target} failed to become healthy`)
        return { ok: false, error: 'target failed to become healthy' }
      }
      await sleep(Math.min(cmd.healthIntervalMs, Math.max(0, deadline - Date.now())))
    }
    const old = services.get(name)
    // A deploy keeps a stopped (maintenance) service stopped, as kamal-proxy does.
    services.set(name, {
      name,
      target,
      hosts,
      pathPrefixes,
      stripPrefix: cmd.stripPrefix,
      ...(old && old.stopped ? { stopped: true, message: old.message } : {})
    })
    save()
    log(`deploy ${name}: switched to ${target}${old ? ` from ${old.target}` : ''}`)
    if (old && old.target !== target) {
      const drainEnd = Date.now() + cmd.drainTimeoutMs
      while ((inflight.get(old.target) || 0) > 0 && Date.now() < drainEnd) await sleep(20)
      log(`deploy ${name}: drained ${old.target} (${inflight.get(old.target) || 0} requests left)`)
    }
    return { ok: true }
  }

  const admin = net.createServer((sock) => {
    let buf = ''
    sock.on('data', async (d) => {
      buf += d
      if (!buf.includes('\n')) return
      const cmd = JSON.parse(buf.slice(0, buf.indexOf('\n')))
      let reply
      if (cmd.cmd === 'deploy') reply = await deploy(cmd)
      else if (cmd.cmd === 'remove') {
        reply = services.delete(cmd.name) ? { ok: true } : { ok: false, error: 'service not found' }
        save()
      } else if (cmd.cmd === 'stop' || cmd.cmd === 'resume') {
        const svc = services.get(cmd.name)
        if (!svc) reply = { ok: false, error: 'service not found' }
        else {
          if (cmd.cmd === 'stop') {
            const drainEnd = Date.now() + cmd.drainTimeoutMs
            while ((inflight.get(svc.target) || 0) > 0 && Date.now() < drainEnd) await sleep(20)
            svc.stopped = true
            svc.message = cmd.message
          } else {
            delete svc.stopped
            delete svc.message
          }
          save()
          log(`${cmd.cmd} ${cmd.name}`)
          reply = { ok: true }
        }
      } else if (cmd.cmd === 'list') reply = { ok: true, services: [...services.values()] }
      else reply = { ok: false, error: `unknown command ${cmd.cmd}` }
      sock.end(JSON.stringify(reply) + '\n')
    })
    sock.on('error', () => {})
  })
  try {
    fs.unlinkSync(SOCKET)
  } catch {}
  admin.listen(SOCKET)
  server.listen(HTTP_PORT, () =>
    log(`kamal-proxy test double: http on :${HTTP_PORT}, ${services.size} service(s) restored`)
  )
  const stop = () => {
    server.close()
    admin.close()
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// ---------------------------------------------------------------------------------------------
// Client commands (run with `docker exec kamal-proxy kamal-proxy ...`)
// ---------------------------------------------------------------------------------------------
/** Sends one command to the server; waits up to 10 s for a just-started server's socket. */
async function call(cmd) {
  const until = Date.now() + 10000
  for (;;) {
    try {
      return await new Promise((resolve, reject) => {
        const sock = net.connect(SOCKET)
        let buf = ''
        sock.on('connect', () => sock.write(JSON.stringify(cmd) + '\n'))
        sock.on('data', (d) => (buf += d))
        sock.on('end', () => resolve(JSON.parse(buf)))
        sock.on('error', reject)
      })
    } catch (e) {
      if (Date.now() > until) fail(`could not reach the kamal-proxy server at ${SOCKET}: ${e.message}`)
      await sleep(100)
    }
  }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2)
  switch (command) {
    case 'run': {
      parseArgs(rest, new Set(['metrics-port', 'debug', 'http-port', 'https-port']))
      runServer()
      return
    }
    case 'deploy': {
      const { flags, positional } = parseArgs(rest, DEPLOY_FLAGS)
      if (positional.length !== 1) fail('deploy takes exactly one service name')
      const target = flags.target
      if (!target || !/^[^:\s]+:\d+$/.test(target))
        fail(`required flag "target" not set or not HOST:PORT (got ${JSON.stringify(target)})`)
      for (const b of [
        'buffer-requests',
        'buffer-responses',
        'strip-path-prefix',
        'forward-headers',
        'tls-redirect',
        'tls'
      ])
        if (flags[b] !== undefined && !['true', 'false'].includes(flags[b]))
          fail(`invalid argument "${flags[b]}" for "--${b}" flag`)
      for (const f of ['tls-certificate-path', 'tls-private-key-path'])
        if (flags[f] !== undefined)
          try {
            fs.readFileSync(flags[f])
          } catch (e) {
            fail(`could not load the TLS certificate: ${e.message}`)
          }
      const reply = await call({
        cmd: 'deploy',
        name: positional[0],
        target,
        hosts: (flags.host || []).map((h) => h.toLowerCase()),
        pathPrefixes: flags['path-prefix'] || [],
        stripPrefix: flags['strip-path-prefix'] !== 'false',
        healthPath: flags['health-check-path'] || '/up',
        healthIntervalMs: duration(flags['health-check-interval'], 1000, 'health-check-interval'),
        healthTimeoutMs: duration(flags['health-check-timeout'], 5000, 'health-check-timeout'),
        deployTimeoutMs: duration(flags['deploy-timeout'], 30000, 'deploy-timeout'),
        drainTimeoutMs: duration(flags['drain-timeout'], 30000, 'drain-timeout')
      })
      if (!reply.ok) fail(reply.error)
      return
    }
    case 'remove': {
      const { positional } = parseArgs(rest, new Set())
      const reply = await call({ cmd: 'remove', name: positional[0] })
      if (!reply.ok) fail(reply.error)
      return
    }
    case 'list': {
      const reply = await call({ cmd: 'list' })
      process.stdout.write('Service\tHost\tTarget\tState\n')
      for (const s of reply.services)
        process.stdout.write(
          `${s.name}\t${s.hosts.join(',') || '*'}\t${s.target}\t${s.stopped ? 'stopped' : 'running'}\n`
        )
      return
    }
    case 'stop': {
      const { flags, positional } = parseArgs(rest, new Set(['drain-timeout', 'message']))
      if (positional.length !== 1) fail('stop takes exactly one service name')
      const reply = await call({
        cmd: 'stop',
        name: positional[0],
        message: flags.message,
        drainTimeoutMs: duration(flags['drain-timeout'], 30000, 'drain-timeout')
      })
      if (!reply.ok) fail(reply.error)
      return
    }
    case 'resume': {
      const { positional } = parseArgs(rest, new Set())
      if (positional.length !== 1) fail('resume takes exactly one service name')
      const reply = await call({ cmd: 'resume', name: positional[0] })
      if (!reply.ok) fail(reply.error)
      return
    }
    default:
      fail(
        `unknown command "${command}" for "kamal-proxy" (this test double knows run, deploy, remove, list, stop, resume)`
      )
  }
}

main()
