// `npm run bench`: our deploy against the fair floor (bench/raw-floor.mjs) on local fleets of 1, 4
// and 8 hosts, interleaved run by run, with the docker CLI starts of each counted on every host;
// writes ALL of bench/results.md. `-- --sizes 1,4,8,32 --runs 5`; `-- --smoke` does one small run
// and writes nothing (CI runs that, never asserting on times). Host names get DECKHAND_FLEET_PREFIX
// (default `bench-`; `--prefix` overrides), so parallel runs on one machine do not collide.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  fleetDown,
  fleetInputs,
  fleetUp,
  hostName,
  ip,
  makeRepo,
  ROOT,
  startStep,
  type Fleet,
  demoConfigHead
} from '../__tests__/e2e/harness.js'

const args = process.argv.slice(2)
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt
}
const smoke = args.includes('--smoke')
const sizes = (smoke ? '1' : opt('sizes', '1,4,8')).split(',').map(Number)
const runs = smoke ? 1 : Number(opt('runs', '5'))
process.env['DECKHAND_FLEET_PREFIX'] = opt('prefix', process.env['DECKHAND_FLEET_PREFIX'] || 'bench-')
const FLEET_JSON = '/var/lib/deckhand-fleet/fleet.json'
/** The demo image's HEALTHCHECK command (test/fleet/fleet.sh), which the floor runs by hand. */
const HEALTH_CMD = 'wget -q -O /dev/null http://127.0.0.1/up'
/**
 * `-- --health-interval 30`: the demo's v1 and v2 rebuilt with that HEALTHCHECK interval (same
 * command, timeout and retries; Docker's default is 30 s), results in bench/results-health-<N>s.md.
 * The demo's own 1 s health check costs each host CPU every second for every app container, which
 * on this machine's 2 cores loads every deploy, ours and the floor's, in proportion to its time.
 */
const healthInterval = opt('health-interval', '')
const [V1, V2] = healthInterval ? [`v1-hc${healthInterval}`, `v2-hc${healthInterval}`] : ['v1', 'v2']
let imagesBuilt = false
const IMAGE_TEXT = healthInterval
  ? `the demo's v1 and v2 rebuilt with HEALTHCHECK --interval=${healthInterval}s (same command, timeout and retries; \`-- --health-interval ${healthInterval}\`), a 2 MB busybox app`
  : 'a 2 MB busybox app whose HEALTHCHECK interval is 1 s (`-- --health-interval 30` runs the same bench with a 30 s interval, into bench/results-health-30s.md)'
const RESULTS = healthInterval ? `bench/results-health-${healthInterval}s.md` : 'bench/results.md'

