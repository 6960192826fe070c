// The fault suite: the bundled action against the local fleet, broken on purpose — cancelled at
// random points (SIGINT; SIGINT then SIGTERM; SIGKILL then the post step), its SSH session killed
// or its host blackholed mid-boot, a host down or with a changed key before the run, ten deploys at
// once, random bytes in env values and accessory files, bad input — and after each fault the hosts
// are checked for the invariants:
//   - no deploy lock left behind (after main and post, as the runner runs them);
//   - no boot script of the run still running once its lock is released;
//   - at most one running container per role and host right after a fault, exactly one after the
//     next deploy, and the version kamal-proxy serves is the one running;
//   - on a failure the old version keeps serving; on bad input no host is touched;
//   - no secret in any log, summary, output or state.
// Every random choice comes from one seed, printed first: FAULT_SEED=<seed> replays a run.
import assert from 'node:assert/strict'
import { createHash, randomInt } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  demoConfigHead,
  fleetDown,
  fleetInputs,
  fleetUp,
  ip,
  makeRepo,
  onHost,
  startStep,
  tryOnHost,
  type ActionRun,
  type Fleet
} from '../e2e/harness.js'
import { httpGet } from '../e2e/http.js'
import { seeded } from '../seeded.js'

const SEED = Number(process.env['FAULT_SEED'] ?? randomInt(2 ** 31))
console.log(`# fault suite seed: ${SEED} (replay with FAULT_SEED=${SEED} npm run test:faults)`)

const random = seeded(SEED)
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
const between = (lo: number, hi: number) => Math.round(lo + random() * (hi - lo))

// ---------------------------------------------------------------------------------------------
// Random values that must arrive byte-identical
// ---------------------------------------------------------------------------------------------

/**
 * A value of `length` characters from everything Kamal's env formats carry as they are: printable
 * ASCII (quotes, `$`, backticks, `\`, `;`, `#`...) and multi-byte UTF-8. Not in it, by Kamal's
 * design: control characters (newlines arrive as `\n`, asserted on their own below), `${NAME}`
 * (expanded by the host's shell, a Kamal feature), `#{`/`#$`/`#@` in clear values, and `\` in
 * secret values (Kamal's env file doubles it).
 */
