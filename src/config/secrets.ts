// Secrets as Kamal v2 reads them: `.kamal/secrets-common`, then `.kamal/secrets` (no destination)
// or `.kamal/secrets.<destination>`; dotenv syntax with `$VAR`/`${VAR}` taken from keys defined
// earlier or from the environment. Anything the files do not define comes from the step's env.
// Hand-written rather than dotenv + dotenv-expand: Kamal's precedence (file beats env) and
// single-quote literals differ from dotenv-expand's, and the parser is small.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { secretAlias } from './env.js'
import type { DeployConfig, EnvSpec } from './types.js'

/** Runs a `$(command)` of a secrets file and gives its output without the final newlines. */
export type CommandRunner = (command: string, env: Record<string, string | undefined>) => string

/** Through `/bin/sh -c` on the runner, like Kamal's dotenv. Nothing it prints is shown: it may be secret. */
export const runShellCommand: CommandRunner = (command, env) =>
  execFileSync('/bin/sh', ['-c', command], {
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 * 1024 * 1024
  }).replace(/\n+$/, '')

export class SecretsFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretsFileError'
  }
}

export interface DotenvOptions {
  /** What errors call the file. */
  file?: string
  /** How `$(command)` is run (tests and `plan` give their own). */
  runCommand?: CommandRunner
}

export function parseDotenv(
  text: string,
  env: Record<string, string | undefined>,
  known: Map<string, string> = new Map(),
  opts: DotenvOptions = {}
): Map<string, string> {
  const out = new Map<string, string>()
  const lookup = (name: string) => out.get(name) ?? known.get(name) ?? env[name] ?? ''
  const file = opts.file ?? 'secrets'
  const run = opts.runCommand ?? runShellCommand
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const lineNo = i + 1
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line)
    if (!m) continue
    const key = m[1] as string
    let rest = m[2] ?? ''
    const command = (cmd: string) => {
      // The command sees the environment plus every key defined so far in the files.
      const cmdEnv: Record<string, string | undefined> = {
        ...env,
        ...Object.fromEntries(known),
        ...Object.fromEntries(out)
      }
      try {
        return run(cmd, cmdEnv)
      } catch (e) {
        const status = (e as { status?: number | null }).status
        throw new SecretsFileError(
          `${file}:${lineNo}: ${key}: the command $(${cmd}) failed${typeof status === 'number' ? ` (exit ${status})` : ''}; its output is not shown, as it may hold secrets`
        )
      }
    }
    let value: string
    const quote = rest[0]
    if (quote === '"' || quote === "'") {
      // A quoted value may span lines until its closing quote.
      let body = rest.slice(1)
      while (!hasClosing(body, quote) && i + 1 < lines.length) body += '\n' + (lines[++i] ?? '')
      const end = closingIndex(body, quote)
      body = end >= 0 ? body.slice(0, end) : body
      if (quote === "'") value = body
      else
        value = expand(
          body.replace(/\\n/g, '\n').replace(/\\(["\\$])/g, (_, c: string) => (c === '$' ? '\u0000' : c)),
          lookup,
          command
        ).replace(/\u0000/g, '$')
    } else {
      rest = rest.replace(/\s+#.*$/, '').trim()
      value = expand(rest.replace(/\\\$/g, '\u0000'), lookup, command).replace(/\u0000/g, '$')
    }
    out.set(key, value)
  }
  return out
}

function closingIndex(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && quote === '"') i++
    else if (body[i] === quote) return i
  }
  return -1
}
const hasClosing = (body: string, quote: string) => closingIndex(body, quote) >= 0