/** Builds and pushes V1 and V2 from the demo's v1 and v2 with the `healthInterval` HEALTHCHECK. */
function buildIntervalImages(fleet: Fleet): void {
  const push = fleet.registry.pushServer
  const env = { ...process.env, DOCKER_BUILDKIT: '0', DOCKER_CONFIG: '/var/lib/deckhand-fleet/docker-config' }
  for (const [from, to] of [
    ['v1', V1],
    ['v2', V2]
  ] as const) {
    const dockerfile = `FROM ${push}/deckhand/demo:${from}\nHEALTHCHECK --interval=${healthInterval}s --timeout=2s --retries=3 CMD ${HEALTH_CMD} || exit 1\n`
    execFileSync('/usr/bin/docker', ['build', '-q', '-t', `${push}/deckhand/demo:${to}`, '-'], {
      input: dockerfile,
      env
    })
    execFileSync('/usr/bin/docker', ['push', '-q', `${push}/deckhand/demo:${to}`], { env })
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const median = (xs: number[]) => {
  const s = sorted(xs)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}
const spread = (xs: number[], digits = 2) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')

/** The bench's `retain_containers` (ours with no prune due has 100). */
const RETAIN = 5

function config(fleet: Fleet, names: string[], retain = RETAIN): string {
  return `${demoConfigHead(fleet)}servers:
  web:
    hosts:
${names.map((n) => `      - ${ip(fleet, n)}`).join('\n')}
    proxy: false
env:
  clear: { GREETING: hello }
  secret: [APP_SECRET]
deploy_timeout: 60
readiness_delay: 0
retain_containers: ${retain}
`
}

// ---- docker CLI starts, counted on the hosts ---------------------------------------------------
// A shim first on the SSH user's PATH (/usr/local/bin, before /usr/bin/docker) appends the
// subcommand of every call to a file, then execs the real CLI. It is installed on the bench's own
// hosts only, and costs one /bin/sh start per call for ours and the floor alike.
const CALLS = '/var/tmp/deckhand-docker-calls'
const SHIM = `#!/bin/sh
case "$1" in container|image|network) w="$1 $2" ;; *) w="$1" ;; esac
printf '%s\\n' "$w" >> ${CALLS}
exec /usr/bin/docker "$@"
`

function inHost(name: string, command: string, input?: string): string {
  return execFileSync('docker', ['exec', '-i', `deckhand-fleet-${hostName(name)}`, 'sh', '-c', command], {
    encoding: 'utf8',
    input
  })
}

function installShims(names: string[]): void {
  for (const n of names)
    inHost(n, `cat > /usr/local/bin/docker && chmod 755 /usr/local/bin/docker && : > ${CALLS}`, SHIM)
}

/** CPU time each host's container (sshd, dockerd, containerd, the app containers) has used, in ns. */
const lastCpu = new Map<string, number>()

/**
 * The calls recorded on each host since the last read (and empties the record), and the CPU ms
 * each host used since the last read (cgroup v1 `cpuacct.usage` of the host's container).
 */
function takeCalls(names: string[]): { calls: string[]; cpuMs: number }[] {
  return names.map((n) => {
    const lines = inHost(n, `cat ${CALLS}; : > ${CALLS}; echo "CPU $(cat /sys/fs/cgroup/cpuacct/cpuacct.usage)"`)
      .split('\n')
      .filter((l) => l.length > 0)
    const cpu = Number(lines.pop()?.slice(4))
    const cpuMs = (cpu - (lastCpu.get(n) ?? cpu)) / 1e6
    lastCpu.set(n, cpu)
    return { calls: lines, cpuMs }
  })
}

// ---- the two things timed -------------------------------------------------------------------------
interface Timed {
  seconds: number
  /** docker CLI starts per host (the max over hosts) and the calls of the first host. */
  cli: number
  calls: string[]
  /** CPU ms the hosts used during the run, the median over hosts. */
  hostCpuMs: number
  /** CPU ms (user + sys) of the timed process itself: the action, or the floor's script. */
  runnerCpuMs: number
  execs?: number
}

/** Clock ticks per second of the CPU times in /proc (USER_HZ). */
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())

/**
 * CPU ms (user + sys) of this process's children that have ended, from /proc/self/stat (`cutime`,
 * `cstime`; USER_HZ ticks, 10 ms): read before and after a timed process, the difference is its CPU.
 */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8')
  // The fields after the command name (which may hold blanks) start with field 3, `state`.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK
}

/** Runs that failed for want of CPU (an SSH handshake timing out on an overloaded machine) and were run again. */
const retried: string[] = []

