// The action's commands, one handler each: a new command is one entry of HANDLERS. A command line
// (kamal/parse.ts) names its handler; the handler reads the line's arguments and options and runs
// the flows, locking where Kamal locks (withLock in flows/run.ts).
import type { LogOptions } from '../commands/app.js'
import { latestTag } from '../commands/naming.js'
import {
  accessoryRemove,
  accessoryRestart,
  accessoryStart,
  accessoryStop,
  bootAccessories
} from '../flows/accessory.js'
import {
  appBoot,
  appLive,
  appMaintenance,
  appRemove,
  appStaleContainers,
  appStart,
  appStop,
  versionsToStart
} from '../flows/app.js'
import { accessoriesNamed, proxyHostsOf } from '../flows/context.js'
import {
  accessoryDetails,
  accessoryLogsOnHosts,
  appListing,
  appLogsOnHosts,
  appVersion,
  audit,
  details,
  proxyDetails,
  proxyLogsOnHosts
} from '../flows/inspect.js'
import { buildAndPush } from '../flows/build.js'
import { runExec, type ExecRequest } from '../flows/exec.js'
import { runHook } from '../flows/hooks.js'
import { localSteps, noHooks, planByHost, RecordingPool, recordFlow } from '../flows/plan.js'
import { bootProxies, proxyReboot, proxyRemove, proxyRestart, proxyStart, proxyStop } from '../flows/proxy.js'
import { prune } from '../flows/prune.js'
import { removeAll } from '../flows/remove.js'
import {
  REDEPLOY,
  runDeploy,
  runLockAcquire,
  runLockRelease,
  runLockStatus,
  runRollback,
  runSetup,
  withLock
} from '../flows/run.js'
import { describeRunnerSteps, RecordingRunner } from '../flows/runner.js'
import { prepareHosts } from '../flows/setup.js'
import type { Inputs } from './inputs.js'
import { helpText } from './kamal/grammar.js'
import type { ParsedLine } from './kamal/parse.js'
import { splitWords } from './kamal/words.js'
import type { CommandRun } from './step.js'

export type Handler = (run: CommandRun) => Promise<void>

/** Prints a plan's section as a log group of its steps. */
async function printSteps(run: CommandRun, title: string, steps: string[]): Promise<void> {
  await run.core.group(title, () => {
    for (const step of steps) run.core.info(`${step}\n`)
    return Promise.resolve()
  })
}

/** The exec inputs as the flow takes them. */
const execRequest = (inputs: Inputs): ExecRequest => ({ ...inputs.exec, versionGiven: inputs.versionGiven })

/** The handler runs under the deploy lock (Kamal's `modify(lock: true)`). */
const locked =
  (fn: Handler): Handler =>
  (run) =>
    withLock(run.ctx, run.hooks, () => fn(run))

const text = (line: ParsedLine, name: string): string | undefined => {
  const v = line.options[name]
  return typeof v === 'string' ? v : undefined
}
const count = (line: ParsedLine, name: string): number | undefined => {
  const v = text(line, name)
  return v === undefined ? undefined : Number(v)
}
const flag = (line: ParsedLine, name: string): boolean => line.options[name] === true

/** `-n/--lines`, `--since`, `-g/--grep`, `--grep-options`, `-T`, `--container-id` of a logs command. */
export function logOptions(line: ParsedLine): LogOptions {
  const grepOptions = text(line, 'grep-options')
  return {
    timestamps: !flag(line, 'skip-timestamps'),
    since: text(line, 'since'),
    lines: count(line, 'lines'),
    grep: text(line, 'grep'),
    grepOptions: grepOptions === undefined ? undefined : splitWords(grepOptions),
    containerId: text(line, 'container-id')
  }
}

const named = ({ ctx, inputs }: CommandRun) => accessoriesNamed(ctx.targets, inputs.line.args[0])

/**
 * Runs the planned command's handler against recording hosts (and the build against a recording
 * runner: Kamal's buildx lines) and prints it, the runner first, then host by host.
 */
