// The action's main step: inputs → config and secrets (checked before any host is touched) →
// connections → the command's handler → outputs and job summary. The only layer that knows @actions/*.
import { Cancellation } from './cancel.js'
import { handlerFor } from './commands.js'
import type { Core } from './core.js'
import { getInput } from './inputs.js'
import { prepare } from './prepare.js'
import { Step } from './step.js'

export async function main(
  env: Record<string, string | undefined> = process.env,
  // Signal handlers first: a cancel even during start-up ends the run our way (index.ts installs
  // them before this module is loaded).
  cancellation = new Cancellation()
): Promise<void> {
  const started = Date.now()
  const prepared = prepare(env, cancellation.signal)
  // Loaded once the connections are under way (see prepare.ts).
  const core: Core = await import('@actions/core')
  const token = getInput(env, 'github-token')
  if (token) core.setSecret(token)
  const step = new Step(core, env, prepared, started, cancellation)
  cancellation.onCancel((signal) => step.cancel(signal))
  try {
    if (!prepared.ok) throw step.failedEarly(prepared.error, prepared.workingDirectory)
    const run = await step.begin(prepared)
    await step.track(handlerFor(prepared.inputs.command)(run))
    if (!cancellation.cancelled) await step.finish()
  } catch (error) {
    if (!cancellation.cancelled) await step.fail(error)
  } finally {
    if (!cancellation.cancelled) {
      step.close()
      cancellation.dispose()
    }
  }
}
