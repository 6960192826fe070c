// The shape of config/deploy.yml (Kamal v2), as zod schemas. Messages follow Kamal's validator
// ("should be a string", "unknown key: x") so a Kamal user recognises them.
import { z } from 'zod'
import { isHash } from '../util/values.js'

/** Kamal's "string" also takes numbers and booleans (e.g. `port: 5432`). */
const str = z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string())
const int = z.number().int()
const bool = z.boolean()
const hashOfStrings = z.record(z.string(), str)
/** `options` / `args` values: any scalar, true for a bare flag, or a list to repeat the flag. */
const optionValue = z.union([str, z.null(), z.array(str)], { error: 'should be a string, a boolean or an array' })
const optionsHash = z.record(z.string(), optionValue)

/** Host entry: `1.1.1.1` or `1.1.1.2: tag` / `1.1.1.3: [tag1, tag2]`. */
const hostEntry = z.union(
  [
    str,
    z
      .record(z.string(), z.union([str, z.array(str)]))
      .refine((h) => Object.keys(h).length === 1, 'multiple hosts found')
  ],
  {
    error: 'should be a string or a hash'
  }
)

const secretRef = z.union([str, z.array(str).length(1)], {
  error: 'should be a string or an array with one string (for secret lookup)'
})

const envSimple = z.record(z.string(), str)
const envFull = z.strictObject({
  clear: z.record(z.string(), str).optional(),
  secret: z.array(str).optional(),
  tags: z.record(z.string(), z.record(z.string(), z.unknown())).optional()
})
/** `env:` is either a plain map (all clear) or `clear`/`secret`(/`tags` at the root). */
export const envSchema = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  {
    error: 'should be a hash'
  }
)

export function isFullEnv(env: Record<string, unknown>): boolean {
  return 'clear' in env || 'secret' in env || 'tags' in env
}
export { envSimple, envFull }

/** `proxy.run`: how the kamal-proxy container is started. */
const proxyRunSchema = z.strictObject({
  http_port: int.optional(),
  https_port: int.optional(),
  bind_ips: z.array(str).optional(),
  publish: bool.optional(),
  log_max_size: str.optional(),
  metrics_port: int.optional(),
  debug: bool.optional(),
  registry: str.optional(),
  repository: str.optional(),
  version: str.optional(),
  options: optionsHash.optional()
})

/** Kamal's proxy keys (root `proxy`, a role's `proxy` hash, `accessories.<name>.proxy`). */
export const proxySchema = z.strictObject({
  host: str.optional(),
  hosts: z.array(str).optional(),
  app_port: int.optional(),
  ssl: z
    .union([bool, z.strictObject({ certificate_pem: str.optional(), private_key_pem: str.optional() })], {
      error: 'should be a boolean or a hash'
    })
    .optional(),
  ssl_redirect: bool.optional(),
  forward_headers: bool.optional(),
  response_timeout: int.optional(),
  path_prefix: str.optional(),
  path_prefixes: z.array(str).optional(),
  strip_path_prefix: bool.optional(),
  healthcheck: z.strictObject({ path: str.optional(), interval: int.optional(), timeout: int.optional() }).optional(),
  buffering: z
    .strictObject({
      requests: bool.optional(),
      responses: bool.optional(),
      memory: int.optional(),
      max_request_body: int.optional(),
      max_response_body: int.optional()
    })
    .optional(),
  logging: z
    .strictObject({ request_headers: z.array(str).optional(), response_headers: z.array(str).optional() })
    .optional(),
  run: proxyRunSchema.optional()
})

/**
 * A value checked by the schema its shape picks (or taken as it is), that schema's problems
 * re-issued at their own paths, so errors point inside the value instead of stopping at "should
 * be an X or a Y". `pick` returns undefined for a shape that is not allowed (then `message`).
 */
