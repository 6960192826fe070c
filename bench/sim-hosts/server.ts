// SIMULATED HOSTS — they stand in for hosts only to measure the runner's side of a deploy; the
// real-fleet tests (test/fleet, __tests__/e2e) stay the proof that deploys work.
//
// The simulated hosts of hosts.ts as a process of their own, so that a benchmark can run them niced
// (`nice -n 10 node --import tsx bench/sim-hosts/server.ts …`) and measure the action's process
// alone. Spawned with an IPC channel, it says {type:'ready', port, hosts, dir, failing} once
// listening and answers {type:'stats'} (SimStats) and {type:'reset', initialVersion?, delayMs?}; it exits
// when the channel closes. Without one it prints where its files are and serves until killed.
//
//   node --import tsx bench/sim-hosts/server.ts --count 1000 --dir /tmp/sim [--initial-version v1]
//     [--delay-ms 0] [--jitter-ms 0] [--fail-rate 0] [--fail-hosts 127.1.0.3,…] [--seed 1]
import { parseArgs } from 'node:util'
import { SimHosts } from './hosts.js'

const { values: opt } = parseArgs({
  options: {
    count: { type: 'string', default: '10' },
    dir: { type: 'string' },
    'first-address': { type: 'string', default: '127.1.0.1' },
    port: { type: 'string', default: '0' },
    'delay-ms': { type: 'string', default: '0' },
    'jitter-ms': { type: 'string', default: '0' },
    'fail-rate': { type: 'string', default: '0' },
    'fail-hosts': { type: 'string', default: '' },
    seed: { type: 'string', default: '1' },
    'initial-version': { type: 'string', default: '' }
  }
})
if (!opt.dir) throw new Error('--dir is required')

const sim = await SimHosts.start({
  count: Number(opt.count),
  dir: opt.dir,
  firstAddress: opt['first-address'],
  port: Number(opt.port),
  delayMs: Number(opt['delay-ms']),
  jitterMs: Number(opt['jitter-ms']),
  failRate: Number(opt['fail-rate']),
  failHosts: (opt['fail-hosts'] ?? '').split(',').filter(Boolean),
  seed: Number(opt.seed),
  initialVersion: opt['initial-version']
})

type Message = { type: 'stats' } | { type: 'reset'; initialVersion?: string; delayMs?: number }
if (process.send) {
  process.send({ type: 'ready', port: sim.port, hosts: sim.hosts, dir: sim.dir, failing: [...sim.failing] })
  process.on('message', (m: Message) => {
    if (m.type === 'reset') {
      sim.reset(m.initialVersion, m.delayMs)
      process.send?.({ type: 'reset' })
    } else process.send?.({ type: 'stats', ...sim.stats() })
  })
  process.on('disconnect', () => process.exit(0))
} else console.log(`${sim.hosts.length} simulated hosts on port ${sim.port}; known_hosts and key in ${sim.dir}`)
