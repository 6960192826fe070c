// The action's commands, one handler each: a new command is one entry of HANDLERS.
import { buildAndPush } from '../flows/build.js'
import { planByHost, RecordingPool, recordPlan } from '../flows/plan.js'
import { runDeploy, runLockAcquire, runLockRelease, runLockStatus, runSetup } from '../flows/run.js'
import { describeRunnerSteps, RecordingRunner } from '../flows/runner.js'
import type { Command } from './inputs.js'
import type { CommandRun } from './step.js'

export type Handler = (run: CommandRun) => Promise<void>

/** Prints a plan's section as a log group of its steps. */
async function printSteps(run: CommandRun, title: string, steps: string[]): Promise<void> {
  await run.core.group(title, () => {
    for (const step of steps) run.core.info(`${step}\n`)
    return Promise.resolve()
  })
}

/**
 * Records the build (on the runner, Kamal's buildx lines) and the setup or deploy flow (against
 * recording hosts) and prints them, the runner first, then host by host.
 */
const plan: Handler = async (run) => {
  const { core, inputs, prepared, ctx, readLocal, report, build } = run
  const { planFor } = inputs
  if (prepared.kind !== 'plan' || !(ctx.pool instanceof RecordingPool) || !(build.runner instanceof RecordingRunner))
    throw new Error('plan needs recording hosts')
  for (const name of prepared.missingSecrets)
    core.warning(
      `Secret '${name}' is not defined by the secrets files nor the step's environment: a ${planFor} would stop before touching any host`
    )
  let runner: string[] | undefined
  if (planFor === 'build' || inputs.build) {
    await buildAndPush(build)
    runner = describeRunnerSteps(build.runner.log)
    const n = runner.length
    await printSteps(run, `Plan of the build on the runner: ${n} command${n > 1 ? 's' : ''}`, runner)
  }
  const byHost =
    planFor === 'build'
      ? new Map<string, string[]>()
      : planByHost(await recordPlan({ ...ctx, pool: ctx.pool }, planFor, readLocal))
  for (const [host, steps] of byHost)
    await printSteps(run, `Plan of a ${planFor} on ${host}: ${steps.length} exec${steps.length > 1 ? 's' : ''}`, steps)
  report.plan = {
    planFor,
    hosts: [...byHost].map(([host, steps]) => ({ host, steps })),
    missingSecrets: prepared.missingSecrets,
    ...(runner ? { runner } : {})
  }
}

/** With the `build` input, the image is built and pushed first: before the lock and any host. */
const buildingFirst =
  (flow: Handler): Handler =>
  async (run) => {
    if (run.inputs.build) await buildAndPush(run.build)
    await flow(run)
  }

export const HANDLERS: Record<Command, Handler> = {
  deploy: buildingFirst(({ ctx, hooks }) => runDeploy(ctx, hooks)),
  setup: buildingFirst(({ ctx, hooks, readLocal }) => runSetup(ctx, hooks, readLocal)),
  plan,
  'lock-status': async ({ ctx }) => void (await runLockStatus(ctx)),
  'lock-acquire': ({ ctx, inputs }) => runLockAcquire(ctx, inputs.lockMessage ?? ''),
  'lock-release': ({ ctx }) => runLockRelease(ctx),
  build: async ({ build }) => void (await buildAndPush(build))
}
