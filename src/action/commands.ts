// The action's commands, one handler each: a new command is one entry of HANDLERS.
import { planByHost, RecordingPool, recordPlan } from '../flows/plan.js'
import { runDeploy, runLockAcquire, runLockRelease, runLockStatus, runSetup } from '../flows/run.js'
import type { Command } from './inputs.js'
import type { CommandRun } from './step.js'

export type Handler = (run: CommandRun) => Promise<void>

/** Records the setup or deploy flow against recording hosts and prints it, host by host. */
const plan: Handler = async ({ core, inputs, prepared, ctx, readLocal, report }) => {
  const { planFor } = inputs
  if (prepared.kind !== 'plan' || !(ctx.pool instanceof RecordingPool)) throw new Error('plan needs recording hosts')
  for (const name of prepared.missingSecrets)
    core.warning(
      `Secret '${name}' is not defined by the secrets files nor the step's environment: a ${planFor} would stop before touching any host`
    )
  const byHost = planByHost(await recordPlan({ ...ctx, pool: ctx.pool }, planFor, readLocal))
  for (const [host, steps] of byHost) {
    const title = `Plan of a ${planFor} on ${host}: ${steps.length} exec${steps.length > 1 ? 's' : ''}`
    await core.group(title, () => {
      for (const step of steps) core.info(`${step}\n`)
      return Promise.resolve()
    })
  }
  report.plan = {
    planFor,
    hosts: [...byHost].map(([host, steps]) => ({ host, steps })),
    missingSecrets: prepared.missingSecrets
  }
}

export const HANDLERS: Record<Command, Handler> = {
  deploy: ({ ctx, hooks }) => runDeploy(ctx, hooks),
  setup: ({ ctx, hooks, readLocal }) => runSetup(ctx, hooks, readLocal),
  plan,
  'lock-status': async ({ ctx }) => void (await runLockStatus(ctx)),
  'lock-acquire': ({ ctx, inputs }) => runLockAcquire(ctx, inputs.lockMessage ?? ''),
  'lock-release': ({ ctx, inputs }) => runLockRelease(ctx, inputs.lockToken)
}
