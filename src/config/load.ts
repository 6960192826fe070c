// Reads config/deploy.yml (+ config/deploy.<destination>.yml), validates it and returns a DeployConfig.
// Every problem found is reported at once, each with the file, line and column of the key.
import { join, relative, dirname, basename, extname, resolve } from 'node:path'
import type { z } from 'zod'
import { cut, isHash } from '../util/values.js'
import { buildAccessories, secretFileWarnings } from './accessory.js'
import { checkBuilder, normalizeBuilder } from './builder.js'
import { checkAliases, checkHooksOutput } from './cli-keys.js'
import { normalizeEnv, normalizeEnvTags } from './env-schema.js'
import { configErbEnv } from './erb.js'
import { checkDockerArgs } from './docker-args.js'
import { hooksOutput, hooksPath } from './hooks.js'
import { ConfigError, type Add, type ConfigProblem } from './errors.js'
import { resolveInside, staysInside } from './paths.js'
import { typeMessage, unknownKeyMessage } from './kamal1.js'
import { checkProxiesAcross } from './proxy.js'
import { appImage, isLocalRegistry, localRegistryWarning, normalizeRegistry } from './registry.js'
import { buildRoles, normalizeLogging } from './role.js'
import { configSchema, kamalMessage, type RawConfig } from './schema.js'
import type { SectionScope } from './scope.js'
import { YamlSource } from './source.js'
import { normalizeSsh, sshWarnings } from './ssh.js'
import type { DeployConfig } from './types.js'
import { ignoredKeys } from './warnings.js'

export interface LoadOptions {
  workingDirectory: string
  configFile: string
  destination?: string
  /** The ENV that ERB in the config sees (default: the process environment). */
  env?: Record<string, string | undefined>
}

/** Reads the config file and its destination file, merges them as Kamal does and builds the config. */
export function loadConfig(opts: LoadOptions): DeployConfig {
  const erbEnv = configErbEnv(opts.env ?? process.env, opts.destination)
  const sources = readSources(configPaths(opts), opts.workingDirectory, erbEnv)
  let merged: unknown = {}
  for (const s of sources) merged = deepMerge(merged, stripExtensions(s.value()))
  return buildConfig(merged, sources, opts.destination, opts.workingDirectory)
}

/** The config file, then its destination file (`deploy.yml` → `deploy.<destination>.yml`). */
function configPaths(opts: LoadOptions): string[] {
  const basePath = join(opts.workingDirectory, opts.configFile)
  if (!opts.destination) return [basePath]
  const ext = extname(basePath)
  return [basePath, join(dirname(basePath), `${basename(basePath, ext)}.${opts.destination}${ext}`)]
}

/** Every file is read before failing, so that the ERB and YAML problems of each are reported together. */
function readSources(
  paths: string[],
  workingDirectory: string,
  erbEnv: Record<string, string | undefined>
): YamlSource[] {
  const display = (p: string) => relative(workingDirectory, p) || p
  const sources: YamlSource[] = []
  const readProblems: ConfigProblem[] = []
  for (const path of paths) {
    // The config files themselves stay inside the working directory too (a symlink included).
    const where = resolveInside(workingDirectory, resolve(path))
    if (!where.ok) {
      readProblems.push({ keyPath: '', message: `Configuration file ${where.problem}` })
      continue
    }
    try {
      sources.push(YamlSource.read(where.path, display(path), erbEnv))
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e
      readProblems.push(...e.problems)
    }
  }
  if (readProblems.length > 0) throw new ConfigError(readProblems)
  return sources
}

/** Parses already-loaded YAML text (used by tests and by `loadConfig`). */
export function parseConfigText(
  text: string,
  file = 'config/deploy.yml',
  destination?: string,
  env: Record<string, string | undefined> = process.env
): DeployConfig {
  const source = YamlSource.parse(text, file, configErbEnv(env, destination))
  return buildConfig(stripExtensions(source.value()), [source], destination)
}