const plan: Handler = async (run) => {
  const { core, inputs, prepared, ctx, report } = run
  const planned = inputs.planned
  if (
    prepared.kind !== 'plan' ||
    !(ctx.pool instanceof RecordingPool) ||
    !(run.build.runner instanceof RecordingRunner) ||
    !planned
  )
    throw new Error('plan needs recording hosts')
  const what = planned.text
  for (const name of prepared.missingSecrets)
    core.warning(
      `Secret '${name}' is not defined by the secrets files nor the step's environment: a ${what} would stop before touching any host`
    )
  const handler = handlerFor(planned.command)
  const log = await recordFlow({ ...ctx, pool: ctx.pool }, (planCtx) =>
    handler({ ...run, inputs: { ...inputs, command: planned.command, line: planned }, ctx: planCtx, hooks: noHooks })
  )
  let runner: string[] | undefined
  if (run.build.runner.log.length > 0) {
    runner = describeRunnerSteps(run.build.runner.log)
    const n = runner.length
    await printSteps(run, `Plan of the build on the runner: ${n} command${n > 1 ? 's' : ''}`, runner)
  }
  const byHost = planByHost(log)
  const route = (host: string) => prepared.ssh.routes.get(host) ?? 'direct'
  for (const [host, steps] of byHost) {
    const hooks = localSteps(log, host)
    const execs = steps.length - hooks
    const via = route(host) === 'direct' ? '' : ` (${route(host)})`
    const title = `Plan of a ${what} on ${host}${via}: ${execs} exec${execs === 1 ? '' : 's'}${hooks > 0 ? ` and ${hooks} hook${hooks > 1 ? 's' : ''} on the runner` : ''}`
    await printSteps(run, title, steps)
  }
  report.plan = {
    planFor: what,
    hosts: [...byHost].map(([host, steps]) => ({ host, steps, route: route(host) })),
    missingSecrets: prepared.missingSecrets,
    ...(runner ? { runner } : {})
  }
}

/** With the `build` input, the image is built and pushed first: before the lock and any host. */
const buildingFirst =
  (flow: Handler): Handler =>
  async (run) => {
    if (run.inputs.build) {
      await buildAndPush(run.build)
      await run.reachHosts()
    }
    await flow(run)
  }