async function action(
  fleet: Fleet,
  repo: string,
  command: string,
  version: string
): Promise<{ seconds: number; execs: number; runnerCpuMs: number }> {
  for (let attempt = 1; ; attempt++) {
    const cpuBefore = childrenCpuMs()
    const started = Date.now()
    const run = await startStep({
      repo,
      inputs: fleetInputs(fleet, { command, version }),
      env: { REGISTRY_PASSWORD: fleet.registry.password, APP_SECRET: 'bench-secret' }
    }).done
    const seconds = (Date.now() - started) / 1000
    const runnerCpuMs = childrenCpuMs() - cpuBefore
    if (run.code === 0) {
      const execs = JSON.parse(
        /::debug::deckhand: SSH commands per host (.*)$/m.exec(run.stdout)?.[1] ?? '{}'
      ) as Record<string, number>
      return { seconds, execs: Math.max(...Object.values(execs)), runnerCpuMs }
    }
    const why = /::error::(.*)$/m.exec(run.stdout)?.[1] ?? `exit ${run.code}`
    if (attempt >= 3 || !/timed out|connection is closed|ECONNRESET|lock already in place/.test(why))
      throw new Error(`${command} ${version} failed:\n${run.stdout}`)
    retried.push(`${command} ${version}: ${why.slice(0, 120)}`)
    console.error(`   ${command} ${version} failed (${why.slice(0, 120)}); running it again`)
    // A run killed by a timeout may leave its lock: the next attempt must not find it.
    await startStep({ repo, inputs: fleetInputs(fleet, { command: 'lock-release' }), env: {} }).done
  }
}

let floorRuns = 0

/**
 * What a floor run does after the switch besides `docker stop` of the old container: `same` is the
 * same end state as our deploy — Kamal's `docker tag` of `:latest` and the `docker rm` of the stopped
 * containers beyond `retain_containers` (RETAIN) — `tag` the same as ours with no prune due (the tag
 * only), `bare` neither (the floor of earlier benches: pull, run, probe, stop).
 */
type FloorKind = 'same' | 'tag' | 'bare'

/**
 * The containers Kamal's prune removes on host `name` once `old` is stopped: the service's stopped
 * containers (created, exited or dead, with `old`), newest first, beyond the newest `retain`.
 * Read before the timed floor run, as a person doing it by hand knows them.
 */
function dueForRemoval(name: string, old: string, retain: number): { due: string[]; kept: number } {
  const rows = inHost(name, `/usr/bin/docker ps --all --filter label=service=demo --format '{{.Names}} {{.State}}'`)
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split(' '))
  let stopped = 0
  const due: string[] = []
  for (const [container = '', state = ''] of rows)
    if (['created', 'exited', 'dead'].includes(state) || container === old) {
      stopped++
      if (stopped > retain) due.push(container)
    }
  return { due, kept: Math.min(stopped, retain) }
}

/**
 * Checks that a `same` floor run left every host as our deploy leaves it: the new container running,
 * the stopped containers of the service that Kamal's prune keeps (`kept`, by host), and `:latest`
 * on the new version.
 */
function checkSameEndState(fleet: Fleet, names: string[], version: string, kept: Map<string, number>): void {
  const image = `${fleet.registry.server}/deckhand/demo`
  for (const n of names) {
    const expected = `exited ${kept.get(n)},running 1,|1`
    const out = inHost(
      n,
      `/usr/bin/docker ps --all --filter label=service=demo --format '{{.State}}' | sort | uniq -c | awk '{printf "%s %s,", $2, $1}'; printf '|'; /usr/bin/docker image inspect --format '{{.Id}}' ${image}:latest ${image}:${version} | uniq | wc -l`
    ).trim()
    if (out !== expected) throw new Error(`the floor left ${n} otherwise than our deploy does: ${out}, not ${expected}`)
  }
}

/** The floor from `old` (a running container) to a new container of `version` (Kamal's name; the
 * stopped one of that name moves aside, as in our deploy). */
