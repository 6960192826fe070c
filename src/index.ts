// Entry point for both `runs.main` and `runs.post`: the post run is told apart by saved state.
// Nothing heavy is imported here, so the main step reaches its first SSH connection quickly.
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Cancellation } from './action/cancel.js'
import { saveStateNow, STATE } from './action/state.js'

/** Runs the step. Exported for runners that import the entry and call `run()` (@github/local-action). */
export async function run(): Promise<void> {
  if (process.env['STATE_isPost'] === 'true') {
    const { post } = await import('./action/post.js')
    await post()
  } else {
    // Recorded first thing (the runner keeps GITHUB_STATE even if main is killed), so that the
    // post step never mistakes itself for main.
    saveStateNow(process.env, STATE.isPost, 'true')
    // Signal handlers before the rest of the action is even loaded: a cancel at any moment ends
    // the run our way (cancel.ts imports nothing).
    const cancellation = new Cancellation()
    const { main } = await import('./action/main.js')
    await main(process.env, cancellation)
  }
}

function isEntryScript(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

// `node dist/index.js` (the runner) runs the step; an importer calls run() itself.
if (isEntryScript()) await run()
