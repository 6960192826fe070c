// Entry point for both `runs.main` and `runs.post`: the post run is told apart by saved state.
// Nothing heavy is imported here, so the main step reaches its first SSH connection quickly.
import { appendFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'

if (process.env['STATE_isPost'] === 'true') {
  const { post } = await import('./action/post.js')
  await post()
} else {
  // Recorded first thing (the runner keeps GITHUB_STATE even if main is killed), so that the post
  // step never mistakes itself for main. Same file-command format as core.saveState.
  const file = process.env['GITHUB_STATE']
  if (file) {
    const delimiter = `ghadelimiter_${randomUUID()}`
    appendFileSync(file, `isPost<<${delimiter}\ntrue\n${delimiter}\n`)
  }
  const { main } = await import('./action/main.js')
  await main()
}
