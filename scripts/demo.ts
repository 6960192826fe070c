// Deploys the example app to the local fleet with the bundled action, as a workflow would:
//   - uses: ./            with: { command: setup, version: v1 }
//   - uses: ./            with: { command: deploy, version: v2 }
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { fleetInputs, fleetStatus, makeRepo, runAction, type Fleet } from '../__tests__/e2e/harness.js'

const fleet: Fleet = fleetStatus()
const host = (name: string) => fleet.hosts.find((h) => h.name === name)?.ip ?? ''
const config = readFileSync(new URL('../examples/demo-app/config/deploy.yml', import.meta.url), 'utf8')
  .replaceAll('REGISTRY_SERVER', fleet.registry.server)
  .replaceAll('REGISTRY_USER', fleet.registry.username)
  .replaceAll('WEB_HOST_1', host('demo1'))
  .replaceAll('WEB_HOST_2', host('demo2'))
  .replaceAll('STORE_HOST', host('demo3'))
const repo = makeRepo({
  'config/deploy.yml': config,
  'config/store.conf': readFileSync(new URL('../examples/demo-app/config/store.conf', import.meta.url), 'utf8'),
  '.kamal/secrets': readFileSync(new URL('../examples/demo-app/.kamal/secrets', import.meta.url), 'utf8')
})
const env = {
  REGISTRY_PASSWORD: fleet.registry.password,
  APP_SECRET: 'demo-app-secret',
  STORE_PASSWORD: 'demo-store-password'
}

const text = (html: string) =>
  html
    .replace(/<\/(tr|h2|p|pre|table|details)>/g, '\n')
    .replace(/<\/t[dh]>/g, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')

let failed = false
for (const [command, version] of [
  ['setup', 'v1'],
  ['deploy', 'v2']
] as const) {
  console.log(`\n######## ${command} ${version} (config: ${repo}/config/deploy.yml)\n`)
  const { main, post } = await runAction({ repo, inputs: fleetInputs(fleet, { command, version }), env })
  console.log(main.stdout)
  console.log(`exit code ${main.code}; post step exit code ${post.code}`)
  console.log('outputs:', JSON.stringify(main.outputs))
  console.log(`\n---- job summary ----\n${text(main.summary)}`)
  failed ||= main.code !== 0
  for (const name of ['demo1', 'demo2']) {
    // fetch() will not send another Host header; http.get does.
    const answer = await new Promise<string>((resolve) => {
      http
        .get({ host: host(name), port: 80, path: '/', headers: { Host: 'demo.example.test' } }, (res) => {
          let body = ''
          res.on('data', (d: Buffer) => (body += d.toString()))
          res.on('end', () => resolve(`${res.statusCode} ${body}`))
        })
        .on('error', (e) => resolve(e.message))
    })
    console.log(`GET http://${host(name)}/ (Host: demo.example.test) through kamal-proxy → ${answer}`)
  }
}
process.exit(failed ? 1 : 0)
