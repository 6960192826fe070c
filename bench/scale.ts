// `npm run bench:scale`: what the action costs on the runner as the fleet grows. `deploy` v1 → v2
// to 10, 100, 300 and 1,000 SIMULATED hosts (bench/sim-hosts: real SSH, answers only — they stand in
// for hosts to measure the runner's side; the real-fleet tests prove that deploys work), with the
// bundled action run as the runner runs it (`node dist/index.js`, INPUT_* env), once as configured
// and once with `boot.limit` set. Per run: wall time, CPU seconds (user + sys) and peak RSS of the
// action's process (GNU time: wait4's rusage, nothing runs inside the measured process), SSH
// handshakes in flight at once and connections per host (counted by the simulated hosts), log and
// summary size. Writes bench/scale.md and bench/scale.svg.
//   -- --sizes 10,100 --runs 3     other sizes, more runs (the median run by wall time is reported)
//   -- --smoke                     10 hosts, once per variant, checks the run and writes nothing (CI)
//   -- --profile DIR               a V8 CPU profile of each run in DIR (for finding costs; slower)
//   -- --dist A,B --dry-run        two bundles, interleaved run by run (compare builds on a noisy machine)
//   -- --keep DIR                  keep each run's log and job summary
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { makeRepo, parseFileCommands, ROOT } from '../__tests__/e2e/harness.js'
import type { SimStats } from './sim-hosts/hosts.js'
import { plot, type Series } from './svg-plot.js'