function byShape<T>(pick: (value: unknown) => { schema: z.ZodType } | { value: T } | undefined, message: string) {
  return z.unknown().transform((value, ctx): T => {
    const choice = pick(value)
    if (!choice) {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    if ('value' in choice) return choice.value
    const result = choice.schema.safeParse(value, { error: kamalMessage })
    if (!result.success) {
      for (const issue of result.error.issues) ctx.addIssue({ ...issue })
      return z.NEVER
    }
    // The caller's T names what the picked schema outputs.
    return result.data as T
  })
}

/** A role's `proxy`: true/false, or a hash validated key by key. */
const roleProxySchema = byShape<boolean | z.output<typeof proxySchema>>(
  (v) => (typeof v === 'boolean' ? { value: v } : isHash(v) ? { schema: proxySchema } : undefined),
  'should be a boolean or a hash'
)

const loggingSchema = z.strictObject({ driver: str.optional(), options: hashOfStrings.optional() })

const roleSchema = z.strictObject({
  hosts: z.array(hostEntry).optional(),
  cmd: str.optional(),
  env: envSchema.optional(),
  options: optionsHash.optional(),
  labels: hashOfStrings.optional(),
  logging: loggingSchema.optional(),
  proxy: roleProxySchema.optional(),
  asset_path: str.optional(),
  stop_timeout: int.optional()
})

/**
 * A value that is either a list or a hash, validated by the schema for its shape, so that errors
 * point inside it (`servers/web/options`) instead of stopping at "should be an array or a hash".
 */
function listOrHash<A extends z.ZodType, H extends z.ZodType>(list: A, hash: H) {
  return byShape<z.output<A> | z.output<H>>(
    (v) => (Array.isArray(v) ? { schema: list } : isHash(v) ? { schema: hash } : undefined),
    'should be an array or a hash'
  )
}

export const serversSchema = listOrHash(
  z.array(hostEntry),
  z.record(z.string(), listOrHash(z.array(hostEntry), roleSchema))
)

const registrySchema = z.strictObject({
  server: str.optional(),
  username: secretRef.optional(),
  password: secretRef.optional()
})

/** A string, or a hash checked by its own schema so that errors point inside it. */
function stringOrHash<H extends z.ZodType>(hash: H) {
  return byShape<string | z.output<H>>(
    (v) =>
      typeof v === 'string' || typeof v === 'number' ? { value: String(v) } : isHash(v) ? { schema: hash } : undefined,
    'should be a string or a hash'
  )
}

const fileEntry = stringOrHash(
  z.strictObject({ local: str, remote: str, mode: str.optional(), owner: str.optional(), options: str.optional() })
)

const accessorySchema = z.strictObject({
  image: str,
  service: str.optional(),
  registry: registrySchema.optional(),
  host: str.optional(),
  hosts: z.array(str).optional(),
  role: str.optional(),
  roles: z.array(str).optional(),
  tag: str.optional(),
  tags: z.array(str).optional(),
  port: str.optional(),
  cmd: str.optional(),
  env: envSchema.optional(),
  files: z.array(fileEntry).optional(),
  directories: z.array(fileEntry).optional(),
  volumes: z.array(str).optional(),
  options: optionsHash.optional(),
  labels: hashOfStrings.optional(),
  network: str.optional(),
  proxy: proxySchema.optional()
})

/** A port as a number or a string of digits (Kamal's own docs write `port: "2222"`). */
const port = z.union([int, z.string().regex(/^\d+$/).transform(Number)], { error: 'should be an integer' })

const sshSchema = z.strictObject({
  user: str.optional(),
  port: port.optional(),
  proxy: str.optional(),
  proxy_command: str.optional(),
  keys: z.array(str).optional(),
  key_data: z.array(str).optional(),
  keys_only: bool.optional(),
  log_level: str.optional(),
  config: z.union([bool, str, z.array(str)], { error: 'should be a boolean or a string or an array' }).optional(),
  forward_agent: bool.optional()
})

const bootSchema = z.strictObject({
  limit: z
    .union([int, z.string().regex(/^\d+%?$/, 'should be an integer or a percentage like "25%"')], {
      error: 'should be an integer or a percentage string'
    })
    .optional(),
  wait: z.number().nonnegative().optional(),
  parallel_roles: bool.optional()
})

/** Build args keep `false` apart from `"false"` (Kamal passes `KEY=false` for it, `KEY="false"` for the string). */
const buildArgsHash = z.record(
  z.string(),
  z.union([bool, str, z.null(), z.array(str)], { error: 'should be a string, a boolean or an array' })
)

const builderSchema = z.strictObject({
  arch: z.union([str, z.array(str)], { error: 'should be a string or an array' }).optional(),
  remote: str.optional(),
  local: bool.optional(),
  driver: str.optional(),
  cache: z.strictObject({ type: str.optional(), options: str.optional(), image: str.optional() }).optional(),
  context: str.optional(),
  dockerfile: str.optional(),
  target: str.optional(),
  args: buildArgsHash.optional(),
  secrets: z.array(str).optional(),
  ssh: str.optional(),
  provenance: str.optional(),
  sbom: str.optional(),
  pack: z.strictObject({ builder: str.optional(), buildpacks: z.array(str).optional() }).optional()
})

/** `quiet`/`verbose` (Ruby symbols `:quiet` in Kamal's docs) for all hooks, or per hook. */
const hooksOutputSchema = z.union([str, z.record(z.string(), str)], { error: 'should be a string or a hash' })

const outputSchema = z.strictObject({
  file: z.strictObject({ path: str.optional() }).optional(),
  otel: z.strictObject({ endpoint: str.optional() }).optional()
})

export const configSchema = z.strictObject({
  service: str.refine(
    (s) => /^[a-z0-9_-]+$/i.test(s),
    'Service name can only include alphanumeric characters, hyphens, and underscores'
  ),
  image: str.optional(),
  servers: serversSchema.optional(),
  registry: registrySchema.optional(),
  builder: builderSchema.optional(),
  env: envSchema.optional(),
  proxy: proxySchema.optional(),
  accessories: z.record(z.string(), accessorySchema).optional(),
  labels: hashOfStrings.optional(),
  volumes: z.array(str).optional(),
  logging: loggingSchema.optional(),
  ssh: sshSchema.optional(),
  sshkit: z
    .strictObject({
      max_concurrent_starts: int.optional(),
      pool_idle_timeout: int.optional(),
      dns_retries: int.optional()
    })
    .optional(),
  boot: bootSchema.optional(),
  aliases: hashOfStrings.optional(),
  asset_path: str.optional(),
  error_pages_path: str.optional(),
  hooks_path: str.optional(),
  hooks_output: hooksOutputSchema.optional(),
  secrets_path: str.optional(),
  require_destination: bool.optional(),
  primary_role: str.optional(),
  allow_empty_roles: bool.optional(),
  retain_containers: int.min(1, 'Must retain at least 1 container').optional(),
  minimum_version: str.optional(),
  readiness_delay: int.nonnegative().optional(),
  deploy_timeout: int.positive().optional(),
  drain_timeout: int.nonnegative().optional(),
  stop_timeout: int.nonnegative().optional(),
  run_directory: str.optional(),
  output: outputSchema.optional()
})

export type RawConfig = z.infer<typeof configSchema>
export type RawRole = z.infer<typeof roleSchema>
export type RawAccessory = z.infer<typeof accessorySchema>
export type RawHostEntry = z.infer<typeof hostEntry>
export type RawFileEntry = z.infer<typeof fileEntry>
export type RawOptions = z.infer<typeof optionsHash>
export type RawLogging = z.infer<typeof loggingSchema>
export type RawProxy = z.infer<typeof proxySchema>
export type RawBuilder = z.infer<typeof builderSchema>

/** Kamal's wording for zod's issues. */
export function kamalMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const names: Record<string, string> = {
        string: 'a string',
        number: 'an integer',
        int: 'an integer',
        boolean: 'a boolean',
        record: 'a hash',
        object: 'a hash',
        array: 'an array'
      }
      if (issue.input === undefined) return 'is required'
      return `should be ${names[issue.expected] ?? issue.expected}`
    }
    case 'unrecognized_keys':
      return issue.keys.length === 1 ? `unknown key: ${issue.keys[0]}` : `unknown keys: ${issue.keys.join(', ')}`
    default:
      return undefined
  }
}
