// `npm run bench:scale`: what the action costs on the runner as the fleet grows. `deploy` v1 → v2
// to 10, 100, 300 and 1,000 SIMULATED hosts (bench/sim-hosts: real SSH, answers only — they stand in
// for hosts to measure the runner's side; the real-fleet tests prove that deploys work), with the
// bundled action run as the runner runs it (`node dist/index.js`, INPUT_* env): with hosts that
// answer at once, the same with `boot.limit` set, and with hosts that answer each exec after a
// delay. Per run: wall time, CPU seconds (user + sys) and peak RSS of the action's process (GNU
// time: wait4's rusage, nothing runs inside the measured process), SSH handshakes in flight at once
// and connections per host (counted by the simulated hosts), log and summary size. Then one
// profiled run at the largest size for where the CPU goes. Writes bench/scale.md and scale.svg.
//   -- --sizes 10,100 --runs 3     other sizes, more runs (the median run by wall time is reported)
//   -- --smoke                     10 hosts, max_concurrent_starts 4, once per variant; checks the
//                                  runs (success, pacing, one connection per host), writes nothing (CI)
//   -- --dry-run                   measure and print, write nothing
//   -- --dist A,B                  two bundles, interleaved run by run (compare builds on a noisy machine)
//   -- --keep DIR                  keep each run's log and job summary
//   -- --profile DIR               a V8 CPU profile of every run in DIR (slower)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { makeRepo, parseFileCommands, ROOT, runnerEnv } from '../__tests__/e2e/harness.js'
import type { SimStats } from './sim-hosts/hosts.js'
import { plot, type Series } from './svg-plot.js'

const { values: opt } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,300,1000' },
    runs: { type: 'string', default: '3' },
    'boot-limit': { type: 'string', default: '25%' },
    /** The delay of the slow-hosts variant (0: no such variant). */
    'slow-ms': { type: 'string', default: '500' },
    'max-concurrent-starts': { type: 'string' },
    /** The simulated hosts' niceness (0: same priority as the action). */
    nice: { type: 'string', default: '10' },
    smoke: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    dist: { type: 'string' },
    keep: { type: 'string' },
    profile: { type: 'string' },
    /** No profiled run for the report's CPU breakdown. */
    'skip-profile': { type: 'boolean', default: false }
  }
})
const smoke = opt.smoke ?? false
const sizes = (smoke ? '10' : (opt.sizes ?? '')).split(',').map(Number)
const runs = smoke ? 1 : Number(opt.runs)
const bootLimit = opt['boot-limit'] ?? '25%'
const slowMs = Number(opt['slow-ms'])
// The smoke run paces harder than its 10 hosts, so that CI checks the pacing for real.
const maxStarts = Number(opt['max-concurrent-starts'] ?? (smoke ? '4' : '30'))
const nice = opt.nice ?? '10'
const TIME = '/usr/bin/time'
if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed: apt-get install time`)
const dists = opt.dist ? opt.dist.split(',') : [join(ROOT, 'dist')]
for (const d of dists) if (!existsSync(join(d, 'index.js'))) throw new Error(`${d}/index.js is missing: npm run build`)

interface Variant {
  key: 'instant' | 'limit' | 'slow'
  label: string
  limit?: string
  delayMs: number
}
const VARIANTS: Variant[] = [
  { key: 'instant', label: 'hosts answer at once', delayMs: 0 },
  { key: 'limit', label: `boot.limit ${bootLimit}`, limit: bootLimit, delayMs: 0 },
  ...(slowMs > 0 ? [{ key: 'slow' as const, label: `hosts answer after ${slowMs} ms`, delayMs: slowMs }] : [])
]

// ---------------------------------------------------------------- the simulated hosts, niced
type SimMessage = { type: 'ready'; port: number; hosts: string[]; dir: string } | ({ type: 'stats' } & SimStats)

class SimProcess {
  private readonly waiting: ((m: SimMessage | { type: 'reset' }) => void)[] = []
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly hosts: string[],
    readonly dir: string
  ) {
    child.on('message', (m: SimMessage) => this.waiting.shift()?.(m))
  }

  static async start(count: number): Promise<SimProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'deckhand-sim-'))
    const server = [process.execPath, '--import', 'tsx', join(ROOT, 'bench/sim-hosts/server.ts')]
    const args = ['--count', String(count), '--dir', dir, '--initial-version', 'v1']
    const child = spawn('nice', ['-n', nice, ...server, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    const ready = await new Promise<SimMessage>((resolve, reject) => {
      child.once('message', resolve)
      child.once('exit', (code) => reject(new Error(`simulated hosts exited (${code})`)))
    })
    if (ready.type !== 'ready') throw new Error('simulated hosts did not start')
    return new SimProcess(child, ready.port, ready.hosts, ready.dir)
  }

  private ask<T>(message: object): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.push(resolve as (m: unknown) => void)
      this.child.send(message)
    })
  }

  reset = (delayMs: number) => this.ask<unknown>({ type: 'reset', initialVersion: 'v1', delayMs })
  stats = () => this.ask<SimStats>({ type: 'stats' })
  stop = () => this.child.disconnect()
}

// ---------------------------------------------------------------- one measured run of the action
function config(sim: SimProcess, count: number, limit?: string): string {
  return `service: demo
