// HTTP to the fleet's hosts for the end-to-end and fault tests: one request, and a steady load of
// requests whose every answer is kept, to prove a switch or reboot lost none.
import http from 'node:http'

/** One request of a load: when, to which host, and what came back (or why nothing did). */
export interface Sample {
  host: string
  at: number
  body?: string
  status?: number
  error?: string
}

/**
 * One GET of `path` (default `/`) on `address`'s port 80 with Host `vhost`, on a connection of its
 * own; rejects on a connection error, or after `timeoutMs` when given.
 */
export function httpGet(
  address: string,
  vhost: string,
  opts: { path?: string; timeoutMs?: number } = {}
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: address,
        port: 80,
        path: opts.path ?? '/',
        headers: { host: vhost },
        agent: false,
        timeout: opts.timeoutMs
      },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      }
    )
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
  })
}

export interface LoadOptions {
  workersPerHost: number
  /** Pause of each worker between its requests. */
  pauseMs: number
  /** Timeout of each request. */
  timeoutMs: number
  maxMs: number
  maxRequests: number
}

/**
 * Requests to each of `addresses`' port 80 (Host `vhost`) over keep-alive connections,
 * `workersPerHost` at a time per host, until stop() or the time or count bound is reached,
 * whichever comes first.
 */
export function loadLoop(addresses: string[], vhost: string, opts: LoadOptions) {
  const samples: Sample[] = []
  let stopped = false
  const started = Date.now()
  const agents = addresses.map(() => new http.Agent({ keepAlive: true, maxSockets: opts.workersPerHost }))
  const one = (host: string, agent: http.Agent) =>
    new Promise<Sample>((resolve) => {
      const at = Date.now()
      const req = http.get(
        { host, port: 80, path: '/', headers: { host: vhost }, agent, timeout: opts.timeoutMs },
        (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => (body += d))
          res.on('end', () => resolve({ host, at, status: res.statusCode, body }))
          res.on('error', (e) => resolve({ host, at, error: e.message }))
        }
      )
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.on('error', (e) => resolve({ host, at, error: e.message }))
    })
  const workers = addresses.flatMap((host, i) =>
    Array.from({ length: opts.workersPerHost }, async () => {
      while (!stopped && Date.now() - started < opts.maxMs && samples.length < opts.maxRequests) {
        samples.push(await one(host, agents[i] as http.Agent))
        await new Promise((r) => setTimeout(r, opts.pauseMs))
      }
    })
  )
  const done = Promise.all(workers).then(() => agents.forEach((a) => a.destroy()))
  return {
    samples,
    started,
    async stop() {
      stopped = true
      await done
      return samples
    }
  }
}