export const HANDLERS: Record<string, Handler> = {
  deploy: buildingFirst(({ ctx, hooks }) => runDeploy(ctx, hooks)),
  setup: buildingFirst(({ ctx, hooks, readLocal }) => runSetup(ctx, hooks, readLocal)),
  plan,
  'lock-status': async ({ ctx }) => void (await runLockStatus(ctx)),
  'lock-acquire': ({ ctx, inputs }) => runLockAcquire(ctx, inputs.lockMessage ?? ''),
  'lock-release': ({ ctx, inputs }) => runLockRelease(ctx, inputs.lockToken),
  redeploy: buildingFirst(({ ctx, hooks }) => runDeploy(ctx, hooks, REDEPLOY)),
  rollback: ({ ctx, hooks }) => runRollback(ctx, hooks),
  exec: ({ ctx, inputs }) => runExec(ctx, execRequest(inputs)),
  help: ({ core }) => Promise.resolve(core.info(helpText())),
  // Kamal's `build push`, on the runner: no host, no lock.
  build: async ({ build }) => void (await buildAndPush(build)),
  // Read-only: no lock.
  details: ({ ctx }) => details(ctx),
  audit: ({ ctx }) => audit(ctx),
  'app details': ({ ctx }) => appListing(ctx, 'details'),
  'app containers': ({ ctx }) => appListing(ctx, 'containers'),
  'app images': ({ ctx }) => appListing(ctx, 'images'),
  'app logs': ({ ctx, inputs }) => appLogsOnHosts(ctx, logOptions(inputs.line)),
  'app version': ({ ctx }) => appVersion(ctx),
  'accessory details': ({ ctx, inputs }) => accessoryDetails(ctx, inputs.line.args[0] ?? ''),
  'accessory logs': ({ ctx, inputs }) => accessoryLogsOnHosts(ctx, inputs.line.args[0] ?? '', logOptions(inputs.line)),
  'proxy details': ({ ctx }) => proxyDetails(ctx),
  'proxy logs': ({ ctx, inputs }) => proxyLogsOnHosts(ctx, logOptions(inputs.line)),
  // Locked, as Kamal locks them.
  'app stale_containers': (run) =>
    flag(run.inputs.line, 'stop')
      ? locked(({ ctx }) => appStaleContainers(ctx, true))(run)
      : appStaleContainers(run.ctx, false),
  // Without --version Kamal boots the `latest` tag (a container named <service>-<role>-latest).
  'app boot': locked(({ ctx, inputs }) =>
    appBoot(inputs.versionGiven ? ctx : { ...ctx, version: latestTag(ctx.config) })
  ),
  'app start': locked(async ({ ctx, inputs }) =>
    appStart(ctx, await versionsToStart(ctx, inputs.versionGiven ? inputs.version : undefined))
  ),
  'app stop': locked(({ ctx }) => appStop(ctx)),
  'app maintenance': locked(({ ctx, inputs }) =>
    appMaintenance(ctx, count(inputs.line, 'drain-timeout'), text(inputs.line, 'message'))
  ),
  'app live': locked(({ ctx }) => appLive(ctx)),
  'app remove': locked(({ ctx }) => appRemove(ctx)),
  'accessory boot': locked((run) => bootAccessories(run.ctx, run.readLocal, named(run))),
  'accessory reboot': locked((run) => bootAccessories(run.ctx, run.readLocal, named(run), 'reboot')),
  'accessory start': locked((run) => accessoryStart(run.ctx, named(run))),
  'accessory stop': locked((run) => accessoryStop(run.ctx, named(run))),
  'accessory restart': locked((run) => accessoryRestart(run.ctx, named(run))),
  'accessory remove': locked((run) => accessoryRemove(run.ctx, named(run))),
  'proxy boot': locked(({ ctx }) => bootProxies(ctx, proxyHostsOf(ctx.targets))),
  // Per reboot group: pre-proxy-reboot, the reboot, post-proxy-reboot (KAMAL_HOSTS = the group).
  'proxy reboot': locked(({ ctx, inputs }) =>
    proxyReboot(ctx, flag(inputs.line, 'rolling'), {
      before: (group) => runHook(ctx, 'pre-proxy-reboot', { hosts: group }),
      after: (group) => runHook(ctx, 'post-proxy-reboot', { hosts: group })
    })
  ),
  'proxy start': locked(({ ctx }) => proxyStart(ctx)),
  'proxy stop': locked(({ ctx }) => proxyStop(ctx)),
  'proxy restart': locked(({ ctx }) => proxyRestart(ctx)),
  'proxy remove': locked(async ({ ctx, inputs }) => void (await proxyRemove(ctx, flag(inputs.line, 'force')))),
  'prune all': locked(({ ctx }) => prune(ctx, 'all')),
  'prune images': locked(({ ctx }) => prune(ctx, 'images')),
  'prune containers': locked(({ ctx, inputs }) => prune(ctx, 'containers', count(inputs.line, 'retain'))),
  // Kamal's docker-setup hook ends the bootstrap, inside the lock.
  'server bootstrap': locked(async ({ ctx }) => {
    await prepareHosts(ctx, false)
    await runHook(ctx, 'docker-setup')
  }),
  remove: locked(({ ctx }) => removeAll(ctx))
}

/** The handler of a command; one the grammar knows but this build does not have is a clear error. */
export function handlerFor(command: string): Handler {
  const handler = HANDLERS[command]
  if (!handler)
    throw new Error(
      `command ${command}: not built yet in this version of the action (it is part of the Kamal command set the action is growing into)`
    )
  return handler
}