const { values: opt } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,100,300,1000' },
    runs: { type: 'string', default: '3' },
    'boot-limit': { type: 'string', default: '25%' },
    'max-concurrent-starts': { type: 'string', default: '30' },
    'delay-ms': { type: 'string', default: '0' },
    /** The simulated hosts' niceness (0: same priority as the action). */
    nice: { type: 'string', default: '10' },
    smoke: { type: 'boolean', default: false },
    /** Measures and prints, writes nothing. */
    'dry-run': { type: 'boolean', default: false },
    /** Runs the bundle in these directories (comma-separated), alternating run by run: an A/B comparison. */
    dist: { type: 'string' },
    /** Keeps the log and job summary of each run in this directory. */
    keep: { type: 'string' },
    /** Writes a V8 CPU profile of each run of the action into this directory (it then costs more). */
    profile: { type: 'string' }
  }
})
const smoke = opt.smoke ?? false
const sizes = (smoke ? '10' : (opt.sizes ?? '')).split(',').map(Number)
const runs = smoke ? 1 : Number(opt.runs)
const bootLimit = opt['boot-limit'] ?? '25%'
const maxStarts = Number(opt['max-concurrent-starts'])
const TIME = '/usr/bin/time'
if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed: apt-get install time`)
const dists = opt.dist ? opt.dist.split(',') : [join(ROOT, 'dist')]
for (const d of dists) if (!existsSync(join(d, 'index.js'))) throw new Error(`${d}/index.js is missing: npm run build`)

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
    const child = spawn(
      'nice',
      [
        '-n',
        opt.nice ?? '10',
        process.execPath,
        '--import',
        'tsx',
        join(ROOT, 'bench/sim-hosts/server.ts'),
        '--count',
        String(count),
        '--dir',
        dir,
        '--initial-version',
        'v1',
        '--delay-ms',
        opt['delay-ms'] ?? '0'
      ],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }
    )
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

  reset = () => this.ask<unknown>({ type: 'reset', initialVersion: 'v1' })
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
  limit?: string
  wall: number
  cpu: number
  user: number
  sys: number
  rssMb: number
  logLines: number
  logBytes: number
  summaryBytes: number
  /** The action's log groups (the phases) and how long each took, from its debug lines. */
  phases: [string, number][]
  sim: SimStats
}

async function runAction(sim: SimProcess, count: number, limit: string | undefined, dist: string): Promise<Measured> {
  const repo = makeRepo({
    'config/deploy.yml': config(sim, count, limit),
    '.kamal/secrets': 'REGISTRY_PASSWORD=$REGISTRY_PASSWORD\nAPP_SECRET=$APP_SECRET\n'
  })
  const files = mkdtempSync(join(tmpdir(), 'deckhand-step-'))
  const paths = { output: join(files, 'output'), summary: join(files, 'summary'), state: join(files, 'state') }
  for (const p of Object.values(paths)) writeFileSync(p, '')
  const timeFile = join(files, 'time')
  await sim.reset()
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    GITHUB_WORKSPACE: repo,
    GITHUB_OUTPUT: paths.output,
    GITHUB_STEP_SUMMARY: paths.summary,
    GITHUB_STATE: paths.state,
    GITHUB_REPOSITORY: 'acme/demo',
    GITHUB_RUN_ID: String(Date.now()),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    RUNNER_TEMP: files,
    REGISTRY_PASSWORD: 'sim-registry-password',
    APP_SECRET: 'sim-app-secret',
    INPUT_COMMAND: 'deploy',
    INPUT_VERSION: 'v2',
    'INPUT_SSH-PRIVATE-KEY': readFileSync(join(sim.dir, 'id_ed25519'), 'utf8'),
    'INPUT_KNOWN-HOSTS': readFileSync(join(sim.dir, 'known_hosts'), 'utf8')
  }
  const started = performance.now()
  const profile = opt.profile ? ['--cpu-prof', `--cpu-prof-dir=${opt.profile}`] : []
  const node = [process.execPath, ...profile, join(dist, 'index.js')]
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
    const name = `${count}${limit ? `-limit-${limit.replace('%', 'pct')}` : ''}`
    writeFileSync(join(opt.keep, `${name}.log`), log)
    writeFileSync(join(opt.keep, `${name}.summary.html`), readFileSync(paths.summary))
  }
  const outputs = parseFileCommands(readFileSync(paths.output, 'utf8'))
  if (code !== 0 || outputs['version'] !== 'v2')
    throw new Error(`deploy to ${count} simulated hosts failed (exit ${code}):\n${log.slice(-4000)}`)
  const [, user, sys, rssKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)?.split(' ').map(Number) ?? []
  return {
    dist,
    hosts: count,
    limit,
    wall,
    user: user ?? NaN,
    sys: sys ?? NaN,
    cpu: (user ?? NaN) + (sys ?? NaN),
    rssMb: (rssKb ?? NaN) / 1024,
    logLines: log.split('\n').length - 1,
    logBytes: Buffer.byteLength(log),
    summaryBytes: statSync(paths.summary).size,
    phases: [...log.matchAll(/^::debug::deckhand: phase "(.*)" took (\d+) ms$/gm)].map((m) => [
      (m[1] ?? '').slice(0, 80),
      Number(m[2])
    ]),
    sim: await sim.stats()
  }
}

// ---------------------------------------------------------------- statistics, table, plot
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

const f = (n: number, d = 2) => n.toFixed(d)

function row(m: Measured): string {
  return `| ${dists.length > 1 ? `${m.dist}: ` : ''}${m.hosts} | ${m.limit ?? '–'} | ${f(m.wall)} | ${f(m.cpu)} (${f(m.user)} + ${f(m.sys)}) | ${f((m.cpu * 1000) / m.hosts, 1)} | ${f(m.rssMb, 1)} | ${f(m.rssMb / m.hosts, 3)} | ${m.sim.maxInFlight} | ${m.sim.connections} (max ${m.sim.maxConnectionsPerHost} per host) | ${m.sim.execs} | ${f(m.sim.cpuSeconds)} | ${m.logLines} | ${f(m.summaryBytes / 1024, 1)} |`
}

const HEADER =
  '| hosts | boot.limit | wall (s) | CPU s (user + sys) | CPU ms per host | peak RSS (MB) | RSS MB per host | SSH handshakes in flight, max | SSH connections | execs | CPU s of the simulated hosts | log lines | summary (KiB) |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'

// ---------------------------------------------------------------- main
const sim = await SimProcess.start(Math.max(...sizes))
const results: Measured[] = []
const loadBefore = loadavg()[0] ?? 0
try {
  for (const size of sizes) {
    for (const limit of [undefined, bootLimit]) {
      const all: Measured[] = []
      for (let r = 0; r < runs * dists.length; r++) {
        const dist = dists[r % dists.length] as string
        const m = await runAction(sim, size, limit, dist)
        all.push(m)
        console.error(
          `${dists.length > 1 ? `${dist}: ` : ''}${size} hosts${limit ? `, boot.limit ${limit}` : ''}, run ${r + 1}: ${f(m.wall)} s wall, ${f(m.cpu)} s CPU, ${f(m.rssMb, 1)} MB, ${m.sim.maxInFlight} handshakes in flight; ${m.phases.map(([t, ms]) => `${t.split(' ')[0]} ${ms} ms`).join(', ')}`
        )
        if (m.sim.maxInFlight > maxStarts)
          throw new Error(`${m.sim.maxInFlight} SSH handshakes in flight, more than max_concurrent_starts ${maxStarts}`)
        if (m.sim.maxConnectionsPerHost !== 1) throw new Error(`${m.sim.maxConnectionsPerHost} connections to one host`)
      }
      for (const d of dists) results.push(median(all.filter((m) => m.dist === d)))
    }
  }
} finally {
  sim.stop()
}

const table = `${HEADER}\n${results.map(row).join('\n')}`
console.log(`\n${table}`)
if (!smoke && !opt['dry-run']) writeReport()

function writeReport(): void {
  const base = results.filter((m) => !m.limit)
  const cpuFit = fit(base.map((m) => [m.hosts, m.cpu * 1000]))
  const memFit = fit(base.map((m) => [m.hosts, m.rssMb]))
  const wallFit = fit(base.map((m) => [m.hosts, m.wall]))
  const largest = base.at(-1) as Measured
  const limited = results.filter((m) => m.limit)
  const maxInFlight = Math.max(...results.map((m) => m.sim.maxInFlight))
  const targets = [
    [
      `${largest.hosts} hosts deployed in under 30 s wall`,
      `${f(largest.wall)} s (boot.limit ${bootLimit}: ${f((limited.at(-1) as Measured).wall)} s)`,
      largest.wall < 30
    ],
    [
      'under 10 ms of runner CPU per host',
      `${f(cpuFit.b, 2)} ms per added host (slope); ${f((largest.cpu * 1000) / largest.hosts, 2)} ms per host in total at ${largest.hosts}`,
      cpuFit.b < 10 && (largest.cpu * 1000) / largest.hosts < 10
    ],
    [
      'under 1 MB of memory per host',
      `${f(memFit.b, 3)} MB per added host (slope); ${f(largest.rssMb / largest.hosts, 3)} MB per host in total at ${largest.hosts}`,
      memFit.b < 1 && largest.rssMb / largest.hosts < 1
    ],
    [
      'CPU and memory grow linearly',
      `least-squares lines: CPU ${f(cpuFit.a / 1000)} s + ${f(cpuFit.b, 2)} ms × hosts (R² ${f(cpuFit.r2, 4)}), RSS ${f(memFit.a, 1)} MB + ${f(memFit.b, 3)} MB × hosts (R² ${f(memFit.r2, 4)})`,
      cpuFit.r2 > 0.98 && memFit.r2 > 0.98
    ],
    [
      `never more than max_concurrent_starts (${maxStarts}) handshakes in flight`,
      `at most ${maxInFlight} in any run; one connection per host`,
      maxInFlight <= maxStarts
    ]
  ] as const
  const series = (pick: (m: Measured) => number, limit: boolean): [number, number][] =>
    results.filter((m) => !!m.limit === limit).map((m) => [m.hosts, pick(m)])
  const timeSeries: Series[] = [
    { name: 'wall', points: series((m) => m.wall, false), color: '#1f6feb' },
    { name: `wall, boot.limit ${bootLimit}`, points: series((m) => m.wall, true), color: '#1f6feb', dashed: true },
    { name: 'CPU (user+sys)', points: series((m) => m.cpu, false), color: '#d1242f' },
    { name: `CPU, boot.limit ${bootLimit}`, points: series((m) => m.cpu, true), color: '#d1242f', dashed: true }
  ]
  const memSeries: Series[] = [
    { name: 'peak RSS', points: series((m) => m.rssMb, false), color: '#1a7f37' },
    { name: `peak RSS, boot.limit ${bootLimit}`, points: series((m) => m.rssMb, true), color: '#1a7f37', dashed: true }
  ]
  writeFileSync(
    join(ROOT, 'bench/scale.svg'),
    plot([
      { title: 'Time on the runner (s) against hosts', series: timeSeries },
      { title: 'Peak memory of the action (MB) against hosts', series: memSeries }
    ])
  )
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim()
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}, Node ${process.version}`
  writeFileSync(
    join(ROOT, 'bench/scale.md'),
    `# Scale benchmark: the runner's side of a deploy to 10 … 1,000 hosts

Written by \`npm run bench:scale\` (bench/scale.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — commit \`${commit}\`${dirty ? ' with uncommitted changes in src/' : ''}, \`dist/\` as built from it. Machine: ${machine}. Load average when it started: ${f(loadBefore)} (this machine is shared: other processes add noise to wall times, less to CPU seconds and none to memory).

**What runs.** \`deploy\` v1 → v2 of a one-role app behind kamal-proxy (Kamal's default) to N **simulated hosts** (\`bench/sim-hosts/\`): real SSH servers (ssh2, one loopback address and host key per host, a generated known-hosts, public-key auth with signature check) that answer each of the action's scripts the way a healthy Docker host would, without running them. They stand in for hosts only to measure the runner's side; the real-fleet tests stay the proof that deploys work. They run in one process of their own under \`nice -n 10\` on the same 2 cores. The action is the bundled \`dist/index.js\` run as the runner runs it (\`node dist/index.js\` with INPUT_* variables and the GITHUB_* files), under GNU time: **wall** is the process's life, **CPU** its user + system seconds and **peak RSS** its maximum resident set (\`/usr/bin/time -f '%e %U %S %M'\`, i.e. wait4's rusage: nothing runs inside the measured process). **Handshakes in flight** are counted by the simulated hosts, from the TCP accept to the end of authentication, across all hosts; \`sshkit.max_concurrent_starts\` is ${maxStarts}. Each size runs ${runs} time(s) per variant; the run with the median wall time is shown. The second row of each size sets \`boot.limit: ${bootLimit}\` (boot groups one after the other, and the \`:latest\` tag in a finish round trip on every host).

${table}

![time and memory against hosts](scale.svg)

## Targets

| target | measured | met |
| --- | --- | --- |
${targets.map(([t, m, ok]) => `| ${t} | ${m} | ${ok ? 'yes' : '**no**'} |`).join('\n')}

Wall time grows by ${f(wallFit.b * 1000, 1)} ms per host (least squares over the sizes without boot.limit). The simulated hosts answer at once: on a real fleet wall time is set by the hosts' \`docker pull\`, health checks and drains, which run in parallel on every host (the action works on every host at once; only the handshakes are paced).
`
  )
  console.log('wrote bench/scale.md and bench/scale.svg')
}