function envFuzz(length: number, secret: boolean): string {
  const unicode = ['é', 'ß', '中', '文', '🚀', 'ё', 'ü', '∑']
  let out = ''
  while ([...out].length < length) {
    const c = random() < 0.15 ? pick(unicode) : String.fromCharCode(between(0x20, 0x7e))
    const next = out + c
    if (secret && c === '\\') continue
    if (/\$\{|#[{$@]/.test(next)) continue
    out = next
  }
  return out
}

/** Random bytes, every value 0–255 (NUL, newlines, invalid UTF-8...). */
function bytesFuzz(length: number): Buffer {
  const b = Buffer.alloc(length)
  for (let i = 0; i < length; i++) b[i] = between(0, 255)
  return b
}

const FUZZ = {
  clear: envFuzz(300, false),
  secret: envFuzz(300, true),
  file: bytesFuzz(64 * 1024),
  /** Unique, so that a leak is found by a plain search. */
  marker: `fz-${SEED.toString(36)}-${Math.floor(random() * 1e9).toString(36)}-secret`
}
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

// ---------------------------------------------------------------------------------------------
// The fleet and the configs
// ---------------------------------------------------------------------------------------------

const VHOST = 'demo.test'
/** The main service: web (behind kamal-proxy) on f1 and f2, job (no proxy) on f2, an accessory on f3. */
const ROLES: Record<string, string[]> = { web: ['f1', 'f2'], job: ['f2'] }

function mainYml(fleet: Fleet, image = 'deckhand/demo'): string {
  return `${demoConfigHead(fleet).replace('image: deckhand/demo', `image: ${JSON.stringify(image)}`)}builder:
  arch: amd64
servers:
  web:
    hosts: [${ip(fleet, 'f1')}, ${ip(fleet, 'f2')}]
  job:
    hosts: [${ip(fleet, 'f2')}]
    proxy: false
proxy:
  host: ${VHOST}
  app_port: 80
  healthcheck: { path: /up, interval: 1, timeout: 2 }
  run:
    registry: ${fleet.registry.server}
env:
  clear:
    FUZZ_CLEAR: ${JSON.stringify(FUZZ.clear)}
    MULTI_LINE: "line one\\nline two"
  secret:
    - FUZZ_SECRET
    - MARKER_SECRET
accessories:
  store:
    image: ${fleet.registry.server}/${fleet.images.accessory}
    host: ${ip(fleet, 'f3')}
    env:
      secret: [MARKER_SECRET]
    directories:
      - data:/data
    files:
      - config/fuzz.bin:/etc/fuzz.bin
deploy_timeout: 8
drain_timeout: 2
readiness_delay: 1
`
}

function bhYml(fleet: Fleet): string {
  return `${demoConfigHead(fleet)}builder:
  arch: amd64
servers:
  web:
    hosts: [${ip(fleet, 'f3')}, ${ip(fleet, 'f4')}]
    proxy: false
deploy_timeout: 8
readiness_delay: 6
`
}

// ---------------------------------------------------------------------------------------------
// Runs, the runner's cancel, and what the hosts are like
// ---------------------------------------------------------------------------------------------

/** Every run's output, summary, outputs and state: searched for secrets at the end. */
const everything: string[] = []
const keep = (run: ActionRun) => {
  everything.push(run.stdout, run.summary, JSON.stringify(run.outputs), JSON.stringify(run.state))
  return run
}

interface Scenario {
  name: string
  tries: number
  violations: string[]
  notes: string[]
}
const table = new Map<string, Scenario>()
function scenario(name: string): Scenario {
  let s = table.get(name)
  if (!s) table.set(name, (s = { name, tries: 0, violations: [], notes: [] }))
  return s
}

type CancelMode = 'SIGINT' | 'SIGINT+SIGTERM' | 'SIGKILL'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('faults: the hosts converge after every fault', { timeout: 15 * 60_000 }, () => {
  let fleet: Fleet
  let repo: string
  let bhRepo: string
  let bhChain: Promise<void>
  const secretEnv = () => ({
    FLEET_REGISTRY_PASSWORD: fleet.registry.password,
    FUZZ_SECRET: FUZZ.secret,
    MARKER_SECRET: FUZZ.marker
  })
  const inputs = (extra: Record<string, string>) => fleetInputs(fleet, extra)

  /** One step as the runner starts it: main, then post with main's state. */
  async function runStep(
    r: string,
    extra: Record<string, string>,
    onStart?: (child: ReturnType<typeof startStep>['child'], out: () => string) => void
  ): Promise<{ main: ActionRun; post: ActionRun }> {
    const step = startStep({ repo: r, inputs: inputs(extra), env: secretEnv() })
    let out = ''
    step.child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
    onStart?.(step.child, () => out)
    const main = keep(await step.done)
    const post = keep(await startStep({ repo: r, inputs: inputs(extra), env: secretEnv(), state: main.state }).done)
    return { main, post }
  }

  /** One look at a host (one `docker exec`): the lock, this suite's pid files, running containers by role. */
  interface Snapshot {
    lock: boolean
    pids: string
    running: Record<string, string[]>
  }
  function snapshot(host: string): Snapshot {
    const out = tryOnHost(
      host,
      "test -d .kamal/lock-demo && echo LOCK; ls .kamal/deckhand-*.pid 2> /dev/null | sed 's/^/PID /'; docker ps --filter label=service=demo --format 'RUN {{.Label \"role\"}} {{.Names}}'"
    ).out
    const snap: Snapshot = { lock: false, pids: '', running: {} }
    for (const line of out.split('\n')) {
      const [kind, a, b] = line.split(' ')
      if (kind === 'LOCK') snap.lock = true
      else if (kind === 'PID') snap.pids += `${a} `
      else if (kind === 'RUN' && a && b) (snap.running[a] ??= []).push(b)
    }
    return snap
  }
  const running = (host: string, role: string) => snapshot(host).running[role] ?? []
  const lockHeld = (host: string) => snapshot(host).lock
  const pidFiles = (host: string) => snapshot(host).pids
  const served = (host: string) =>
    httpGet(ip(fleet, host), VHOST, { path: '/version', timeoutMs: 5000 }).then(
      (r) => (r.status === 200 ? r.body : `HTTP ${r.status}`),
      (e: Error) => `error ${e.message}`
    )
  const versionOf = (name: string | undefined, role: string) => name?.replace(`demo-${role}-`, '')

  /**
   * The invariants on the main service's hosts. `exactly`: one running container per role and host
   * (else at most one); `version`: the one that must run. Returns what is violated.
   */
  async function check(what: string, opts: { exactly: boolean; version?: string }): Promise<string[]> {
    const v: string[] = []
    const snaps = { f1: snapshot('f1'), f2: snapshot('f2') } as Record<string, Snapshot>
    if (snaps['f1']?.lock) v.push(`${what}: the deploy lock is still there`)
    for (const h of ['f1', 'f2']) if (snaps[h]?.pids) v.push(`${what}: a boot of a run still runs on ${h}`)
    for (const [role, hosts] of Object.entries(ROLES))
      for (const h of hosts) {
        const names = snaps[h]?.running[role] ?? []
        if (names.length > 1 || (opts.exactly && names.length !== 1))
          v.push(`${what}: ${h} runs ${names.length} ${role} containers (${names.join(', ')})`)
        const version = versionOf(names[0], role)
        if (opts.version && names.length === 1 && version !== opts.version)
          v.push(`${what}: ${h} runs ${role} ${version}, not ${opts.version}`)
        if (role === 'web' && names.length === 1) {
          const answer = await served(h)
          if (answer !== version) v.push(`${what}: kamal-proxy on ${h} serves ${answer}, but ${version} runs`)
        }
      }
    return v
  }

  /** What runs per host and role now: `{ f1: ['web v1'], f2: ['web v1', 'job v1'] }`. */
  const states = () =>
    Object.fromEntries(
      ['f1', 'f2'].map((h) => {
        const snap = snapshot(h)
        return [
          h,
          Object.entries(ROLES)
            .filter(([, hosts]) => hosts.includes(h))
            .map(([role]) => `${role} ${versionOf(snap.running[role]?.[0], role) ?? 'nothing'}`)
        ]
      })
    )

  /** The runner's cancel: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that (or SIGKILL at once). */
  async function runnerCancel(child: ReturnType<typeof startStep>['child'], mode: CancelMode): Promise<string[]> {
    const sent: string[] = []
    const alive = () => child.exitCode === null && child.signalCode === null
    if (!alive()) return ['none: the run had ended']
    const exited = new Promise<void>((r) => child.once('exit', () => r()))
    const wait = (ms: number) => Promise.race([exited.then(() => true), sleep(ms).then(() => false)])
    if (mode === 'SIGKILL') {
      child.kill('SIGKILL')
      sent.push('SIGKILL')
      await exited
      return sent
    }
    child.kill('SIGINT')
    sent.push('SIGINT')
    // A second signal while the first is handled (what a runner does when the cancel takes long).
    if (mode === 'SIGINT+SIGTERM' && !(await wait(between(0, 300))) && alive()) {
      child.kill('SIGTERM')
      sent.push('SIGTERM (early)')
    }
    if (!(await wait(7500)) && alive()) {
      child.kill('SIGTERM')
      sent.push('SIGTERM after 7.5 s')
      if (!(await wait(2500)) && alive()) {
        child.kill('SIGKILL')
        sent.push('SIGKILL after 10 s')
      }
    }
    await exited
    return sent
  }

  before(() => {
    fleet = fleetUp(['f1', 'f2', 'f3', 'f4'])
    repo = makeRepo({
      'config/deploy.yml': mainYml(fleet),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n'
    })
    writeFileSync(join(repo, 'config/fuzz.bin'), FUZZ.file)
    bhRepo = makeRepo({
      'config/deploy.yml': bhYml(fleet),
      '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n'
    })
    // The blackhole chain runs beside the main one (other hosts, other lock): most of it is waiting.
    bhChain = blackholeChain()
    bhChain.catch(() => undefined)
  })
  after(() => {
    for (const h of ['f3', 'f4']) tryOnHost(h, 'iptables -F INPUT; iptables -F OUTPUT')
    if (!process.env['DECKHAND_KEEP_FLEET']) fleetDown(['f1', 'f2', 'f3', 'f4'])
    const rows = [...table.values()].map(
      (s) => `# | ${s.name} | ${s.tries} | ${s.violations.length} | ${s.notes.join('; ') || '–'} |`
    )
    console.log(
      [
        '# fault suite (seed ' + SEED + ')',
        '# | scenario | tries | invariant violations | notes |',
        '# | --- | --- | --- | --- |',
        ...rows
      ].join('\n')
    )
  })

  // -------------------------------------------------------------------------------------------
  // The blackhole chain (f3, f4)
  // -------------------------------------------------------------------------------------------
  async function blackholeChain(): Promise<void> {
    const s = scenario('host blackholed mid-boot (iptables DROP on the host)')
    const bhRunning = (h: string) =>
      tryOnHost(h, "docker ps --filter label=service=demo --filter label=role=web --format '{{.Names}}'")
        .out.split('\n')
        .filter(Boolean)
    const bhCheck = (what: string, version?: string) => {
      if (tryOnHost('f3', 'test -d .kamal/lock-demo').code === 0) s.violations.push(`${what}: lock left on f3`)
      for (const h of ['f3', 'f4']) {
        const names = bhRunning(h)
        if (names.length !== 1) s.violations.push(`${what}: ${h} runs ${names.length} web containers`)
        else if (version && names[0] !== `demo-web-${version}`) s.violations.push(`${what}: ${h} runs ${names[0]}`)
      }
    }
    const first = await runStep(bhRepo, { command: 'deploy', version: 'v1' })
    assert.equal(first.main.code, 0, first.main.stdout)
    s.tries++
    let darkAt = 0
    let foundAt = 0
    // The image without a health check is ready after readiness_delay (6 s) of running: f4 goes
    // dark while its boot waits for that.
    const dark = await runStep(bhRepo, { command: 'deploy', version: 'nohealth' }, (child, out) => {
      void (async () => {
        // Once f4's boot has started its new container, f4 stops answering.
        for (let i = 0; i < 600 && !darkAt; i++) {
          if (
            out().includes('::group::Boot') &&
            tryOnHost('f4', 'docker ps -q --filter name=^demo-web-nohealth$').out
          ) {
            onHost('f4', 'iptables -I INPUT -p tcp --dport 22 -j DROP && iptables -I OUTPUT -p tcp --sport 22 -j DROP')
            darkAt = Date.now()
          } else await sleep(100)
        }
        for (let i = 0; i < 1200 && !foundAt; i++) {
          if (/connection lost/.test(out())) foundAt = Date.now()
          else await sleep(100)
        }
      })()
      child.once('close', () => (foundAt ||= Date.now()))
    })
    const seconds = (foundAt - darkAt) / 1000
    s.notes.push(`dead host found ${seconds.toFixed(1)} s after it went dark (default ssh-timeout 40 s)`)
    if (!darkAt) s.violations.push('the host was never blackholed (its boot did not start)')
    if (dark.main.code === 0) s.violations.push('the run succeeded with a dark host')
    const lost = new RegExp(
      `host ${ip(fleet, 'f4').replace(/\./g, '\\.')}: connection lost \\(no answer for 40 s\\) during boot web nohealth`
    )
    if (!lost.test(dark.main.stdout))
      s.violations.push(`no "connection lost (no answer for 40 s) during boot web nohealth" line`)
    if (/signal unknown/.test(dark.main.stdout)) s.violations.push('"signal unknown" in the log')
    onHost('f4', 'iptables -F INPUT && iptables -F OUTPUT')
    // The dark host finished its boot on its own (its sshd never noticed); the lock host released.
    await sleep(2000)
    if (tryOnHost('f3', 'test -d .kamal/lock-demo').code === 0) s.violations.push('lock left on f3 after the dark run')
    for (const h of ['f3', 'f4'])
      if (bhRunning(h).length > 1) s.violations.push(`after the dark run ${h} runs ${bhRunning(h).join(', ')}`)
    const next = await runStep(bhRepo, { command: 'deploy', version: 'v1' })
    if (next.main.code !== 0) s.violations.push(`the next deploy failed: ${next.main.stdout.slice(-500)}`)
    bhCheck('after the next deploy', 'v1')

    // A host down before the run: nothing runs anywhere, every failing host is named.
    const down = scenario('host down before the run (connection refused)')
    down.tries++
    const auditBefore = tryOnHost('f3', 'cat .kamal/demo-audit.log').out
    onHost('f4', 'iptables -I INPUT -p tcp --dport 22 -j REJECT --reject-with tcp-reset')
    const refused = await runStep(bhRepo, { command: 'deploy', version: 'v2' })
    onHost('f4', 'iptables -F INPUT')
    if (refused.main.code === 0) down.violations.push('the run succeeded')
    if (!/Could not connect to 1 of 2 hosts; nothing was run on any host/.test(refused.main.stdout))
      down.violations.push('no preflight error naming the host')
    if (tryOnHost('f3', 'cat .kamal/demo-audit.log').out !== auditBefore) down.violations.push('f3 was touched')
    if (!/SSH commands per host \{"[\d.]+":0,"[\d.]+":0\}/.test(refused.main.stdout))
      down.violations.push('a command was sent to a host')
    bhCheck('after the refused run', 'v1')

    // A changed host key on one host: the same, with the key mismatch named.
    const key = scenario('changed host key on one host')
    key.tries++
    const known = readFileSync(fleet.ssh.knownHostsPath, 'utf8')
      .split('\n')
      .map((l) =>
        l.startsWith(`${ip(fleet, 'f4')} `)
          ? l.replace(/ (\S+)$/, (_, k: string) => ` ${k.slice(0, 20)}A${k.slice(21)}`)
          : l
      )
      .join('\n')
    const changed = await runStep(bhRepo, { command: 'deploy', version: 'v2', 'known-hosts': known })
    if (changed.main.code === 0) key.violations.push('the run succeeded')
    if (
      !new RegExp(`Could not connect to 1 of 2 hosts[^]*${ip(fleet, 'f4').replace(/\./g, '\\.')}`).test(
        changed.main.stdout
      )
    )
      key.violations.push('the failing host is not named')
    if (tryOnHost('f3', 'cat .kamal/demo-audit.log').out !== auditBefore) key.violations.push('f3 was touched')
    bhCheck('after the changed key', 'v1')
  }

  // -------------------------------------------------------------------------------------------
  // The main chain (f1, f2, f3)
  // -------------------------------------------------------------------------------------------
  test('setup: random bytes in clear env, secret env and an accessory file arrive byte-identical', async () => {
    const s = scenario('round-trip fuzz (env clear/secret, accessory file)')
    s.tries++
    const { main, post } = await runStep(repo, { command: 'setup', version: 'v1' })
    assert.equal(main.code, 0, main.stdout)
    assert.equal(post.code, 0, post.stdout)
    const env = (container: string, host: string) =>
      Object.fromEntries(
        (JSON.parse(onHost(host, `docker inspect --format '{{json .Config.Env}}' ${container}`)) as string[]).map(
          (e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]
        )
      )
    for (const [role, hosts] of Object.entries(ROLES))
      for (const h of hosts) {
        const e = env(`demo-${role}-v1`, h)
        if (e['FUZZ_CLEAR'] !== FUZZ.clear) s.violations.push(`${h} ${role}: the clear value changed`)
        if (e['FUZZ_SECRET'] !== FUZZ.secret) s.violations.push(`${h} ${role}: the secret value changed`)
        if (e['MARKER_SECRET'] !== FUZZ.marker) s.violations.push(`${h} ${role}: the marker secret changed`)
        // Kamal's env format: a newline in a value reaches the container as `\n` (two characters).
        if (e['MULTI_LINE'] !== 'line one\\nline two')
          s.violations.push(`${h} ${role}: MULTI_LINE is ${e['MULTI_LINE']}`)
      }
    const remote = onHost('f3', 'sha256sum demo-store/etc/fuzz.bin').split(' ')[0]
    if (remote !== sha256(FUZZ.file)) s.violations.push('the accessory file changed on the way')
    const inside = onHost('f3', 'docker exec demo-store sha256sum /etc/fuzz.bin').split(' ')[0]
    if (inside !== sha256(FUZZ.file)) s.violations.push('the accessory file changed inside the container')
    s.violations.push(...(await check('after setup', { exactly: true, version: 'v1' })))
    assert.deepEqual(s.violations, [])
  })

  test('a failed health check: the old version keeps serving, one container per role, lock released', async () => {
    const s = scenario('failed health check (image that never gets healthy)')
    s.tries++
    const { main } = await runStep(repo, { command: 'deploy', version: 'broken' })
    if (main.code === 0) s.violations.push('the broken deploy succeeded')
    s.violations.push(...(await check('after the broken deploy', { exactly: true, version: 'v1' })))
    assert.deepEqual(s.violations, [])
  })

  test('cancels at random points of deploy and setup converge (at least 10)', async () => {
    let current = 'v1'
    const cancelTimes: number[] = []
    const modes: CancelMode[] = ['SIGINT', 'SIGINT+SIGTERM', 'SIGKILL']
    // Ten cancels that land while the run is under way: each signal mode of the runner during
    // deploy, and each once during setup. A signal that comes after the run ended is noted and
    // tried again, up to 20 attempts in all. The moments are drawn within how long these runs take
    // on this machine: each signal that came too late shortens the window of its command (and of
    // its phase) to 90% of what that run took, so a faster machine or build does not make the
    // signals miss the runs.
    const windows = { deploy: { total: 5000, boot: 2500 }, setup: { total: 7000, boot: 2500 } }
    let landed = 0
    for (let i = 0; landed < 10 && i < 20; i++) {
      const mode = modes[landed % 3] as CancelMode
      const command = [2, 3, 7].includes(landed) ? 'setup' : 'deploy'
      const s = scenario(`cancel: ${mode} during ${command}`)
      const target = current === 'v1' ? 'v2' : 'v1'
      // Half the cancels hit the boot phase (a random moment after it starts), half a random moment.
      const inBoot = random() < 0.5
      const window = windows[command]
      const delay = inBoot ? between(0, window.boot) : between(200, window.total)
      const before = states()
      let sent: string[] = []
      let signalToExitMs = 0
      let pidsAtExit = ''
      let lockAtExit = false
      let cancelled: Promise<void> = Promise.resolve()
      let startedAt = 0
      let bootAt = 0
      let endedAt = 0
      const { main, post } = await runStep(repo, { command, version: target }, (child, out) => {
        startedAt = Date.now()
        child.once('exit', () => (endedAt = Date.now()))
        cancelled = (async () => {
          if (inBoot) for (let t = 0; t < 300 && !out().includes('::group::Boot'); t++) await sleep(50)
          bootAt = Date.now()
          await sleep(delay)
          const signalled = Date.now()
          sent = await runnerCancel(child, mode)
          signalToExitMs = Date.now() - signalled
          // At the moment main is gone: a released lock has no boot of the run behind it.
          lockAtExit = lockHeld('f1')
          pidsAtExit = mode === 'SIGKILL' ? '' : pidFiles('f1') + pidFiles('f2')
        })()
      })
      await cancelled
      const where = `#${i + 1} ${mode} ${command} ${target} (${inBoot ? `boot + ${delay} ms` : `${delay} ms`})`
      if (mode !== 'SIGKILL' && sent[0]?.startsWith('SIG')) cancelTimes.push(signalToExitMs)
      if (sent[0]?.startsWith('none')) {
        s.notes.push(`${where}: the run had ended before the signal (tried again)`)
        if (endedAt > 0) {
          window.total = Math.max(300, Math.min(window.total, 0.9 * (endedAt - startedAt)))
          if (inBoot) window.boot = Math.max(100, Math.min(window.boot, 0.9 * (endedAt - bootAt)))
        }
      } else {
        s.tries++
        landed++
      }
      if (!lockAtExit && pidsAtExit) s.violations.push(`${where}: lock released while a boot still ran`)
      if (post.code !== 0) s.violations.push(`${where}: the post step failed: ${post.stdout.slice(-300)}`)
      if (sent.some((x) => x.includes('after'))) s.notes.push(`${where}: needed ${sent.join(' → ')}`)
      if (/signal unknown/.test(main.stdout)) s.violations.push(`${where}: "signal unknown" in the log`)
      // The run's last line names what each host runs; it must be true.
      const line = /::error::Cancelled by (SIG\w+)[^\n]*/.exec(main.stdout)?.[0]
      if (mode !== 'SIGKILL' && main.code !== 0 && !line && !/::error::/.test(main.stdout))
        s.violations.push(`${where}: no error line`)
      const hostsPart = line?.split('Hosts now run: ')[1]
      if (hostsPart) {
        for (const h of ['f1', 'f2']) {
          const said = new RegExp(`${ip(fleet, h).replace(/\./g, '\\.')}: ([^;]*?)(?:;|\\.$)`).exec(hostsPart)?.[1]
          if (!said) continue
          const now = states()[h] ?? []
          for (const part of said.split(', ')) {
            const [role, version] = part.split(' ')
            const actual = now.find((x) => x.startsWith(`${role} `))
            const expected = version === 'unchanged' ? before[h]?.find((x) => x.startsWith(`${role} `)) : part
            if (version !== 'unknown' && actual !== expected)
              s.violations.push(`${where}: the last line says ${h} ${part}, but it runs ${actual}`)
          }
        }
      }
      s.violations.push(...(await check(`${where}, right after`, { exactly: false })))
      // The next deploy converges whatever the cancel left.
      const next = pick(['v1', 'v2'])
      const { main: again } = await runStep(repo, { command: 'deploy', version: next })
      if (again.code !== 0) s.violations.push(`${where}: the next deploy failed: ${again.stdout.slice(-400)}`)
      s.violations.push(...(await check(`${where}, after the next deploy`, { exactly: true, version: next })))
      current = next
    }
    if (cancelTimes.length > 0)
      scenario('cancel: SIGINT during deploy').notes.push(
        `exit after the first signal (SIGINT modes): max ${(Math.max(...cancelTimes) / 1000).toFixed(1)} s, median ${(cancelTimes.sort((a, b) => a - b)[Math.floor(cancelTimes.length / 2)]! / 1000).toFixed(1)} s`
      )
    const all = [...table.values()].filter((x) => x.name.startsWith('cancel'))
    assert.ok(landed >= 10, `only ${landed} of the cancels landed while a run was under way`)
    assert.ok(all.reduce((n, x) => n + x.tries, 0) >= 10)
    assert.deepEqual(
      all.flatMap((x) => x.violations),
      []
    )
  })

  test('a signal during start-up ends the run our way (or, inside node’s own start-up, before anything ran)', async () => {
    const s = scenario('cancel: SIGINT during start-up')
    const before = states()
    for (let i = 0; i < 3; i++) {
      s.tries++
      const delay = between(20, 400)
      let sent: string[] = []
      let cancelled: Promise<void> = Promise.resolve()
      const { main } = await runStep(repo, { command: 'deploy', version: 'v2' }, (child) => {
        cancelled = (async () => {
          await sleep(delay)
          sent = await runnerCancel(child, 'SIGINT')
        })()
      })
      await cancelled
      const ours = main.code === 1 && /::error::Cancelled by SIGINT/.test(main.stdout)
      s.notes.push(
        `${delay} ms: ${ours ? 'ended by its handler' : main.signal ? `killed by ${main.signal} in node's start-up` : `exit ${main.code}`}`
      )
      if (!ours && main.signal === null && !sent[0]?.startsWith('none'))
        s.violations.push(`${delay} ms: exit ${main.code} without the cancel line`)
      s.violations.push(...(await check(`start-up +${delay} ms`, { exactly: true })))
    }
    const after = states()
    if (JSON.stringify(after) !== JSON.stringify(before) && !s.notes.some((n) => n.includes('exit 0')))
      s.notes.push(`hosts went from ${JSON.stringify(before)} to ${JSON.stringify(after)}`)
    assert.deepEqual(s.violations, [])
  })

  test('the SSH session killed mid-boot: the host stops the new container, the next deploy converges', async () => {
    const s = scenario('SSH session killed mid-boot (sshd child killed on the host)')
    s.tries++
    const target = running('f2', 'web')[0]?.endsWith('v1') ? 'v2' : 'v1'
    const old = target === 'v1' ? 'v2' : 'v1'
    let killed = false
    const { main, post } = await runStep(repo, { command: 'deploy', version: target }, (_child, out) => {
      void (async () => {
        for (let i = 0; i < 400 && !killed; i++) {
          if (
            out().includes('::group::Boot') &&
            tryOnHost('f2', `docker ps -q --filter name=^demo-web-${target}$`).out
          ) {
            // The sshd processes serving this run's connection to f2 (the only sessions on this
            // test host), by PID: the connection drops as if sshd had died.
            onHost(
              'f2',
              'ps -eo pid=,args= | awk \'$2 == "sshd:" && $3 == "root@notty" {print $1}\' | xargs -r kill -9'
            )
            killed = true
          } else await sleep(50)
        }
      })()
    })
    if (!killed) s.violations.push('the session was never killed')
    if (main.code === 0) s.violations.push('the run succeeded')
    const lost = new RegExp(`host ${ip(fleet, 'f2').replace(/\./g, '\\.')}: connection lost \\([^)]*\\) during boot`)
    if (!lost.test(main.stdout)) s.violations.push('no "connection lost ... during boot" line')
    if (/signal unknown/.test(main.stdout)) s.violations.push('"signal unknown" in the log')
    if (post.code !== 0) s.violations.push('the post step failed')
    // The watchdog of the boot script on f2 sees its session go and stops the new container.
    for (let i = 0; i < 100 && pidFiles('f2'); i++) await sleep(100)
    s.violations.push(...(await check('right after', { exactly: false })))
    const web = versionOf(running('f2', 'web')[0], 'web')
    s.notes.push(`f2 ran web ${web ?? 'nothing'} afterwards (was ${old})`)
    const { main: again } = await runStep(repo, { command: 'deploy', version: target })
    if (again.code !== 0) s.violations.push(`the next deploy failed: ${again.stdout.slice(-400)}`)
    s.violations.push(...(await check('after the next deploy', { exactly: true, version: target })))
    assert.deepEqual(s.violations, [])
  })

  test('ten deploys started at the same moment: one deploys, nine name the holder, nothing left behind', async () => {
    const s = scenario('10 deploys started at the same moment')
    s.tries++
    const target = running('f1', 'web')[0]?.endsWith('v1') ? 'v2' : 'v1'
    const runs = await Promise.all(
      Array.from({ length: 10 }, () => runStep(repo, { command: 'deploy', version: target }))
    )
    const codes = runs.map((r) => r.main.code)
    if (codes.filter((c) => c === 0).length !== 1) s.violations.push(`exit codes ${codes.join(',')}`)
    const held = runs.filter((r) => /Deploy lock already in place/.test(r.main.stdout)).length
    if (held !== 9) s.violations.push(`${held} runs named the lock holder`)
    s.violations.push(...(await check('after ten at once', { exactly: true, version: target })))
    assert.deepEqual(s.violations, [])
  })

  test('bad input stops the run before any host is touched', async () => {
    const auditOf = () => ['f1', 'f2'].map((h) => tryOnHost(h, 'cat .kamal/demo-audit.log').out).join('\n')
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'path escape (accessory file)',
        { 'config/deploy.yml': mainYml(fleet).replace('config/fuzz.bin:', '../../../../etc/shadow:') },
        /accessories\/store\/files\/0: "\.\.\/\.\.\/\.\.\/\.\.\/etc\/shadow" is outside the working directory/
      ],
      [
        'oversized config file (2 MB)',
        { 'config/deploy.yml': `${mainYml(fleet)}# ${'x'.repeat(2 * 1024 * 1024)}\n` },
        /config\/deploy\.yml is 2\.0 MB; files over 1\.0 MB are refused/
      ],
      [
        'alias bomb',
        {
          'config/deploy.yml': `${mainYml(fleet)}x-a: &a [1,1,1,1,1,1,1,1,1]\n${'bcdefghi'
            .split('')
            .map((c, i) => `x-${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)
            .join('\n')}\n`
        },
        /YAML aliases expand too far/
      ],
      [
        'bad image reference',
        { 'config/deploy.yml': mainYml(fleet, 'app$(touch /tmp/pwned)') },
        /image: "app\$\(touch \/tmp\/pwned\)" is not a valid image name/
      ]
    ]
    for (const [name, files, message] of cases) {
      const s = scenario(`bad input: ${name}`)
      s.tries++
      const before = auditOf()
      const bad = makeRepo({ ...files, '.kamal/secrets': 'REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD\n' })
      writeFileSync(join(bad, 'config/fuzz.bin'), FUZZ.file)
      const { main } = await runStep(bad, { command: 'setup', version: 'v2' })
      if (main.code === 0) s.violations.push('the run succeeded')
      if (!message.test(main.stdout)) s.violations.push(`no error matching ${message}: ${main.stdout.slice(0, 600)}`)
      if (auditOf() !== before) s.violations.push('a host was touched')
      if (/::debug::deckhand: SSH commands per host/.test(main.stdout)) s.violations.push('a connection was opened')
      if (tryOnHost('f1', 'test -e /tmp/pwned').code === 0 || tryOnHost('f2', 'test -e /tmp/pwned').code === 0)
        s.violations.push('a command was injected')
      assert.deepEqual(s.violations, [], name)
    }
  })

  test('the blackhole chain (f3, f4): dead host found and named, no host touched when one is down or has a changed key', async () => {
    await bhChain
    const names = [...table.keys()].filter((n) => /blackholed|down before|host key/.test(n))
    assert.deepEqual(
      names.flatMap((n) => table.get(n)?.violations ?? []),
      []
    )
  })

  test('no secret appears in any log, summary, output or state', () => {
    const s = scenario('secrets in logs (all runs)')
    s.tries = everything.length / 4
    const secrets = [FUZZ.secret, FUZZ.marker, fleet.registry.password]
    for (const text of everything)
      for (const line of text.split('\n'))
        for (const secret of secrets)
          if (line.includes(secret) && !line.startsWith('::add-mask::'))
            s.violations.push(`a secret in: ${line.slice(0, 120).replace(secret, '<SECRET>')}`)
    assert.deepEqual(s.violations, [])
  })
})
