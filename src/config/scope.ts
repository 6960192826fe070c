// What the section builders (roles, accessories) see of the whole config: the raw root, the root
// values they inherit and where to report problems, as one object instead of positional parameters.
import type { Add } from './errors.js'
import type { ProxyLayer } from './proxy.js'
import type { RawConfig } from './schema.js'
import type { EnvSpec, LoggingSpec } from './types.js'

export interface SectionScope {
  /** The whole config as the schema gave it, for the root values a section falls back to. */
  root: RawConfig
  /** The root env, under each role's own. */
  rootEnv: EnvSpec
  /** The root logging, under each role's own; accessories use it as it is. */
  rootLogging: LoggingSpec
  /** `primary_role` (default `web`): it runs the proxy unless told not to, and comes first. */
  primaryRole: string
  add: Add
  /** Where local paths are resolved (and must stay); unknown when a config is parsed from text. */
  workingDirectory?: string
  /** Filled while the roles are built: each proxied role's proxy layers, for the checks across roles. */
  proxyLayers: Map<string, ProxyLayer[]>
}