function floor(
  fleet: Fleet,
  names: string[],
  old: string,
  version: string,
  kind: FloorKind,
  attempt = 1
): { seconds: number; runnerCpuMs: number; kept: Map<string, number> } {
  const container = `demo-web-${version}`
  const aside = `demo-web-${version}_floor_${++floorRuns}_${Date.now()}`
  const kept = new Map<string, number>()
  const targets = names.map((n) => {
    if (kind !== 'same') return ip(fleet, n)
    const { due, kept: k } = dueForRemoval(n, old, RETAIN)
    kept.set(n, k)
    return due.length > 0 ? `${ip(fleet, n)}=${due.join(',')}` : ip(fleet, n)
  })
  takeCalls(names) // the reads above are not the floor's
  const cpuBefore = childrenCpuMs()
  const started = Date.now()
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bench/raw-floor.mjs'),
      FLEET_JSON,
      'deckhand/demo',
      old,
      version,
      container,
      aside,
      HEALTH_CMD,
      kind === 'bare' ? '-' : 'latest',
      ...targets
    ],
    { encoding: 'utf8' }
  )
  const seconds = (Date.now() - started) / 1000
  const runnerCpuMs = childrenCpuMs() - cpuBefore
  if (r.status !== 0) {
    if (attempt >= 3 || !/Timed out|handshake|ECONNRESET/i.test(r.stderr))
      throw new Error(`the floor failed: ${r.stderr}`)
    retried.push(`floor: ${r.stderr.trim().split('\n')[0]?.slice(0, 120)}`)
    return floor(fleet, names, old, version, kind, attempt + 1)
  }
  return { seconds, runnerCpuMs, kept }
}

function counted(names: string[], seconds: number, runnerCpuMs: number, execs?: number): Timed {
  const taken = takeCalls(names)
  return {
    seconds,
    runnerCpuMs,
    cli: Math.max(...taken.map((t) => t.calls.length)),
    calls: taken[0]?.calls ?? [],
    hostCpuMs: median(taken.map((t) => t.cpuMs)),
    execs
  }
}

// ---- GOGC: the CPU one docker CLI start costs, with Go's default and with GOGC=400 ------------------
/** CPU ms (user + sys) per `docker ps -q` on a host, the real CLI (not the shim), N calls in a row. */
function cliCpuMs(name: string, gogc: string | undefined, n: number): number {
  const env = gogc ? `GOGC=${gogc}` : 'GOGC='
  const out = inHost(
    name,
    `export ${env}; [ -n "$GOGC" ] || unset GOGC; cd /tmp; bash -c 'TIMEFORMAT="%3U %3S"; time (i=0; while [ $i -lt ${n} ]; do /usr/bin/docker ps -q > /dev/null; i=$((i+1)); done)' 2>&1 | tail -1`
  ).trim()
  const [user, sys] = out.split(' ').map(Number)
  return (((user ?? NaN) + (sys ?? NaN)) * 1000) / n
}

function measureGogc(name: string, rounds: number, n: number): { dflt: number[]; gogc400: number[] } {
  const dflt: number[] = []
  const gogc400: number[] = []
  for (let r = 0; r < rounds; r++) {
    dflt.push(cliCpuMs(name, undefined, n))
    gogc400.push(cliCpuMs(name, '400', n))
  }
  return { dflt, gogc400 }
}

// ---- the run ------------------------------------------------------------------------------------
interface SizeResult {
  size: number
  setup: number
  ours: Timed[]
  /** The floor with the same end state as ours (`same`). */
  floor: Timed[]
  /** Ours with retain_containers: 100, where no prune is due, and its floor (`tag`). */
  keep: Timed[]
  keepFloor: Timed[]
  /** The floor without Kamal's tag and prune (`bare`). */
  bare: Timed[]
}

const loadBefore = load()
const startedAt = new Date()
const results: SizeResult[] = []
let gogc: { dflt: number[]; gogc400: number[] } | undefined

