// Kamal's hooks (lib/kamal/cli/base.rb `run_hook`, lib/kamal/commands/hook.rb, lib/kamal/tags.rb):
// which hook runs at which point, and the exact environment it gets. Running the executable is a
// side effect on the runner, so the flows only call a `HookRunner` injected through the context;
// the action adapter implements it (src/action/hooks.ts), `plan` records instead of running.
import type { RunContext } from './context.js'

export const HOOK_NAMES = [
  'pre-connect',
  'pre-build',
  'pre-deploy',
  'post-deploy',
  'pre-app-boot',
  'post-app-boot',
  'docker-setup',
  'pre-proxy-reboot',
  'post-proxy-reboot'
] as const
export type HookName = (typeof HOOK_NAMES)[number]

/** The hooks Kamal gives the secrets to (`run_hook ..., secrets: true`). */
export const HOOKS_WITH_SECRETS: readonly HookName[] = ['pre-connect', 'pre-deploy', 'post-deploy']

const DEPLOY_HOOKS: HookName[] = ['pre-connect', 'pre-deploy', 'pre-app-boot', 'post-app-boot', 'post-deploy']

/**
 * The hooks each of the action's commands may run, by Kamal's commands (a present hook of these
 * that is not executable stops the run before anything starts). The proxy reboot (#14) and the
 * build (#15) add their hooks here.
 */
export const HOOKS_OF: Record<string, readonly HookName[]> = {
  setup: ['pre-connect', 'docker-setup', ...DEPLOY_HOOKS.slice(1)],
  deploy: DEPLOY_HOOKS,
  redeploy: DEPLOY_HOOKS,
  rollback: DEPLOY_HOOKS,
  exec: ['pre-connect'],
  'lock-status': ['pre-connect'],
  'lock-acquire': ['pre-connect'],
  'lock-release': ['pre-connect'],
  build: ['pre-connect', 'pre-build'],
  'proxy reboot': ['pre-connect', 'pre-proxy-reboot', 'post-proxy-reboot'],
  'server bootstrap': ['pre-connect', 'docker-setup'],
  help: []
}

/**
 * The hooks a command may run: its own (every other console command connects, so pre-connect), and
 * `pre-build` when it builds first (the `build` input).
 */
export function hooksOf(command: string, build = false): readonly HookName[] {
  const own = HOOKS_OF[command] ?? ['pre-connect']
  return build && !own.includes('pre-build') ? [...own, 'pre-build'] : own
}

/** Kamal's command and subcommand names for the action's commands (`KAMAL_COMMAND`/`KAMAL_SUBCOMMAND`). */
export const KAMAL_COMMAND_OF: Record<string, [string, string?]> = {
  setup: ['setup'],
  deploy: ['deploy'],
  redeploy: ['redeploy'],
  rollback: ['rollback'],
  exec: ['app', 'exec'],
  'lock-status': ['lock', 'status'],
  'lock-acquire': ['lock', 'acquire'],
  'lock-release': ['lock', 'release'],
  build: ['build', 'push']
}

/** Runs hook executables; resolves when the hook exited 0, throws HookFailedError otherwise. */
export interface HookRunner {
  /** Whether the hook is there to run (false for every hook with `skip-hooks`). */
  exists(name: HookName): boolean
  /** Runs it with `env` added to the step's own environment. */
  run(name: HookName, env: Record<string, string>): Promise<void>
}

/** What Kamal's `Tags` hold for a run, the same for all its hooks. */
export interface HookTags {
  /** Who the audit log names (the GitHub actor). */
  performer: string
  service: string
  version: string
  destination?: string
  /** The `roles` input's roles (Kamal sets `KAMAL_ROLES` only with `-r`). */
  roles?: string[]
  /** The action's command (mapped to Kamal's command and subcommand). */
  command: string
}

/** The hooks of a run: how to run them, the tags, and the secrets (for the hooks that get them). */
export interface HookSetup {
  runner: HookRunner
  tags: HookTags
  /** Every secret of the secrets files (Kamal's `config.secrets.to_h`). */
  secrets: ReadonlyMap<string, string>
  /** KAMAL_LOCK=true at start: the calling process holds the lock (`KAMAL_LOCK` stays true). */
  lockInherited: boolean
}