/** Runs the schema, then the checks of meaning; throws every problem at once, in file order. */
function buildConfig(
  merged: unknown,
  sources: YamlSource[],
  destination: string | undefined,
  workingDirectory?: string
): DeployConfig {
  const { problems, add } = problemCollector(sources)
  const parsed = configSchema.safeParse(merged, { error: kamalMessage })
  if (!parsed.success) {
    const removed = reportSchemaIssues(parsed.error.issues, merged, add)
    checkWithoutBadParts(merged, removed, destination, add, workingDirectory)
    throw new ConfigError(sortProblems(problems, sources))
  }
  const config = normalize(parsed.data, destination, add, workingDirectory)
  if (problems.length > 0) throw new ConfigError(sortProblems(problems, sources))
  config.files = sources.map((s) => s.file)
  return config
}

/** The problems found so far and the `Add` that locates each in the files and drops repeats. */
function problemCollector(sources: YamlSource[]): { problems: ConfigProblem[]; add: Add } {
  // The destination file wins where it has the key; otherwise the base file names the place.
  const locate = (path: (string | number)[], atKey = false) => {
    for (const s of [...sources].reverse()) if (s.has(path)) return s.locate(path, atKey)
    return sources[0]?.locate(path, atKey)
  }
  const problems: ConfigProblem[] = []
  const add: Add = (path, message, atKey = false, at) => {
    // The root proxy config is checked once per role that uses it: report each problem once.
    if (problems.some((p) => p.keyPath === path.join('/') && p.message === message)) return
    // A value echoed in a message is cut where it is built; this bounds anything else (a 100 KB key).
    problems.push({
      keyPath: cut(path.join('/'), 200),
      message: cut(message, 600),
      location: locate(at ?? path, atKey)
    })
  }
  return { problems, add }
}

/** Reports the schema's issues in Kamal's words; returns the paths of the bad parts. */
function reportSchemaIssues(issues: z.core.$ZodIssue[], merged: unknown, add: Add): (string | number)[][] {
  const removed: (string | number)[][] = []
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        add([...path, key], unknownKeyMessage(path, key), true)
        removed.push([...path, key])
      }
    } else {
      add(path, typeMessage(path, issue.message, merged))
      // A bad list entry takes its whole list out, so that later indexes keep their meaning.
      const index = path.findIndex((p) => typeof p === 'number')
      removed.push(index < 0 ? path : path.slice(0, index))
    }
  }
  return removed
}

/**
 * The checks of meaning for a config with type errors: run on the config without its bad parts,
 * so that one pass reports everything. Problems that touch a removed part are its echoes
 * (a removed `image` is "required"), and so are accessory roles when roles were removed.
 */
function checkWithoutBadParts(
  merged: unknown,
  removed: (string | number)[][],
  destination: string | undefined,
  add: Add,
  workingDirectory: string | undefined
): void {
  if (removed.some((p) => p.length === 0)) return
  const pruned = structuredClone(merged) as Record<string, unknown>
  for (const path of removed) {
    let node: unknown = pruned
    for (const part of path.slice(0, -1))
      node = isHash(node) || Array.isArray(node) ? (node as Record<string, unknown>)[part] : undefined
    if (isHash(node)) delete node[path[path.length - 1] as string]
  }
  const again = configSchema.safeParse(pruned, { error: kamalMessage })
  if (!again.success) return
  const within = (a: (string | number)[], b: (string | number)[]) =>
    a.length <= b.length && a.every((x, i) => String(x) === String(b[i]))
  const rolesTouched = removed.some((p) => p[0] === 'servers' || p[0] === 'primary_role')
  normalize(
    again.data,
    destination,
    (path, message, atKey, at) => {
      const where = at ?? path
      if (removed.some((r) => within(r, where) || within(where, r))) return
      if (rolesTouched && path[0] === 'accessories' && (path[2] === 'role' || path[2] === 'roles')) return
      add(path, message, atKey, at)
    },
    workingDirectory
  )
}

