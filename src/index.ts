// Entry point for both `runs.main` and `runs.post`: the post run is told apart by saved state.
// The flows are loaded lazily so that start-up does only what the step needs.
import { getState, saveState } from '@actions/core'
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Runs the step. Exported for runners that import the entry and call `run()` (@github/local-action). */
export async function run(): Promise<void> {
  if (getState('isPost') === 'true') {
    const { post } = await import('./action/post.js')
    await post()
  } else {
    saveState('isPost', 'true')
    const { main } = await import('./action/main.js')
    await main()
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
