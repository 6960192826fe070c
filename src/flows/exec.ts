// Kamal's `app exec [-p] [--reuse] CMD` (lib/kamal/cli/app.rb `exec`): the command in a new
// container of each targeted role (or in the running one with `reuse`) on every app host, or on
// the primary host only. No lock, as in Kamal. Each host's output is shown in a group of its own
// once every host is done; any non-zero exit fails the run with the host, exit code and last lines.
import { randomBytes } from 'node:crypto'
import { envFileContent, envFor } from '../commands/app.js'
import { auditLine } from '../commands/audit.js'
import { execInExistingContainer, execInNewContainer, imageOrPull, inRunningContainer } from '../commands/exec.js'
import { containerName, imageRef, roleEnvFile } from '../commands/naming.js'
import { RemoteScript } from '../commands/script.js'
import type { Role } from '../config/types.js'
import type { RunContext } from './context.js'
import { HostsError, RemoteCommandError } from './errors.js'
import { onHosts } from './hosts.js'
import { addWithLogin } from './registry.js'
import { secondsSince } from './report.js'

export interface ExecRequest {
  /** The command line, appended to the docker command as Kamal appends it. */
  command: string
  /** Kamal's `-p`: the primary host only. */
  primary: boolean
  /** Kamal's `--reuse`: `docker exec` in the running container. */
  reuse: boolean
  /** Whether the version was asked for; without it a new container runs the image tagged latest
   * (ctx.version is then `latest[-destination]`) and `reuse` finds the running version per host. */
  versionGiven: boolean
}

/** The script of one role's exec on one host; its standard output is the command's alone. */
export function execScript(ctx: RunContext, role: Role, address: string, req: ExecRequest): RemoteScript {
  const { config, version } = ctx
  const host = role.hosts.find((h) => h.address === address) ?? { address, tags: [] }
  const script = new RemoteScript()
  if (req.reuse) {
    const on = req.versionGiven ? version : '${DECKHAND_CURRENT}'
    const audit = auditLine(config, ctx.performer, `Executed cmd '${req.command}' on app version ${on}`, [role.name])
    if (req.versionGiven)
      return script.add(audit, execInExistingContainer(containerName(config, role, version), req.command))
    const [current, check, exec] = inRunningContainer(config, role, req.command) as [string, string, string]
    return script.add(current, check, audit, exec)
  }
  script
    .add(auditLine(config, ctx.performer, `Executed cmd '${req.command}' on app version ${version}`))
    // The role's secrets reach the container only through its env file, written through stdin.
    .writeFile(roleEnvFile(config, role), envFileContent(envFor(config, role, host), ctx.secrets), '600')
  addWithLogin(script, ctx, config.registry, imageOrPull(config, version))
  return script.add(
    execInNewContainer({
      config,
      role,
      host,
      version,
      hex6: randomBytes(3).toString('hex'),
      command: req.command
    })
  )
}

interface Outcome {
  role: string
  code: number | null
  signal?: string
  stdout: string
  stderr: string
  seconds: number
}

/** Runs the exec on its hosts (in parallel; a host's roles one after the other), then reports. */
export async function runExec(ctx: RunContext, req: ExecRequest): Promise<void> {
  const { targets } = ctx
  const hosts = req.primary ? [targets.primaryHost] : targets.appHosts
  const where = req.reuse
    ? `the running container${req.versionGiven ? ` of ${ctx.version}` : ''}`
    : `a new container of ${imageRef(ctx.config, ctx.version)}`
  ctx.reporter.info(`Running \`${req.command}\` in ${where} on ${hosts.join(', ')}`)
  const byHost = await onHosts(ctx, hosts, async (address) => {
    const outcomes: Outcome[] = []
    for (const role of targets.roles.filter((r) => r.hosts.some((h) => h.address === address))) {
      const started = Date.now()
      const result = await ctx.pool.get(address).exec(execScript(ctx, role, address, req), `exec on ${role.name}`)
      outcomes.push({ role: role.name, ...result, seconds: secondsSince(started) })
    }
    return outcomes
  })
  const runs = [...byHost].flatMap(([host, outcomes]) => outcomes.map((o) => ({ host, ...o })))
  ctx.report.exec = {
    command: req.command,
    runs: runs.map(({ host, role, code, seconds }) => ({ host, role, code, seconds })),
    output: runs[0]?.stdout.replace(/\n+$/, '')
  }
  const failures: { host: string; error: unknown }[] = []
  for (const run of runs) {
    const status = run.code === 0 ? 'ok' : run.code === null ? `signal ${run.signal ?? 'unknown'}` : `exit ${run.code}`
    await ctx.reporter.group(`Exec on ${run.host} (${run.role}): ${status} in ${run.seconds}s`, () => {
      const text = [run.stdout.replace(/\n+$/, ''), run.stderr.replace(/\n+$/, '')].filter(Boolean).join('\n')
      if (text) ctx.reporter.remote(run.host, text)
      return Promise.resolve()
    })
    if (run.code !== 0)
      failures.push({
        host: run.host,
        error: new RemoteCommandError(run.host, `exec \`${req.command}\` (${run.role})`, run)
      })
  }
  if (failures.length > 0) throw new HostsError(failures)
}