image: deckhand/demo
registry:
  server: registry.sim.invalid:5000
  username: deckhand
  password: [REGISTRY_PASSWORD]
servers:
  web:
${sim.hosts
  .slice(0, count)
  .map((h) => `    - ${h}`)
  .join('\n')}
env:
  clear: { GREETING: hello }
  secret: [APP_SECRET]
ssh:
  user: root
  port: ${sim.port}
sshkit:
  max_concurrent_starts: ${maxStarts}
${limit ? `boot:\n  limit: ${limit}\n` : ''}`
}

interface Measured {
  dist: string
  hosts: number
  variant: Variant
  wall: number
  cpu: number
  user: number
  sys: number
  rssMb: number
  logLines: number
  summaryBytes: number
  /** The action's log groups (the phases) and how long each took, from its debug lines. */
  phases: [string, number][]
  sim: SimStats
}

async function runAction(
  sim: SimProcess,
  count: number,
  variant: Variant,
  dist: string,
  profileDir = opt.profile
): Promise<Measured> {
  const repo = makeRepo({
    'config/deploy.yml': config(sim, count, variant.limit),
    '.kamal/secrets': 'REGISTRY_PASSWORD=$REGISTRY_PASSWORD\nAPP_SECRET=$APP_SECRET\n'
  })
  await sim.reset(variant.delayMs)
  const { files, paths, env } = runnerEnv(repo, {
    REGISTRY_PASSWORD: 'sim-registry-password',
    APP_SECRET: 'sim-app-secret',
    INPUT_COMMAND: 'deploy',
    INPUT_VERSION: 'v2',
    'INPUT_SSH-PRIVATE-KEY': readFileSync(join(sim.dir, 'id_ed25519'), 'utf8'),
    'INPUT_KNOWN-HOSTS': readFileSync(join(sim.dir, 'known_hosts'), 'utf8')
  })
  const timeFile = join(files, 'time')
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  const node = [process.execPath, ...profile, join(dist, 'index.js')]
  const started = performance.now()
  const child = spawn(TIME, ['-f', '%e %U %S %M', '-o', timeFile, ...node], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let log = ''
  child.stdout.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr.on('data', (d: Buffer) => (log += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  const wall = (performance.now() - started) / 1000
  if (opt.keep) {
    const name = `${count}-${variant.key}`
    writeFileSync(join(opt.keep, `${name}.log`), log)
    writeFileSync(join(opt.keep, `${name}.summary.html`), readFileSync(paths.summary))
  }
  const outputs = parseFileCommands(readFileSync(paths.output, 'utf8'))
  if (code !== 0 || outputs['version'] !== 'v2')
    throw new Error(`deploy to ${count} simulated hosts failed (exit ${code}):\n${log.slice(-4000)}`)
  const [, user = NaN, sys = NaN, rssKb = NaN] =
    readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? []
  return {
    dist,
    hosts: count,
    variant,
    wall,
    user,
    sys,
    cpu: user + sys,
    rssMb: rssKb / 1024,
    logLines: log.split('\n').length - 1,
    summaryBytes: statSync(paths.summary).size,
    phases: [...log.matchAll(/^::debug::deckhand: phase "(.*)" took (\d+) ms$/gm)].map((m) => [
      m[1] ?? '',
      Number(m[2])
    ]),
    sim: await sim.stats()
  }
}

// ---------------------------------------------------------------- statistics and a profile
const median = (xs: Measured[]) => [...xs].sort((a, b) => a.wall - b.wall)[Math.floor(xs.length / 2)] as Measured

/** Least-squares line y = a + b·x and its R². */
function fit(points: [number, number][]): { a: number; b: number; r2: number } {
  const n = points.length
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0)
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  const b = sxx === 0 ? 0 : sxy / sxx
  const a = my - b * mx
  const ssTot = points.reduce((s, [, y]) => s + (y - my) ** 2, 0)
  const ssRes = points.reduce((s, [x, y]) => s + (y - (a + b * x)) ** 2, 0)
  return { a, b, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time per function of a V8 CPU profile, busiest first, idle left out: [name, ms, share of busy]. */
function selfTimes(file: string): { busyMs: number; top: [string, number][] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const names = new Map(
    profile.nodes.map((n) => {
      const { functionName, url, lineNumber } = n.callFrame
      const where = url ? ` (${url.split('/').slice(-2).join('/')}:${lineNumber + 1})` : ''
      return [n.id, `${functionName || '(anonymous)'}${where}`]
    })
  )
  const byName = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const name = names.get(id) ?? '?'
    byName.set(name, (byName.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  byName.delete('(idle)')
  const busyMs = [...byName.values()].reduce((s, v) => s + v, 0)
  return { busyMs, top: [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12) }
}

const f = (n: number, d = 2) => n.toFixed(d)

// ---------------------------------------------------------------- main
const sim = await SimProcess.start(Math.max(...sizes))
const results: Measured[] = []
const loadBefore = loadavg()[0] ?? 0
let profiled: { busyMs: number; top: [string, number][]; run: Measured } | undefined
try {
  for (const size of sizes) {
    // Run by run, every variant (and bundle) in turn: a machine whose load drifts biases none of them.
    const all: Measured[] = []
    for (let r = 0; r < runs; r++)
      for (const variant of VARIANTS)
        for (const dist of dists) {
          const m = await runAction(sim, size, variant, dist)
          all.push(m)
          console.error(
            `${dists.length > 1 ? `${dist}: ` : ''}${size} hosts, ${variant.label}, run ${r + 1}: ${f(m.wall)} s wall, ${f(m.cpu)} s CPU, ${f(m.rssMb, 1)} MB, ${m.sim.maxInFlight} handshakes in flight; ${m.phases.map(([t, ms]) => `${t.split(' ')[0]} ${ms} ms`).join(', ')}`
          )
          if (m.sim.maxInFlight > maxStarts)
            throw new Error(
              `${m.sim.maxInFlight} SSH handshakes in flight, more than max_concurrent_starts ${maxStarts}`
            )
          if (m.sim.maxConnectionsPerHost !== 1 || m.sim.handshakes !== size)
            throw new Error(
              `${m.sim.handshakes} handshakes for ${size} hosts, ${m.sim.maxConnectionsPerHost} to one host`
            )
        }
    for (const variant of VARIANTS)
      for (const d of dists) results.push(median(all.filter((m) => m.dist === d && m.variant === variant)))
  }
  if (!smoke && !opt['dry-run'] && !opt['skip-profile']) {
    const dir = mkdtempSync(join(tmpdir(), 'deckhand-prof-'))
    const run = await runAction(sim, Math.max(...sizes), VARIANTS[0] as Variant, dists[0] as string, dir)
    const file = readdirSync(dir).find((n) => n.endsWith('.cpuprofile'))
    if (file) profiled = { ...selfTimes(join(dir, file)), run }
  }
} finally {
  sim.stop()
}
const loadAfter = loadavg()[0] ?? 0

function row(m: Measured): string {
  const cells = [
    `${dists.length > 1 ? `${m.dist}: ` : ''}${m.hosts}`,
    m.variant.label,
    f(m.wall),
    `${f(m.cpu)} (${f(m.user)} + ${f(m.sys)})`,
    f((m.cpu * 1000) / m.hosts, 1),
    f(m.rssMb, 1),
    f(m.rssMb / m.hosts, 3),
    String(m.sim.maxInFlight),
    `${m.sim.connections} (max ${m.sim.maxConnectionsPerHost} per host)`,
    String(m.sim.execs),
    f(m.sim.cpuSeconds),
    String(m.logLines),
    f(m.summaryBytes / 1024, 1)
  ]
  return `| ${cells.join(' | ')} |`
}

const HEADER = [
  'hosts',
  'variant',
  'wall (s)',
  'CPU s (user + sys)',
  'CPU ms per host',
  'peak RSS (MB)',
  'RSS MB per host',
  'SSH handshakes in flight, max',
  'SSH connections',
  'execs',
  'CPU s of the simulated hosts',
  'log lines',
  'job summary (KiB)'
]
const table = `| ${HEADER.join(' | ')} |\n|${HEADER.map(() => ' --- |').join('')}\n${results.map(row).join('\n')}`
console.log(`\n${table}`)
if (!smoke && !opt['dry-run']) writeReport()

function writeReport(): void {
  const of = (key: Variant['key']) => results.filter((m) => m.variant.key === key)
  const base = of('instant')
  const cpuFit = fit(base.map((m) => [m.hosts, m.cpu * 1000]))
  const memFit = fit(base.map((m) => [m.hosts, m.rssMb]))
  const wallFit = fit(base.map((m) => [m.hosts, m.wall]))
  const largest = base.at(-1) as Measured
  const largestAll = results.filter((m) => m.hosts === largest.hosts)
  const maxInFlight = Math.max(...results.map((m) => m.sim.maxInFlight))
  const cpuPerHost = (largest.cpu * 1000) / largest.hosts
  const memPerHost = largest.rssMb / largest.hosts
  const connect = largest.phases.find(([t]) => t.startsWith('Connect to'))
  const handshakeMs = connect ? (connect[1] / largest.hosts) * maxStarts : NaN
  // Linear at most: the cost of an added host does not rise with the fleet (no quadratic term).
  const marginal = (pick: (m: Measured) => number) =>
    base.slice(1).map((m, i) => (pick(m) - pick(base[i] as Measured)) / (m.hosts - (base[i] as Measured).hosts))
  const cpuSteps = marginal((m) => m.cpu * 1000)
  const memSteps = marginal((m) => m.rssMb)
  const notRising = (steps: number[]) =>
    steps.length < 2 || (steps.at(-1) as number) <= 1.25 * Math.max(...steps.slice(0, -1))
  const busiest = profiled?.top
    .slice(0, 3)
    .map(([name, ms]) => `${name.replace(/ \(.*/, '')} ${f((100 * ms) / (profiled?.busyMs ?? 1), 0)} %`)
    .join(', ')
  // A target not met gets its measured reason and the next step.
  const targets: [string, string, boolean, string][] = [
    [
      `${largest.hosts} hosts deployed in under 30 s wall`,
      largestAll.map((m) => `${f(m.wall)} s (${m.variant.label})`).join('; '),
      largest.wall < 30,
      `the connect phase (the preflight: every host connected and key-checked before anything runs) took ${connect ? f(connect[1] / 1000, 1) : '?'} s: ${largest.hosts} handshakes at most ${maxStarts} at a time, about ${f(handshakeMs, 0)} ms each, on 2 cores shared with the simulated hosts (${f(largest.sim.cpuSeconds)} s of CPU at nice ${nice}) and a load average of ${f(loadBefore)}–${f(loadAfter)}. Next: measure on an idle machine; a larger \`sshkit.max_concurrent_starts\` shortens it where the hosts answer quickly`
    ],
    [
      'under 10 ms of runner CPU per host',
      `${f(cpuFit.b, 2)} ms per added host (slope); ${f(cpuPerHost, 2)} ms per host in total at ${largest.hosts}`,
      cpuFit.b < 10 && cpuPerHost < 10,
      `the busiest functions in the profile below are ${busiest ?? '(no profile)'}. Next: sign the public-key authentication with a key parsed once (ssh2 parses the PEM again for every signature) and batch the small SSH packets of an exec into one socket write`
    ],
    [
      'under 1 MB of memory per host',
      `${f(memFit.b, 3)} MB per added host (slope); ${f(memPerHost, 3)} MB per host in total at ${largest.hosts}`,
      memFit.b < 1 && memPerHost < 1,
      'Next: a heap snapshot at the largest size to see which per-host objects dominate'
    ],
    [
      'CPU and memory grow linearly (at most)',
      `per added host from one size to the next (${base.map((m) => m.hosts).join(' → ')}): CPU ${cpuSteps.map((x) => f(x, 1)).join(', ')} ms, peak RSS ${memSteps.map((x) => f(x, 3)).join(', ')} MB — ${notRising(cpuSteps) && notRising(memSteps) ? 'not rising with the fleet' : 'rising with the fleet'}; least squares: CPU ${f(cpuFit.a / 1000)} s + ${f(cpuFit.b, 2)} ms × hosts (R² ${f(cpuFit.r2, 3)}), peak RSS ${f(memFit.a, 1)} MB + ${f(memFit.b, 3)} MB × hosts (R² ${f(memFit.r2, 3)})`,
      notRising(cpuSteps) && notRising(memSteps),
      'the cost of an added host rises with the fleet: look for a per-host step that does work over all hosts (a lookup over every host, a list copied per host)'
    ],
    [
      `never more than max_concurrent_starts (${maxStarts}) handshakes in flight`,
      `at most ${maxInFlight} in any run, counted by the hosts; one connection per host`,
      maxInFlight <= maxStarts,
      'the start gate in SshPool is bypassed somewhere'
    ]
  ]
  const series = (key: Variant['key'], pick: (m: Measured) => number): [number, number][] =>
    of(key).map((m) => [m.hosts, pick(m)])
  const dashes: Record<Variant['key'], Pick<Series, 'dashed'>> = { instant: {}, limit: { dashed: true }, slow: {} }
  const shade: Record<Variant['key'], string> = { instant: '', limit: '', slow: '55' }
  const timeSeries: Series[] = VARIANTS.flatMap((v) => [
    {
      name: `wall, ${v.label}`,
      points: series(v.key, (m) => m.wall),
      color: `#1f6feb${shade[v.key]}`,
      ...dashes[v.key]
    },
    { name: `CPU, ${v.label}`, points: series(v.key, (m) => m.cpu), color: `#d1242f${shade[v.key]}`, ...dashes[v.key] }
  ])
  const memSeries: Series[] = VARIANTS.map((v) => ({
    name: `peak RSS, ${v.label}`,
    points: series(v.key, (m) => m.rssMb),
    color: `#1a7f37${shade[v.key]}`,
    ...dashes[v.key]
  }))
  writeFileSync(
    join(ROOT, 'bench/scale.svg'),
    plot([
      { title: 'Time on the runner (s) against hosts', series: timeSeries },
      { title: 'Peak memory of the action (MB) against hosts', series: memSeries }
    ])
  )
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim()
  const dirty = git('status', '--porcelain', '--', 'src')
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}, Node ${process.version}`
  /** With slow hosts: the phases after the pull against what 30 hosts at a time would take. */
  const slowText = () => {
    const slow = largestAll.find((m) => m.variant.key === 'slow')
    if (!slow) return ''
    const after = slow.phases.filter(([t]) => !t.startsWith('Pull') && !t.startsWith('Connect to'))
    const rounds = Math.ceil(slow.hosts / maxStarts)
    return ` With hosts that take ${slowMs} ms per exec, the ${after.length} phases after the pull took ${after.map(([, ms]) => f(ms / 1000, 1)).join(', ')} s: the delay once, plus the CPU of ${slow.hosts} execs on 2 cores — where ${maxStarts} hosts at a time would take ${rounds} × ${slowMs} ms = ${f((rounds * slowMs) / 1000, 1)} s per phase.`
  }
  const phasesOf = (m: Measured) =>
    m.phases.map(([t, ms]) => `${t.replace(/ on .*| \(.*|,.*/, '')} ${f(ms / 1000, 1)} s`).join(', ')
  const profileText = profiled
    ? `One more run at ${profiled.run.hosts} hosts under \`node --cpu-prof\` (${f(profiled.run.cpu)} s of CPU, the profiler's own cost included). V8 samples the main thread's wall clock, so on a loaded machine the milliseconds include time the process waited for a core (${f(profiled.busyMs / 1000)} s of non-idle samples here); the shares are what to read. Self time of the busiest functions (native ones by V8's name; \`dist/…\` is the bundle, where ssh2 is most of it):\n\n| function | sampled ms | share of non-idle |\n| --- | --- | --- |\n${profiled.top.map(([name, ms]) => `| \`${name.replace(/\|/g, '\\|')}\` | ${f(ms, 0)} | ${f((100 * ms) / profiled.busyMs, 1)} % |`).join('\n')}\n`
    : '(no profiled run)\n'
  writeFileSync(
    join(ROOT, 'bench/scale.md'),
    `# Scale benchmark: the runner's side of a deploy to ${sizes.join(', ')} hosts