/** What differs from one hook run to the next. */
export interface HookDetails {
  /** Comma-joined into `KAMAL_HOSTS`. */
  hosts: string[]
  /** Whether this run holds the deploy lock now (`KAMAL_LOCK`). */
  lock: boolean
  /** post-deploy: whole seconds the command took (`KAMAL_RUNTIME`). */
  runtime?: number
  recordedAt?: Date
}

/** Kamal's `abbreviated_version`: the first 7 characters, unless the version has a `_`. */
function abbreviated(version: string): string {
  return version.includes('_') ? version : version.slice(0, 7)
}

/**
 * The environment Kamal gives a hook on top of the deployer's own: the `KAMAL_*` tags (unset
 * ones left out, as Kamal's `Tags#env` compacts them) and, for the hooks that get them, the secrets.
 */
export function hookEnv(
  name: HookName,
  tags: HookTags,
  details: HookDetails,
  secrets: ReadonlyMap<string, string>
): Record<string, string> {
  // A console command is Kamal's own words (`app logs` → app, logs).
  const [command, subcommand] = KAMAL_COMMAND_OF[tags.command] ?? tags.command.split(' ')
  const env: Record<string, string | undefined> = {
    KAMAL_RECORDED_AT: (details.recordedAt ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    KAMAL_PERFORMER: tags.performer,
    KAMAL_DESTINATION: tags.destination,
    KAMAL_VERSION: tags.version,
    KAMAL_SERVICE_VERSION: `${tags.service}@${abbreviated(tags.version)}`,
    KAMAL_SERVICE: tags.service,
    KAMAL_HOSTS: details.hosts.join(','),
    KAMAL_ROLES: tags.roles?.join(','),
    KAMAL_LOCK: String(details.lock),
    KAMAL_COMMAND: command,
    KAMAL_SUBCOMMAND: subcommand,
    KAMAL_RUNTIME: details.runtime === undefined ? undefined : String(Math.round(details.runtime))
  }
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v
  return HOOKS_WITH_SECRETS.includes(name) ? { ...Object.fromEntries(secrets), ...out } : out
}

/** Whether the run holds the deploy lock now: inherited, or taken and not yet released (or kept). */
export function holdingLock(ctx: RunContext): boolean {
  const l = ctx.report.lock
  return (ctx.kamalHooks?.lockInherited ?? false) || (l.taken && !l.released && !l.kept)
}

/** Whether the run would run hook `name`. */
export function hookExists(ctx: RunContext, name: HookName): boolean {
  return ctx.kamalHooks?.runner.exists(name) ?? false
}

/**
 * Runs hook `name` when it exists (Kamal's `run_hook`): `KAMAL_HOSTS` is every host of the run
 * unless `hosts` narrows it (a boot group). A failing hook throws and stops the flow there.
 */
export async function runHook(
  ctx: RunContext,
  name: HookName,
  extra: { hosts?: string[]; runtime?: number } = {}
): Promise<void> {
  const hooks = ctx.kamalHooks
  if (!hooks?.runner.exists(name)) return
  const env = hookEnv(
    name,
    hooks.tags,
    { hosts: extra.hosts ?? ctx.targets.hosts, lock: holdingLock(ctx), runtime: extra.runtime },
    hooks.secrets
  )
  await hooks.runner.run(name, env)
}

/** Seconds since `started` (a Date.now() value), for `KAMAL_RUNTIME`. */
export function runtimeSince(started: number): number {
  return (Date.now() - started) / 1000
}

/** Where a build runs (#15 adds builds): Kamal's `pre-build` hook, before anything is built. */
export function runPreBuildHook(ctx: RunContext): Promise<void> {
  return runHook(ctx, 'pre-build')
}

/**
 * Where the proxy is rebooted (#14 adds `proxy reboot`): per reboot group, `pre-proxy-reboot`
 * (`KAMAL_HOSTS` = the group), the reboot, then `post-proxy-reboot` once the group succeeded.
 */
export async function aroundProxyReboot<T>(ctx: RunContext, hosts: string[], reboot: () => Promise<T>): Promise<T> {
  await runHook(ctx, 'pre-proxy-reboot', { hosts })
  const result = await reboot()
  await runHook(ctx, 'post-proxy-reboot', { hosts })
  return result
}