for (const size of sizes) {
  const names = Array.from({ length: size }, (_, i) => `b${i + 1}`)
  console.error(`== ${size} host(s): bringing up the fleet (${names.map(hostName).join(', ')})`)
  const fleet = fleetUp(names)
  if (healthInterval && !imagesBuilt) {
    buildIntervalImages(fleet)
    imagesBuilt = true
  }
  const repo = makeRepo({
    'config/deploy.yml': config(fleet, names),
    '.kamal/secrets': 'REGISTRY_PASSWORD=$REGISTRY_PASSWORD\n'
  })
  // The same deploy with retain_containers: 100: no prune is due (a host deployed fewer times than
  // retain_containers), which shows what Kamal's prune costs in ours.
  const keepRepo = makeRepo({
    'config/deploy.yml': config(fleet, names, 100),
    '.kamal/secrets': 'REGISTRY_PASSWORD=$REGISTRY_PASSWORD\n'
  })
  try {
    installShims(names)
    const setup = await action(fleet, repo, 'setup', V1)
    // Untimed: every host pulls v2 once (setup only pulled v1), and the service reaches the steady
    // state of a host that has deployed before (stopped containers beyond retain_containers, so each
    // deploy prunes one, as it does after the fifth deploy on a real host).
    for (let i = 0; i < (smoke ? 1 : 3); i++) {
      await action(fleet, repo, 'deploy', V2)
      await action(fleet, repo, 'deploy', V1)
    }
    checkSameEndState(fleet, names, V2, floor(fleet, names, `demo-web-${V1}`, V2, 'same').kept)
    await action(fleet, repo, 'deploy', V1)
    takeCalls(names)
    const ours: Timed[] = []
    const keep: Timed[] = []
    const raw: Timed[] = []
    const keepFloor: Timed[] = []
    const bare: Timed[] = []
    /** Each timed run starts from v1 running (our deploy of v1) and ends with v2 running. */
    const timed = async (into: Timed[], run: () => Timed | Promise<Timed>) => {
      into.push(await run())
      await action(fleet, repo, 'deploy', V1)
      takeCalls(names)
    }
    const ourRun = async (r: string) => {
      const a = await action(fleet, r, 'deploy', V2)
      return counted(names, a.seconds, a.runnerCpuMs, a.execs)
    }
    const floorRun = (kind: FloorKind) => () => {
      const { seconds, runnerCpuMs, kept } = floor(fleet, names, `demo-web-${V1}`, V2, kind)
      const t = counted(names, seconds, runnerCpuMs)
      if (kind === 'same') checkSameEndState(fleet, names, V2, kept)
      return t
    }
    const items = [
      () => timed(ours, () => ourRun(repo)),
      () => timed(raw, floorRun('same')),
      () => timed(keep, () => ourRun(keepRepo)),
      () => timed(keepFloor, floorRun('tag')),
      () => timed(bare, floorRun('bare'))
    ]
    for (let r = 0; r < runs; r++) {
      // The five take turns going first.
      for (let i = 0; i < items.length; i++) await (items[(i + r) % items.length] as () => Promise<void>)()
      const say = (t: Timed[]) => `${t[r]?.seconds.toFixed(2)} s (${t[r]?.cli})`
      console.error(
        `   run ${r + 1} (s, docker CLI starts per host): ours ${say(ours)}, floor ${say(raw)}; no prune due ${say(keep)}, its floor ${say(keepFloor)}; floor without tag and prune ${say(bare)}`
      )
    }
    if (!gogc && !smoke) gogc = measureGogc(names[0] as string, 3, 30)
    results.push({ size, setup: setup.seconds, ours, floor: raw, keep, keepFloor, bare })
  } finally {
    fleetDown(names)
  }
}
const loadAfter = load()

