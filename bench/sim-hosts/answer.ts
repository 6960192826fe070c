// SIMULATED HOSTS — stand-ins for hosts only to measure the runner's side of a deploy (CPU, memory,
// wall time, handshakes in flight at 1,000 hosts). They run no shell and no Docker: the real-fleet
// tests (test/fleet, __tests__/e2e) stay the proof that deploys work.
//
// How a simulated host answers one exec: it sees only the command text (like sshd), so it reads the
// text the action's builders make (src/commands/*) and answers what a healthy Docker host would
// print for it — exit 0 and, for every `echo "DECKHAND_<KEY>=…"` (or `printf`) report line of src/commands/
// protocol.ts in the script, the value a successful run reports (RemoteCommand.assumed: `status`
// healthy, `proxy` switched, `proxyWas` running). Two things it keeps as state, so that a deploy
// reads like a real one: the deploy lock (Kamal's `mkdir` test-and-set and base64 `details`, with
// EXIT.lockHeld when taken) and the version each role runs (`old`/`stopped`). Keys it does not know
// (and `docker`/`accessory`, which only unusual hosts report) are not reported: nothing unusual
// happened. A host chosen to fail answers its boot like a container that never got healthy.
import { PLANNED_PROBE } from '../../src/commands/docker.js'
import { EXIT, REPORT_KEYS, type ReportKey } from '../../src/commands/protocol.js'

export interface Answer {
  code: number
  stdout: string
  stderr: string
}

export interface HostState {
  /** Lock directory → its details as written (base64). */
  locks: Map<string, string>
  /** Role container prefix (`demo-web`) → the version it runs. */
  running: Map<string, string>
  /** The version every role runs before the first boot ('' = a fresh host). */
  initialVersion: string
  /** Boots on this host fail (the new container never gets healthy). */
  failBoots: boolean
}

export function newHostState(initialVersion = '', failBoots = false): HostState {
  return { locks: new Map(), running: new Map(), initialVersion, failBoots }
}

const WIRE_TO_KEY = new Map<string, ReportKey>(
  Object.entries(REPORT_KEYS).map(([key, wire]) => [wire, key as ReportKey])
)
const REPORTED = /(?:echo|printf '%s\\n') "DECKHAND_([A-Z_]+)=/g
// src/commands/lock.ts
const ACQUIRE = /mkdir (\S+) && echo "([A-Za-z0-9+/=\n]*)" > \1\/details/
const RELEASE_OWN =
  /if \[ ! -d (\S+) \]; then echo "DECKHAND_LOCK=absent"; elif base64 -d < \1\/details \| grep -qF '([^']*)'/
const FORCE_RELEASE = /^if \[ -d (\S+) \]; then rm \1\/details/
const STATUS = /^stat (\S+) > \/dev\/null && cat \1\/details \| base64 -d/
// src/commands/boot.ts rememberCurrentVersion (the role's prefix) and runApp (the new container's name)
const ROLE_PREFIX = /OLD=\$\{OLD#([^}]+)-\}/
const RUN_NAME = /docker run --detach --restart \S+ --name (\S+)/

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8')
const report = (key: ReportKey, value: string) => `DECKHAND_${REPORT_KEYS[key]}=${value}\n`

function lockAnswer(state: HostState, command: string): Answer | undefined {
  const release = RELEASE_OWN.exec(command)
  if (release) {
    const [, dir = '', token = ''] = release
    const held = state.locks.get(dir)
    if (held === undefined) return { code: 0, stdout: report('lock', 'absent'), stderr: '' }
    if (!decode(held).includes(token)) return { code: 0, stdout: report('lock', 'not ours'), stderr: '' }
    state.locks.delete(dir)
    return { code: 0, stdout: report('lock', 'released'), stderr: '' }
  }
  const force = FORCE_RELEASE.exec(command)
  if (force) {
    const had = state.locks.delete(force[1] ?? '')
    return { code: 0, stdout: report('lock', had ? 'released' : 'absent'), stderr: '' }
  }
  const status = STATUS.exec(command)
  if (status) {
    const held = state.locks.get(status[1] ?? '')
    return { code: 0, stdout: held === undefined ? '' : decode(held), stderr: '' }
  }
  return undefined
}

/** The answer of a healthy Docker host to one exec of the action (stdin is read, not needed). */
export function answer(state: HostState, command: string): Answer {
  const lock = lockAnswer(state, command)
  if (lock) return lock
  let stdout = ''
  // A pull that also takes the lock (src/flows/pull.ts): the lock comes last in that script.
  const acquire = ACQUIRE.exec(command)
  if (acquire) {
    const [, dir = '', details = ''] = acquire
    const held = state.locks.get(dir)
    if (held !== undefined) return { code: EXIT.lockHeld, stdout: decode(held), stderr: '' }
    state.locks.set(dir, details)
  }
  const prefix = ROLE_PREFIX.exec(command)?.[1]
  const name = RUN_NAME.exec(command)?.[1]
  const old = prefix ? (state.running.get(prefix) ?? state.initialVersion) : ''
  const keys = new Set([...command.matchAll(REPORTED)].map((m) => WIRE_TO_KEY.get(m[1] ?? '')))
  const booting = keys.has('status') || keys.has('proxy')
  if (keys.has('old')) stdout += report('old', old)
  // The pull's label check: an image with a health check (what a plan assumes too).
  if (keys.has('probe')) stdout += report('probe', PLANNED_PROBE)
  if (keys.has('boot')) stdout += report('boot', 'started')
  if (keys.has('proxyWas')) stdout += report('proxyWas', 'running')
  if (booting && state.failBoots) {
    stdout += keys.has('proxy') ? report('proxy', 'failed') : report('status', 'unhealthy')
    const stderr = `container ${name ?? '?'} not ready (simulated failure); it was stopped and kept for inspection\n`
    return { code: EXIT.bootFailed, stdout, stderr }
  }
  if (keys.has('status')) stdout += report('status', 'healthy')
  if (keys.has('proxy')) stdout += report('proxy', 'switched')
  if (keys.has('stopped') && old) stdout += report('stopped', old)
  if (booting && prefix && name?.startsWith(`${prefix}-`)) state.running.set(prefix, name.slice(prefix.length + 1))
  return { code: 0, stdout, stderr: '' }
}