Written by \`npm run bench:scale\` (bench/scale.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — commit \`${git('rev-parse', '--short', 'HEAD')}\`${dirty ? ' with uncommitted changes in src/' : ''}, \`dist/\` built from it. Machine: ${machine}. Load average (1 min) ${f(loadBefore)} when it started and ${f(loadAfter)} when it ended: this machine is shared, and other processes' load inflates wall times (less CPU seconds, and not memory).

**What runs.** \`deploy\` v1 → v2 of a one-role app behind kamal-proxy (Kamal's default) to N **simulated hosts** (\`bench/sim-hosts/\`): real SSH servers (ssh2; one loopback address and ed25519 host key per host, a generated plain known-hosts, public-key authentication with the signature checked) that answer each of the action's scripts the way a healthy Docker host would, without running them. They stand in for hosts only to measure the runner's side; the real-fleet tests stay the proof that deploys work. They run in one process of their own under \`nice -n ${nice}\`, on the same 2 cores. The action is the bundled \`dist/index.js\` run as the runner runs it (\`node dist/index.js\` with INPUT_* variables and the GITHUB_* files) under GNU time: **wall** is the process's life, **CPU** its user + system seconds, **peak RSS** its maximum resident set (\`/usr/bin/time -f '%e %U %S %M'\`: wait4's rusage, nothing runs inside the measured process). **Handshakes in flight** are counted by the hosts, from the TCP accept to the end of authentication, across all hosts; \`sshkit.max_concurrent_starts\` is ${maxStarts}. Each size and variant runs ${runs} time(s); the run with the median wall time is shown. Variants: ${VARIANTS.map((v) => `**${v.label}**`).join(', ')}${slowMs > 0 ? ` (every exec answered ${slowMs} ms after its stdin ends: a stand-in for real hosts' \`docker\` work, which the action waits for on every host at once)` : ''}; with \`boot.limit\` the boot groups run one after the other and every host tags \`:latest\` in a finish round trip.

${table}

![time and memory against hosts](scale.svg)

## Targets

| target | measured | met |
| --- | --- | --- |
${targets.map(([t, m, ok]) => `| ${t} | ${m} | ${ok ? 'yes' : '**no**'} |`).join('\n')}
${targets
  .filter(([, , ok]) => !ok)
  .map(([t, , , why]) => `\n**Not met — ${t}:** ${why}.`)
  .join('\n')}

## Where the time goes at ${largest.hosts} hosts

Phases of the runs above (from the action's debug log): ${largestAll.map((m) => `**${m.variant.label}**: ${phasesOf(m)}`).join('; ')}. The connect phase (the preflight: every host connected and key-checked before anything runs) carries the handshakes: ${largest.hosts} at most ${maxStarts} at a time. Wall time grows by ${f(wallFit.b * 1000, 1)} ms per host with hosts that answer at once.${slowText()} Only the handshakes are paced (and the boots, by \`boot.limit\`): every host is worked on at once.

## Where the CPU goes

${profileText}
## What keeps it linear

- One connection per host for the whole run, its handshake paced by a start gate in \`SshPool\` (Kamal's semaphore around the SSH start); every host is worked on at once.
- known-hosts lines looked up by name instead of matching every pattern for every host (that was quadratic: a million regular expressions at 1,000 hosts).
- The log groups the outcomes of a phase on more than 20 hosts (progress every tenth, then a line per distinct outcome), and the job summary groups hosts with identical results and stays under GitHub's 1 MiB limit: see the log lines and summary size columns.
`
  )
  console.log('wrote bench/scale.md and bench/scale.svg')
}