// ---- results.md, every line of it from here -----------------------------------------------------
const f2 = (n: number) => n.toFixed(2)
const secs = (t: Timed[]) => t.map((x) => x.seconds)
/** Median (min–max) of the times. */
const timesText = (t: Timed[]) => `${f2(median(secs(t)))} (${spread(secs(t))})`
/** Each run's two timed things ran one after the other, so their ratio shares the load of the moment. */
const byRun = (xs: Timed[], fs: Timed[]) => {
  const ratios = xs.map((x, i) => x.seconds / (fs[i]?.seconds ?? NaN))
  return `${f2(median(ratios))} (${spread(ratios)})`
}
const ratio = (xs: Timed[], fs: Timed[]) => f2(median(secs(xs)) / median(secs(fs)))
const all = (r: SizeResult) => [r.ours, r.floor, r.keep, r.keepFloor, r.bare]
const mainTable = [
  '| hosts | our deploy v1→v2: median (min–max) s | fair floor, same end state: median (min–max) s | **ours / floor** (medians) | ours / floor, run by run: median (min–max) | ours with no prune due (retain_containers: 100) s | its fair floor (the tag, no prune) s | **that / its floor** | that / its floor, run by run | floor without the tag and the prune s | ours / that | docker CLI starts per host: ours / floor / no prune due / its floor / without tag and prune (median) | host CPU per deploy, ms, same order (median) | CPU of the timed process itself, ms, same order (median) | SSH commands per host (max) | setup v1 (s) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.map((r) => {
    const cpu = (t: Timed[]) => median(t.map((x) => x.hostCpuMs)).toFixed(0)
    const cli = (t: Timed[]) => median(t.map((x) => x.cli))
    const own = (t: Timed[]) => median(t.map((x) => x.runnerCpuMs)).toFixed(0)
    return `| ${r.size} | ${timesText(r.ours)} | ${timesText(r.floor)} | **${ratio(r.ours, r.floor)}** | ${byRun(r.ours, r.floor)} | ${timesText(r.keep)} | ${timesText(r.keepFloor)} | **${ratio(r.keep, r.keepFloor)}** | ${byRun(r.keep, r.keepFloor)} | ${timesText(r.bare)} | ${ratio(r.ours, r.bare)} | ${all(r).map(cli).join(' / ')} | ${all(r).map(cpu).join(' / ')} | ${all(r).map(own).join(' / ')} | ${Math.max(...r.ours.map((x) => x.execs ?? 0))} | ${f2(r.setup)} |`
  })
].join('\n')
console.log(`\n${mainTable}`)

if (!smoke) {
  const perRun = [
    '| hosts | run | ours (s) | floor (s) | ours / floor | no prune due (s) | its floor (s) | that / its floor | without tag and prune (s) | ours / that | docker CLI starts per host (ours / floor / no prune due / its floor / without tag and prune) | host CPU, ms (same order) | timed process CPU, ms (same order) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.flatMap((r) =>
      r.ours.map((o, i) => {
        const at = all(r).map((t) => t[i])
        const s = (t: Timed | undefined) => f2(t?.seconds ?? NaN)
        const q = (x: Timed | undefined, y: Timed | undefined) => f2((x?.seconds ?? NaN) / (y?.seconds ?? NaN))
        const [, floorI, keepI, keepFloorI, bareI] = at
        return `| ${r.size} | ${i + 1} | ${s(o)} | ${s(floorI)} | ${q(o, floorI)} | ${s(keepI)} | ${s(keepFloorI)} | ${q(keepI, keepFloorI)} | ${s(bareI)} | ${q(o, bareI)} | ${at.map((t) => t?.cli).join(' / ')} | ${at.map((t) => t?.hostCpuMs.toFixed(0)).join(' / ')} | ${at.map((t) => t?.runnerCpuMs.toFixed(0)).join(' / ')} |`
      })
    )
  ].join('\n')
  const tally = (calls: string[]) => {
    const m = new Map<string, number>()
    for (const c of calls) m.set(c, (m.get(c) ?? 0) + 1)
    return [...m.entries()].map(([k, v]) => `\`${k}\` ×${v}`).join(', ')
  }
  const last = results.at(-1)
  const breakdown = last
    ? `On the first host of the ${last.size}-host fleet, last timed run — ours: ${tally(last.ours.at(-1)?.calls ?? [])}; the floor: ${tally(last.floor.at(-1)?.calls ?? [])}; the floor without the tag and the prune: ${tally(last.bare.at(-1)?.calls ?? [])}.`
    : ''
  const gogcText = gogc
    ? `CPU (user + sys) per \`docker ps -q\`, the real CLI called 30 times in a row on a fleet host, three interleaved rounds: Go's default GC ${spread(gogc.dflt, 1)} ms (median ${median(gogc.dflt).toFixed(1)}), \`GOGC=400\` ${spread(gogc.gogc400, 1)} ms (median ${median(gogc.gogc400).toFixed(1)}): ${(100 * (1 - median(gogc.gogc400) / median(gogc.dflt))).toFixed(0)}% less with \`GOGC=400\` (the remote scripts export it).`
    : 'not measured in this run'
  const git = (...a: string[]) => execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim()
  const docker = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).trim()
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, outer Docker ${docker}; every fleet host (sshd + its own dockerd, Docker 20.10) shares those cores`
  writeFileSync(
    join(ROOT, RESULTS),
    `# Benchmark results

