// The config corpus (__tests__/corpus): valid configs with the normalized fields they must give
// (and, for some, lines their plan must hold), invalid ones with every message and place expected.
//
// A case is `<name>.yml` (copied to config/deploy.yml of a scratch directory) or a directory
// `<name>/` holding config/, .kamal/ and files as a repository would. Header comments of the
// deploy.yml set the run: `# destination: NAME`, `# env: KEY=VALUE`, `# plan-for: setup|deploy`,
// and (invalid cases) `# expect: <problem>`, one per expected problem, in order (`<%%` for `<%`).
// Valid cases compare with `<name>.expected.json` / `<name>/expected.json`; UPDATE_CORPUS=1 writes
// them (then read every change before committing it).
import assert from 'node:assert/strict'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { renderAccessoryFile } from '../../src/config/erb.js'
import { loadConfig } from '../../src/config/load.js'
import { configWarnings } from '../../src/config/warnings.js'
import { planSecrets, readSecretFiles, resolveSecrets } from '../../src/config/secrets.js'
import { ConfigError, formatProblem } from '../../src/config/errors.js'
import type { DeployConfig } from '../../src/config/types.js'
import { selectTargets, type RunContext } from '../../src/flows/context.js'
import { planByHost, RecordingPool, recordPlan, silentReporter } from '../../src/flows/plan.js'
import { emptyReport } from '../../src/flows/report.js'

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus')
const UPDATE = process.env['UPDATE_CORPUS'] === '1'

interface Case {
  name: string
  dir: string
  expectedFile: string
  destination?: string
  env: Record<string, string>
  planFor?: 'setup' | 'deploy'
  expect: string[]
}

function loadCase(kind: string, entry: string): Case {
  const src = join(CORPUS, kind, entry)
  let dir: string
  let expectedFile: string
  if (statSync(src).isDirectory()) {
    dir = src
    expectedFile = join(src, 'expected.json')
  } else {
    dir = mkdtempSync(join(tmpdir(), 'deckhand-corpus-'))
    mkdirSync(join(dir, 'config'))
    cpSync(src, join(dir, 'config/deploy.yml'))
    expectedFile = src.replace(/\.yml$/, '.expected.json')
  }
  const c: Case = { name: entry.replace(/\.yml$/, ''), dir, expectedFile, env: {}, expect: [] }
  for (const line of readFileSync(join(dir, 'config/deploy.yml'), 'utf8').split('\n')) {
    const m = /^# (destination|env|plan-for|expect): (.*)$/.exec(line)
    if (!m) continue
    // The file is ERB-rendered, comments too: `<%%` in a header stands for a literal `<%`.
    const value = (m[2] as string).replace(/<%%/g, '<%')
    if (m[1] === 'destination') c.destination = value
    else if (m[1] === 'plan-for') c.planFor = value as 'setup' | 'deploy'
    else if (m[1] === 'expect') c.expect.push(value)
    else {
      const eq = value.indexOf('=')
      c.env[value.slice(0, eq)] = value.slice(eq + 1)
    }
  }
  return c
}

function load(c: Case): DeployConfig {
  return loadConfig({
    workingDirectory: c.dir,
    configFile: 'config/deploy.yml',
    destination: c.destination,
    env: c.env
  })
}

/** The normalized fields worth pinning down, in a stable shape. */
function summarize(c: Case, config: DeployConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {
    service: config.service,
    image: config.image,
    destination: config.destination,
    primaryRole: config.primaryRole,
    registry: config.registry,
    roles: config.roles.map((r) => ({
      name: r.name,
      hosts: r.hosts.map((h) => (h.tags.length ? `${h.address} [${h.tags.join(', ')}]` : h.address)),
      cmd: r.cmd,
      proxy: r.proxy,
      env: r.env,
      options: r.options,
      restart: r.restart,
      labels: r.labels,
      logging: r.logging,
      stopTimeout: r.stopTimeout
    })),
    accessories: config.accessories.map((a) => ({ ...a })),
    builder: config.builder,
    envTags: config.envTags,
    volumes: config.volumes,
    ssh: sshWithoutDefaults(config.ssh),
    boot: config.boot,
    retainContainers: config.retainContainers,
    readinessDelay: config.readinessDelay,
    deployTimeout: config.deployTimeout,
    drainTimeout: config.drainTimeout,
    stopTimeout: config.stopTimeout,
    secretsPath: config.secretsPath,
    warnings: configWarnings(config),
    files: config.files
  }
  const source = readSecretFiles(c.dir, config.secretsPath, config.destination, c.env)
  if (source.files.length > 0) out['secrets'] = Object.fromEntries(resolveSecrets(config, source, c.env))
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>
}

