// `npm run bench`: our deploy against the raw floor (bench/raw-floor.mjs) on local fleets of 1, 4
// and 8 hosts, interleaved run by run; writes bench/results.md. `-- --sizes 1,4,8,32 --runs 3`;
// `-- --smoke` does one small run and writes nothing (CI runs that, never asserting on times).
import { execFileSync, spawnSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  fleetDown,
  fleetInputs,
  fleetUp,
  ip,
  makeRepo,
  ROOT,
  startStep,
  type Fleet,
  demoConfigHead
} from '../__tests__/e2e/harness.js'
import { currentVersion, tagLatest } from '../src/commands/app.js'
import { pruneContainers, pruneImages, pullImage } from '../src/commands/docker.js'
import { rolePrefix } from '../src/commands/naming.js'
import { loadConfig } from '../src/config/load.js'

const args = process.argv.slice(2)
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt
}
const smoke = args.includes('--smoke')
const sizes = (smoke ? '1' : opt('sizes', '1,4,8')).split(',').map(Number)
const runs = smoke ? 1 : Number(opt('runs', '3'))
process.env['DECKHAND_FLEET_PREFIX'] = opt('prefix', 'bench-')

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

function config(fleet: Fleet, names: string[]): string {
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
`
}

interface Timed {
  seconds: number
  execs: Record<string, number>
  startupMs?: number
}

/** Start-up of every run of the action at the current fleet size (setup, warm-up, resets, timed). */
let startups: number[] = []

async function action(fleet: Fleet, repo: string, command: string, version: string): Promise<Timed> {
  const started = Date.now()
  const run = await startStep({
    repo,
    inputs: fleetInputs(fleet, { command, version }),
    env: { REGISTRY_PASSWORD: fleet.registry.password, APP_SECRET: 'bench-secret' }
  }).done
  const seconds = (Date.now() - started) / 1000
  if (run.code !== 0) throw new Error(`${command} ${version} failed:\n${run.stdout}`)
  const execs = JSON.parse(/::debug::deckhand: SSH commands per host (.*)$/m.exec(run.stdout)?.[1] ?? '{}') as Record<
    string,
    number
  >
  const startup = /::debug::deckhand: first SSH connection started (\d+) ms/.exec(run.stdout)?.[1]
  if (startup) startups.push(Number(startup))
  return { seconds, execs, startupMs: startup ? Number(startup) : undefined }
}

function floor(fleet: Fleet, names: string[], from: string, to: string, script?: string): number {
  const started = Date.now()
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bench/raw-floor.mjs'),
      ...(script ? ['--script', script] : []),
      '/var/lib/deckhand-fleet/fleet.json',
      'deckhand/demo',
      from,
      to,
      ...names.map((n) => ip(fleet, n))
    ],
    {
      encoding: 'utf8'
    }
  )
  if (r.status !== 0) throw new Error(`raw floor failed: ${r.stderr}`)
  return (Date.now() - started) / 1000
}

/**
 * The commands our deploy sends that the floor does not, built by the action's own builders: the
 * label check, the current-version query, the listing before the stop, the prunes and the tag — the
 * Kamal bookkeeping that `plan` shows. Timed alone (hosts in parallel) it shows what they cost here.
 */
function bookkeepingScript(repo: string, version: string): string {
  const config = loadConfig({ workingDirectory: repo, configFile: 'config/deploy.yml' })
  const role = config.roles[0]
  if (!role) throw new Error('no role')
  const file = join(repo, 'bookkeeping.sh')
  writeFileSync(
    file,
    [
      'set -e',
      `{ ${pullImage(config, version).checkLabel} ; } > /dev/null`,
      `OLD=$( { ${currentVersion(config, role)} ; } 2> /dev/null || true)`,
      `docker container ls --all --filter "name=^${rolePrefix(config, role)}-$OLD\\$" --quiet > /dev/null`,
      `${pruneContainers(config)} > /dev/null`,
      ...pruneImages(config).map((c) => `${c} > /dev/null`),
      tagLatest(config, version)
    ].join('\n') + '\n'
  )
  return file
}

const rows: string[] = []
for (const size of sizes) {
  const names = Array.from({ length: size }, (_, i) => `b${i + 1}`)
  console.error(`== ${size} host(s): bringing up the fleet`)
  const fleet = fleetUp(names)
  startups = []
  const repo = makeRepo({
    'config/deploy.yml': config(fleet, names),
    '.kamal/secrets': 'REGISTRY_PASSWORD=$REGISTRY_PASSWORD\n'
  })
  try {
    const setup = await action(fleet, repo, 'setup', 'v1')
    // One untimed round first: the hosts pull v2 for the first time there (setup only pulled v1),
    // so that no timed run, ours or the floor's, pays that one-time download.
    await action(fleet, repo, 'deploy', 'v2')
    await action(fleet, repo, 'deploy', 'v1')
    floor(fleet, names, 'v1', 'v2')
    await action(fleet, repo, 'deploy', 'v1')
    const ours: Timed[] = []
    const raw: number[] = []
    for (let r = 0; r < runs; r++) {
      // A B A B: each timed run starts from v1 running, deploys v2; the reset is our deploy of v1.
      ours.push(await action(fleet, repo, 'deploy', 'v2'))
      await action(fleet, repo, 'deploy', 'v1')
      raw.push(floor(fleet, names, 'v1', 'v2'))
      await action(fleet, repo, 'deploy', 'v1')
      console.error(`   run ${r + 1}: ours ${ours[r]?.seconds.toFixed(2)} s, floor ${raw[r]?.toFixed(2)} s`)
    }
    // The fleet runs v1 again: the bookkeeping alone, on that state (its tag changes nothing).
    const script = bookkeepingScript(repo, 'v1')
    const bookkeeping = Array.from({ length: runs }, () => floor(fleet, names, 'v1', 'v1', script))
    const oursMedian = median(ours.map((o) => o.seconds))
    const rawMedian = median(raw)
    const execs = Math.max(...ours.flatMap((o) => Object.values(o.execs)))
    // Start-up is a single-process latency and this VM's CPU speed wanders by ±20%: the median over
    // every run of this size (about 11) says more than the three timed ones.
    const startup = median(startups)
    const row = `| ${size} | ${setup.seconds.toFixed(2)} | ${oursMedian.toFixed(2)} | ${rawMedian.toFixed(2)} | ${(oursMedian / rawMedian).toFixed(2)} | ${median(bookkeeping).toFixed(2)} | ${execs} | ${startup.toFixed(0)} |`
    rows.push(row)
    console.log(row)
  } finally {
    fleetDown(names)
  }
}

const header =
  '| hosts | setup v1 (s) | our deploy v1→v2, median (s) | raw floor, median (s) | ratio | Kamal bookkeeping alone, median (s) | SSH execs per host (max) | start-up to first SSH connect, median of all runs (ms) |\n| --- | --- | --- | --- | --- | --- | --- | --- |'
const table = `${header}\n${rows.join('\n')}`
console.log(`\n${table}`)
if (!smoke) {
  const docker = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).trim()
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, outer Docker ${docker}; every fleet host (sshd + its own dockerd, Docker 20.10) shares those cores`
  writeFileSync(
    join(ROOT, 'bench/results.md'),
    `# Benchmark results\n\n${new Date().toISOString().slice(0, 10)}, ${runs} run(s) per size, interleaved (ours, floor, ours, floor …). Machine: ${machine}.\n\nOur deploy is the bundled action run as a process exactly as the runner runs it (start-up included); the floor is bench/raw-floor.mjs, the same Docker work by hand over one SSH session per host (login, pull, run, wait for Docker's health status, stop the old container). Image: a 2 MB busybox app whose HEALTHCHECK interval is 1 s. An untimed round (ours, then the floor) comes first, so every timed run finds both versions already pulled. "Kamal bookkeeping alone" runs, the same way as the floor, only the commands our deploy sends that the floor does not (the image label check, the current-version query, the listing before the stop, the container and image prunes, the \`:latest\` tag — Kamal's lines, which \`plan\` shows), so it shows what they cost on this machine.\n\n${table}\n`
  )
}