Written entirely by \`npm run bench\` (bench/bench.ts) — do not edit by hand. ${startedAt.toISOString()}, commit \`${git('rev-parse', '--short', 'HEAD')}\`${git('status', '--porcelain', '--', '.', ':!dist', ':!bench/results.md') ? ' with uncommitted changes' : ''} (dist/ built from it), ${runs} timed run(s) per size. Machine: ${machine}. Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAfter} — other jobs on this machine share its cores, so the figures are noisy; compare ours with the floor run by run.

**What is timed.** *Ours*: the bundled action (dist/index.js) run as a process exactly as the runner runs it, start-up included, deploying v1 → v2 (\`proxy: false\`, one role, one boot group, \`retain_containers: ${RETAIN}\`). *Fair floor* (bench/raw-floor.mjs, also a Node process): the same Docker work, to the same end state, done the best way a person could by hand, over one SSH session per host with hosts in parallel — \`docker pull\` of v2 with the host's stored credentials (no login; our deploy also pulls, and v2 is already on every host for both), \`docker rename\` of the stopped container that has the new container's name (the bench deploys v1 and v2 in turn, so ours moves it aside too), \`docker run\` of the new container, the image's health command run in it every 0.1 s until it passes, then at once and in parallel the state changes Kamal's deploy makes after the switch and ours makes too: \`docker stop\` of the old container, \`docker tag\` of v2 as \`:latest\`, and \`docker rm\` of the stopped containers beyond the newest \`retain_containers\` (Kamal's prune rule; the bench reads them before the timed run, as a person doing it by hand knows them, where ours must list them). After each floor run, the bench checks that every host is left as our deploy leaves it: v2 running, ${RETAIN} stopped containers of the service, \`:latest\` on v2 (every image still has a container, so neither removes an image). The floor does no lock, env file, label check, listing or audit log. Before the timed runs, untimed deploys pull v2 everywhere and bring the hosts to the steady state of a service deployed many times (more stopped containers than \`retain_containers\`, so each deploy prunes one, as on a real host after its fifth deploy). Every timed run starts from v1 running; the five timed things take turns going first. *Ours with no prune due* is the same deploy with \`retain_containers: 100\`, as on a host deployed fewer times than \`retain_containers\`: Kamal's container and image prunes are then skipped (see \`afterSwitch\` in src/commands/boot.ts); *its floor* does the same (the tag, no \`docker rm\`). *The floor without the tag and the prune* is the floor of earlier benches (pull, rename, run, probe, stop), for comparison with them. Image: ${IMAGE_TEXT}.

**docker CLI starts** are counted on the hosts by a shim first on the SSH PATH that records each call and execs the real CLI (installed on the bench's hosts only). **Host CPU** is what each fleet host's container (its sshd, dockerd, containerd and app containers, whose health checks run all the time) used from the start to the end of the run, by its cgroup's \`cpuacct.usage\`; the median over hosts. **The timed process's own CPU** (user + sys of the action's Node process, or of the floor's) is read from this script's ended children's times in \`/proc/self/stat\` before and after it (10 ms ticks); it runs on the same cores as the hosts. The Kamal CLI cannot be run here (no Ruby or Kamal on this machine), so no Kamal column: issue #18 quotes 9.5–10.3 s for it on the same 4-host fleet.

${mainTable}

Per run:

${perRun}

docker CLI calls: ${breakdown}

GOGC: ${gogcText}

Runs repeated because the machine was too busy for them (an SSH handshake timing out): ${retried.length === 0 ? 'none' : retried.map((r) => `\`${r}\``).join('; ')}.
`
  )
}
