// The action's main step: inputs → config and secrets (checked before any host is touched) →
// connections → the command's handler → outputs and job summary. The only layer that knows @actions/*.
import { Cancellation } from './cancel.js'
import { handlerFor } from './commands.js'
import { DeferredCore } from './core.js'
import { getInput } from './inputs.js'
import { prepare, type Prepared } from './prepare.js'
import { Step } from './step.js'

export async function main(
  env: Record<string, string | undefined> = process.env,
  // Signal handlers first: a cancel even during start-up ends the run our way (index.ts installs
  // them before this module is loaded).
  cancellation = new Cancellation()
): Promise<void> {
  const started = Date.now()
  const prepared = prepare(env, cancellation.signal)
  const core = new DeferredCore(() => import('@actions/core'), env)
  loadCoreWhenIdle(core, prepared)
  const token = getInput(env, 'github-token')
  if (token) core.setSecret(token)
  const step = new Step(core, env, prepared, started, cancellation)
  cancellation.onCancel((signal) => {
    core.loadSoon()
    step.cancel(signal)
  })
  try {
    if (!prepared.ok) throw step.failedEarly(prepared.error, prepared.workingDirectory)
    const run = await step.begin(prepared)
    await step.track(handlerFor(prepared.inputs.command)(run))
    if (!cancellation.cancelled) await step.finish()
  } catch (error) {
    if (!cancellation.cancelled) await step.fail(error)
  } finally {
    // Whatever was said before it loaded reaches the log before the step ends.
    await core.load()
    if (!cancellation.cancelled) {
      step.close()
      cancellation.dispose()
    }
  }
}

/** A run that loads nothing else waits this long at most for its first remote command. */
const CORE_LOAD_BY_MS = 1000

/**
 * Loads @actions/core once the hosts work on the run's first remote command (the connections,
 * started in prepare, were not held up by it), at the latest CORE_LOAD_BY_MS after the start; at
 * once for a run that connects to no host first (plan, build, a failed start).
 */
function loadCoreWhenIdle(core: DeferredCore, prepared: Prepared): void {
  const load = () => core.loadSoon()
  if (!prepared.ok || prepared.kind !== 'remote' || prepared.inputs.build) return load()
  prepared.pool.whenExecsStarted(() => setImmediate(load))
  setTimeout(load, CORE_LOAD_BY_MS).unref()
}
