// Entry point for both `runs.main` and `runs.post`: the post run is told apart by saved state.
// The flows are loaded lazily so that start-up does only what the step needs.
import { getState, saveState } from '@actions/core'

if (getState('isPost') === 'true') {
  const { post } = await import('./action/post.js')
  await post()
} else {
  saveState('isPost', 'true')
  const { main } = await import('./action/main.js')
  await main()
}
