// The action's commands, one handler each: a new command is one entry of HANDLERS.
import { runExec, type ExecRequest } from '../flows/exec.js'
import { localSteps, planByHost, RecordingPool, recordPlan } from '../flows/plan.js'
import {
  REDEPLOY,
  runDeploy,
  runLockAcquire,
  runLockRelease,
  runLockStatus,
  runRollback,
  runSetup
} from '../flows/run.js'
import type { Command, Inputs } from './inputs.js'
import type { CommandRun } from './step.js'

export type Handler = (run: CommandRun) => Promise<void>

/** The exec inputs as the flow takes them. */
const execRequest = (inputs: Inputs): ExecRequest => ({ ...inputs.exec, versionGiven: inputs.versionGiven })

/** Records the flow of `plan-for` against recording hosts and prints it, host by host. */
const plan: Handler = async ({ core, inputs, prepared, ctx, readLocal, report }) => {
  const { planFor } = inputs
  if (prepared.kind !== 'plan' || !(ctx.pool instanceof RecordingPool)) throw new Error('plan needs recording hosts')
  for (const name of prepared.missingSecrets)
    core.warning(
      `Secret '${name}' is not defined by the secrets files nor the step's environment: a ${planFor} would stop before touching any host`
    )
  const log = await recordPlan({ ...ctx, pool: ctx.pool }, planFor, readLocal, execRequest(inputs))
  const byHost = planByHost(log)
  for (const [host, steps] of byHost) {
    const hooks = localSteps(log, host)
    const execs = steps.length - hooks
    const title = `Plan of a ${planFor} on ${host}: ${execs} exec${execs === 1 ? '' : 's'}${hooks > 0 ? ` and ${hooks} hook${hooks > 1 ? 's' : ''} on the runner` : ''}`
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
  'lock-release': ({ ctx }) => runLockRelease(ctx),
  redeploy: ({ ctx, hooks }) => runDeploy(ctx, hooks, REDEPLOY),
  rollback: ({ ctx, hooks }) => runRollback(ctx, hooks),
  exec: ({ ctx, inputs }) => runExec(ctx, execRequest(inputs))
}
