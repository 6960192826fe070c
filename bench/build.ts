// `node --import tsx bench/build.ts [--runs 3]`: the wall time of `command: build` (the bundled
// action, as the runner runs it) for a small app, cold (a build arg changes the first step, so every
// step runs and every layer is pushed) and warm (the same inputs again: BuildKit's local cache and
// layers the registry has). This machine has no buildx, so the build is the fallback through
// Debian's docker CLI and the daemon's BuildKit; the registry is the fleet's. Prints a table and
// writes bench/build-results.md. Times on a shared 2-core machine are noisy: read medians.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fleetStatus, makeRepo, ROOT, startStep } from '../__tests__/e2e/harness.js'

const args = process.argv.slice(2)
const runs = Number(args[args.indexOf('--runs') + 1] || 3) || 3
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

execFileSync('bash', [join(ROOT, 'test/fleet/fleet.sh'), 'images'], { stdio: ['ignore', 'ignore', 'inherit'] })
const fleet = fleetStatus()
const scratch = mkdtempSync(join(tmpdir(), 'deckhand-build-bench-'))
mkdirSync(join(scratch, 'bin'))
symlinkSync('/usr/bin/docker', join(scratch, 'bin/docker'))
const image = `${fleet.registry.server}/e2e/bench-build`

// An app of a few layers: dependencies (40 MB, some CPU to make them), then the code.
const repo = makeRepo({
  'config/deploy.yml': `service: bench
image: e2e/bench-build
registry: { server: ${fleet.registry.server}, username: ${fleet.registry.username}, password: [REGISTRY_PASSWORD] }
builder:
  arch: amd64
  args: { CACHE_BUST: "" }
servers: [192.0.2.1]
`,
  Dockerfile: `FROM deckhand-busybox
ARG CACHE_BUST
RUN echo "$CACHE_BUST" > /bust && dd if=/dev/urandom bs=1M count=40 2>/dev/null | gzip -1 > /deps.gz
COPY app /app
RUN sha256sum /deps.gz /app/* > /app/manifest
`,
  'app/main.sh': 'echo hello\n',
  '.kamal/secrets': `REGISTRY_PASSWORD=${fleet.registry.password}\n`
})

async function build(bust: string, version: string): Promise<{ wall: number; build: number }> {
  writeFileSync(
    join(repo, 'config/deploy.yml'),
    `service: bench
image: e2e/bench-build
registry: { server: ${fleet.registry.server}, username: ${fleet.registry.username}, password: [REGISTRY_PASSWORD] }
builder:
  arch: amd64
  args: { CACHE_BUST: "${bust}" }
servers: [192.0.2.1]
`
  )
  const started = performance.now()
  const run = await startStep({
    repo,
    inputs: { command: 'build', version },
    env: { PATH: `${join(scratch, 'bin')}:${process.env['PATH'] ?? ''}`, DOCKER_CONFIG: join(scratch, 'docker-config') }
  }).done
  const wall = (performance.now() - started) / 1000
  if (run.code !== 0) throw new Error(`build failed:\n${run.stdout}`)
  const build = Number(/<b>Build time<\/b> ([\d.]+) s/.exec(run.summary)?.[1])
  return { wall, build }
}

const cold: { wall: number; build: number }[] = []
const warm: { wall: number; build: number }[] = []
for (let i = 0; i < runs; i++) {
  const bust = `${Date.now()}-${i}`
  cold.push(await build(bust, `cold${i}`))
  warm.push(await build(bust, `warm${i}`))
  process.stderr.write(`run ${i + 1}: cold ${cold[i]?.wall.toFixed(1)} s, warm ${warm[i]?.wall.toFixed(1)} s\n`)
}
for (const tag of ['latest', ...cold.map((_, i) => `cold${i}`), ...warm.map((_, i) => `warm${i}`)])
  try {
    execFileSync('docker', ['rmi', `${image}:${tag}`], { stdio: 'ignore' })
  } catch {
    // already gone
  }

const row = (name: string, xs: { wall: number; build: number }[]) =>
  `| ${name} | ${median(xs.map((x) => x.wall)).toFixed(1)} | ${median(xs.map((x) => x.build)).toFixed(1)} | ${xs.map((x) => x.wall.toFixed(1)).join(', ')} |`
const table = [
  `Build wall time of \`command: build\` (fallback: Debian's docker 20.10 + the daemon's BuildKit, fleet registry), ${runs} runs, ${cpus().length} CPUs, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| build | median wall s (process) | median build s (summary) | every run, wall s |',
  '| --- | --- | --- | --- |',
  row('cold (every step runs, 40 MB layer pushed)', cold),
  row('warm (local cache: every step CACHED, layers already in the registry)', warm),
  ''
].join('\n')
console.log(table)
writeFileSync(join(ROOT, 'bench/build-results.md'), `${table}\n`)