/** `$(command)` (nested parentheses allowed), `${VAR}` and `$VAR`, left to right. */
function expand(value: string, lookup: (name: string) => string, command: (cmd: string) => string): string {
  let out = ''
  let i = 0
  while (i < value.length) {
    const c = value[i] as string
    if (c === '$' && value[i + 1] === '(') {
      let depth = 0
      let j = i + 1
      for (; j < value.length; j++) {
        if (value[j] === '(') depth++
        else if (value[j] === ')' && --depth === 0) break
      }
      if (j < value.length) {
        out += command(value.slice(i + 2, j))
        i = j + 1
        continue
      }
    }
    const v = c === '$' ? /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(value.slice(i)) : null
    if (v) {
      out += lookup((v[1] ?? v[2]) as string)
      i += v[0].length
    } else {
      out += c
      i++
    }
  }
  return out
}

export interface SecretSource {
  /** Values from the secrets files, later files winning. */
  fromFiles: Map<string, string>
  /** The files that existed and were read. */
  files: string[]
}

export function readSecretFiles(
  workingDirectory: string,
  secretsPath: string,
  destination: string | undefined,
  env: Record<string, string | undefined>,
  runCommand?: CommandRunner
): SecretSource {
  const names = [`${secretsPath}-common`, destination ? `${secretsPath}.${destination}` : secretsPath]
  const fromFiles = new Map<string, string>()
  const files: string[] = []
  for (const name of names) {
    let text: string
    try {
      text = readFileSync(join(workingDirectory, name), 'utf8')
    } catch {
      continue
    }
    files.push(name)
    for (const [k, v] of parseDotenv(text, env, fromFiles, { file: name, runCommand })) fromFiles.set(k, v)
  }
  return { fromFiles, files }
}

/** Every secret name the config needs for the given scope. */
export function requiredSecrets(config: DeployConfig): string[] {
  const names = new Set<string>()
  const fromEnv = (env: EnvSpec) => env.secret.forEach((s) => names.add(secretAlias(s).source))
  for (const r of config.roles) fromEnv(r.env)
  for (const t of Object.values(config.envTags)) fromEnv(t)
  for (const a of config.accessories) {
    fromEnv(a.env)
    for (const v of [a.registry?.username, a.registry?.password]) if (v && 'secret' in v) names.add(v.secret)
  }
  for (const v of [config.registry.username, config.registry.password]) if (v && 'secret' in v) names.add(v.secret)
  // Custom TLS certificates for kamal-proxy name secrets (Kamal reads them from the secrets too).
  for (const p of [...config.roles.map((r) => r.proxyConfig), ...config.accessories.map((a) => a.proxy)]) {
    if (p?.customCertificate) names.add(p.customCertificate.certificatePem).add(p.customCertificate.privateKeyPem)
  }
  return [...names]
}

export class MissingSecretsError extends Error {
  constructor(
    readonly missing: string[],
    files: string[]
  ) {
    const where =
      files.length > 0
        ? `in ${files.join(', ')} or the step's environment`
        : `in the step's environment (no secret files: .kamal/secrets-common, .kamal/secrets)`
    super(`Secret${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} not found ${where}`)
    this.name = 'MissingSecretsError'
  }
}

/** Resolves every secret the config needs, or throws naming the missing ones (never a value). */
export function resolveSecrets(
  config: DeployConfig,
  source: SecretSource,
  env: Record<string, string | undefined>
): Map<string, string> {
  const out = new Map<string, string>()
  const missing: string[] = []
  for (const name of requiredSecrets(config)) {
    const value = source.fromFiles.get(name) ?? env[name]
    if (value === undefined || value === '') missing.push(name)
    else out.set(name, value)
  }
  if (missing.length > 0) throw new MissingSecretsError(missing, source.files)
  return out
}

/**
 * For `plan`: every secret the config needs as a `<NAME>` placeholder (values are never needed),
 * and the names that neither the files nor the environment define.
 */
export function planSecrets(
  config: DeployConfig,
  source: SecretSource,
  env: Record<string, string | undefined>
): { secrets: Map<string, string>; missing: string[] } {
  const secrets = new Map<string, string>()
  const missing: string[] = []
  for (const name of requiredSecrets(config)) {
    secrets.set(name, `<${name}>`)
    const value = source.fromFiles.get(name) ?? env[name]
    if (value === undefined || value === '') missing.push(name)
  }
  return { secrets, missing }
}