/** The ssh settings that differ from Kamal's defaults (user and port always), so most cases stay short. */
function sshWithoutDefaults(ssh: DeployConfig['ssh']): Record<string, unknown> {
  const defaults: Record<string, unknown> = {
    keys: [],
    keyData: [],
    keysOnly: false,
    forwardAgent: false,
    configFiles: ['~/.ssh/config'],
    configNamed: false
  }
  // A literal key is never repeated, not even a fake one.
  const keyData = ssh.keyData.map((k) => ('literal' in k ? { literal: '<literal key>' } : k))
  return Object.fromEntries(
    Object.entries({ ...ssh, keyData }).filter(
      ([k, v]) => !(k in defaults) || JSON.stringify(v) !== JSON.stringify(defaults[k])
    )
  )
}

/** Each host's plan as plain lines, random parts replaced by the placeholders named here. */
async function planLines(c: Case, config: DeployConfig): Promise<Record<string, string[]>> {
  const { secrets } = planSecrets(
    config,
    readSecretFiles(c.dir, config.secretsPath, config.destination, c.env, () => ''),
    c.env
  )
  const pool = new RecordingPool()
  const ctx: RunContext & { pool: RecordingPool } = {
    config,
    targets: selectTargets(config, [], []),
    version: 'abc123',
    performer: 'corpus',
    secrets,
    pool,
    reporter: silentReporter,
    lock: { name: 'corpus', token: 'tok' },
    report: emptyReport('plan', 'abc123'),
    signal: new AbortController().signal
  }
  const log = await recordPlan(ctx, c.planFor ?? 'deploy', (path, acc) =>
    renderAccessoryFile(path, readFileSync(join(c.dir, path)), acc, secrets, c.env)
  )
  const out: Record<string, string[]> = {}
  for (const [host, steps] of planByHost(log))
    out[host] = steps
      .join('\n')
      .replace(/--hostname (\S+)-[0-9a-f]{12} /g, '--hostname $1-<hex12> ')
      .split('\n')
  return out
}

for (const kind of ['valid', 'invalid']) {
  const entries = readdirSync(join(CORPUS, kind))
    .filter((e) => e.endsWith('.yml') || statSync(join(CORPUS, kind, e)).isDirectory())
    .sort()
  test(`corpus: at least 30 ${kind} configs`, () =>
    assert.ok(entries.length >= 30, `${entries.length} ${kind} configs`))
  for (const entry of entries) {
    const c = loadCase(kind, entry)
    test(`corpus ${kind}: ${c.name}`, async () => {
      if (kind === 'invalid') {
        assert.ok(c.expect.length > 0, 'an invalid case needs # expect: lines')
        try {
          load(c)
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e
          assert.deepEqual(e.problems.map(formatProblem), c.expect)
          return
        }
        assert.fail('expected the config to be rejected')
      }
      const config = load(c)
      const actual: Record<string, unknown> = { config: summarize(c, config) }
      const expected = existsSync(c.expectedFile)
        ? (JSON.parse(readFileSync(c.expectedFile, 'utf8')) as Record<string, unknown>)
        : undefined
      const plan = expected?.['plan'] as Record<string, string[]> | undefined
      if (c.planFor || plan) {
        const lines = await planLines(c, config)
        // The plan fragments: each listed line must be in that host's plan, in this order.
        const fragments = plan ?? {}
        if (UPDATE && !plan)
          for (const [host, l] of Object.entries(lines)) fragments[host] = l.filter((x) => x.startsWith('docker '))
        assert.deepEqual(Object.keys(lines), Object.keys(fragments), 'hosts of the plan')
        for (const [host, want] of Object.entries(fragments))
          assert.deepEqual(
            (lines[host] ?? []).filter((l) => want.includes(l)),
            want,
            `plan of ${host}`
          )
        actual['plan'] = fragments
      }
      if (UPDATE) writeFileSync(c.expectedFile, JSON.stringify(actual, null, 2) + '\n')
      assert.ok(expected, `missing ${c.expectedFile} (UPDATE_CORPUS=1 writes it)`)
      assert.deepEqual(actual, expected)
    })
  }
}