/** In file order, then line and column: the order a person reads the file in. */
function sortProblems(problems: ConfigProblem[], sources: YamlSource[]): ConfigProblem[] {
  const fileIndex = (p: ConfigProblem) => (p.location ? sources.findIndex((s) => s.file === p.location?.file) : -1)
  return [...problems].sort(
    (a, b) =>
      fileIndex(a) - fileIndex(b) ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
      (a.location?.column ?? 0) - (b.location?.column ?? 0)
  )
}

/**
 * The sections built and checked one after another (problems at the same place keep this order),
 * then assembled with the root settings' defaults.
 */
function normalize(raw: RawConfig, destination: string | undefined, add: Add, workingDirectory?: string): DeployConfig {
  if (raw.require_destination && !destination) add([], 'You must specify a destination')
  const registry = normalizeRegistry(raw.registry, ['registry'], add)
  const image = appImage(raw, registry, add)
  const scope = sectionScope(raw, add, workingDirectory)
  const envTags = normalizeEnvTags(raw.env, add)
  const roles = buildRoles(scope)
  const accessories = buildAccessories(roles, scope)
  checkProxiesAcross(roles, accessories, scope.proxyLayers, add)
  checkBuilder(raw, isLocalRegistry(registry), add)
  checkHooksOutput(raw.hooks_output, add)
  checkAliases(raw.aliases, add)
  const ssh = normalizeSsh(raw.ssh, add)
  const hooks = hooksPath(raw, add)
  checkDockerArgs(raw, image, add)
  if (workingDirectory) checkLocalPaths(raw, workingDirectory, add)
  const warnings = [localRegistryWarning(registry), ...sshWarnings(raw.ssh), ...secretFileWarnings(accessories)]
  return {
    service: raw.service,
    image,
    destination,
    registry,
    roles,
    primaryRole: scope.primaryRole,
    accessories,
    builder: normalizeBuilder(raw.builder),
    envTags,
    volumes: raw.volumes ?? [],
    ssh,
    boot: { limit: raw.boot?.limit, wait: raw.boot?.wait ?? 0 },
    retainContainers: raw.retain_containers ?? 5,
    readinessDelay: raw.readiness_delay ?? 7,
    deployTimeout: raw.deploy_timeout ?? 30,
    drainTimeout: raw.drain_timeout ?? 30,
    stopTimeout: raw.stop_timeout,
    maxConcurrentStarts: raw.sshkit?.max_concurrent_starts ?? 30,
    secretsPath: raw.secrets_path ?? '.kamal/secrets',
    aliases: raw.aliases ?? {},
    hooksPath: hooks,
    hooksOutput: hooksOutput(raw),
    ignoredKeys: ignoredKeys(raw),
    warnings: warnings.filter((w): w is string => w !== undefined),
    files: []
  }
}

/** The root values every role and accessory builder starts from. */
function sectionScope(root: RawConfig, add: Add, workingDirectory: string | undefined): SectionScope {
  return {
    root,
    workingDirectory,
    rootEnv: normalizeEnv(root.env, ['env'], add, true),
    rootLogging: normalizeLogging(root.logging),
    primaryRole: root.primary_role ?? 'web',
    add,
    proxyLayers: new Map()
  }
}

/** Root `x-` keys are YAML-anchor holders and are ignored, as Kamal does. */
function stripExtensions(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('x-')))
}

/** Kamal's destination merge: hashes merge recursively; arrays and scalars are replaced. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (isHash(base) && isHash(over)) {
    const out: Record<string, unknown> = { ...base }
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : v
    return out
  }
  return over === undefined ? base : over
}

/**
 * Local paths named at the root stay inside the working directory: `secrets_path` (its files are
 * read), `hooks_path` and `error_pages_path` (read by Kamal; validated here).
 */
function checkLocalPaths(raw: RawConfig, workingDirectory: string, add: Add): void {
  for (const key of ['secrets_path', 'hooks_path', 'error_pages_path'] as const) {
    const value = raw[key]
    // hooks_path's text was checked by hooksPath (also without a working directory): one message.
    if (value === undefined || (key === 'hooks_path' && !staysInside(value))) continue
    const where = resolveInside(workingDirectory, value)
    if (!where.ok) add([key], where.problem)
  }
}
