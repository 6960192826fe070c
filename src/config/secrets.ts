// Secrets as Kamal v2 reads them: `.kamal/secrets-common`, then `.kamal/secrets` or `.kamal/secrets.<destination>`
// (dotenv syntax, see dotenv.ts), else the step's env; which secrets are needed comes from the config.
import { parseDotenv, SecretsFileError, type CommandRunner } from './dotenv.js'
import { secretAlias } from './env.js'
import { LocalFileError, MAX_CONFIG_BYTES, readCapped, resolveInside } from './paths.js'
import { errorMessage } from '../util/values.js'
import type { DeployConfig, EnvSpec } from './types.js'

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
    // Inside the working directory (symlinks followed) and at most 1 MB; a missing file is skipped.
    const where = resolveInside(workingDirectory, name)
    if (!where.ok) throw new SecretsFileError(`Secrets file ${where.problem}`)
    let text: string
    try {
      text = readCapped(where.path, name, MAX_CONFIG_BYTES).toString('utf8')
    } catch (e) {
      if (e instanceof LocalFileError && e.problem === 'not found') continue
      throw new SecretsFileError(`Secrets file ${name} ${e instanceof LocalFileError ? e.problem : errorMessage(e)}`)
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
  for (const name of sshKeySecrets(config)) names.add(name)
  // Custom TLS certificates for kamal-proxy name secrets (Kamal reads them from the secrets too).
  for (const p of [...config.roles.map((r) => r.proxyConfig), ...config.accessories.map((a) => a.proxy)]) {
    if (p?.customCertificate) names.add(p.customCertificate.certificatePem).add(p.customCertificate.privateKeyPem)
  }
  return [...names]
}

/** The secrets a build on the runner needs: the registry's credentials and `builder.secrets`. */
export function buildSecrets(config: DeployConfig): string[] {
  const names = new Set<string>(config.builder?.secrets ?? [])
  for (const v of [config.registry.username, config.registry.password]) if (v && 'secret' in v) names.add(v.secret)
  return [...names]
}

/** The secrets holding SSH keys (`ssh.key_data`): every command that connects needs them. */
export function sshKeySecrets(config: DeployConfig): string[] {
  return config.ssh.keyData.flatMap((k) => ('secret' in k ? [k.secret] : []))
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

/** Resolves every secret named (default: all the config needs), or throws naming the missing ones (never a value). */
export function resolveSecrets(
  config: DeployConfig,
  source: SecretSource,
  env: Record<string, string | undefined>,
  names: string[] = requiredSecrets(config)
): Map<string, string> {
  return resolveNames(names, source, env)
}

/** Resolves the named secrets, or throws naming the missing ones (never a value). */
export function resolveNames(
  names: string[],
  source: SecretSource,
  env: Record<string, string | undefined>
): Map<string, string> {
  const out = new Map<string, string>()
  const missing: string[] = []
  for (const name of names) {
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
  env: Record<string, string | undefined>,
  names: string[] = requiredSecrets(config)
): { secrets: Map<string, string>; missing: string[] } {
  const secrets = new Map<string, string>()
  const missing: string[] = []
  for (const name of names) {
    secrets.set(name, `<${name}>`)
    const value = source.fromFiles.get(name) ?? env[name]
    if (value === undefined || value === '') missing.push(name)
  }
  return { secrets, missing }
}
