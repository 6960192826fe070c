// A real HTTP server on loopback that plays the GitHub REST endpoints the action calls for
// Deployments, and records every request. The action reaches it through GITHUB_API_URL.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedCall {
  method: string
  path: string
  authorization?: string
  body: unknown
}

/** How the next requests are answered: `ok`, 403 (token without permission), 202 (merge message). */
export type Mode = 'ok' | 'forbidden' | 'accepted'

export interface FakeGitHub {
  url: string
  calls: RecordedCall[]
  mode: Mode
  reset(mode?: Mode): void
  close(): Promise<void>
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (data += chunk))
    req.on('end', () => resolve(data))
    req.on('error', reject)
  })
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  let nextId = 1000
  const fake: FakeGitHub = {
    url: '',
    calls: [],
    mode: 'ok',
    reset(mode = 'ok') {
      fake.calls = []
      fake.mode = mode
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
  const server: Server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req)
      let body: unknown = text
      try {
        body = text ? (JSON.parse(text) as unknown) : undefined
      } catch {
        // kept as text: the test will show it
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname
      fake.calls.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body })
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify(payload))
      }
      if (fake.mode === 'forbidden')
        return send(403, {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest'
        })
      const created = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/.exec(path)
      const status = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(path)
      if (req.method === 'POST' && created) {
        if (fake.mode === 'accepted') return send(202, { message: 'Auto-merged main into topic on deployment.' })
        const b = body as { ref?: string; environment?: string }
        return send(201, {
          id: nextId++,
          sha: b.ref,
          ref: b.ref,
          task: 'deploy',
          environment: b.environment ?? 'production'
        })
      }
      if (req.method === 'POST' && status) {
        const b = body as { state?: string }
        return send(201, { id: nextId++, state: b.state })
      }
      send(404, { message: 'Not Found' })
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}
