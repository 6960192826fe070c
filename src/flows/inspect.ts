// The read-only commands of a console (Kamal's `details`, `audit`, `app logs|details|containers|
// images|version`, `accessory details|logs`, `proxy details|logs`): each of Kamal's lines sent as one
// exec (a host's execs run at once on its connection), every host's output shown in a log group of
// its own once all hosts answered, and kept for the job summary. Nothing here takes the lock.
import { accessoryInfo, accessoryLogs } from '../commands/accessory.js'
import { appInfo, appLogs, currentVersion, listContainers, listImages, type LogOptions } from '../commands/app.js'
import { auditReveal } from '../commands/audit.js'
import { proxyInfo, proxyLogs } from '../commands/proxy.js'
import { single } from '../commands/script.js'
import type { Accessory, Role } from '../config/types.js'
import { accessoriesNamed, proxyHostsOf, type RunContext } from './context.js'
import { onHosts } from './hosts.js'
import type { HostOutput } from './report.js'

/** One of Kamal's read-only lines on a host, and what a failure of it means. */
export interface Query {
  title: string
  command: string
  /** Shown instead of failing the run when the command exits non-zero (Kamal's "Nothing found"). */
  onFailure?: string
}

/** Sends each host's queries (at once on its connection) and returns their outputs in host order. */
export async function queryHosts(
  ctx: RunContext,
  hosts: string[],
  queriesOf: (host: string) => Query[]
): Promise<HostOutput[]> {
  const byHost = await onHosts(ctx, hosts, (host) =>
    Promise.all(
      queriesOf(host).map(async (q): Promise<HostOutput> => {
        const result = await ctx.pool.get(host).exec(single(q.command), q.title)
        if (result.code === 0) return { host, title: q.title, text: result.stdout.replace(/\n$/, '') }
        const error = `${result.stdout}${result.stderr}`.trim()
        if (q.onFailure !== undefined) return { host, title: q.title, text: q.onFailure }
        throw new Error(`host ${host}: ${q.title} failed (exit ${result.code ?? 'signal'})${error ? `: ${error}` : ''}`)
      })
    )
  )
  return hosts.flatMap((h) => byHost.get(h) ?? [])
}

/** Every host's outputs in a log group of its own (through the reporter, which stops workflow
 * commands in remote text), and into the report for the job summary. */
export async function showOutputs(ctx: RunContext, outputs: HostOutput[]): Promise<void> {
  ctx.report.outputs.push(...outputs)
  const hosts = [...new Set(outputs.map((o) => o.host))]
  for (const host of hosts) {
    const mine = outputs.filter((o) => o.host === host)
    await ctx.reporter.group(`${host}: ${mine.map((o) => o.title).join(', ')}`, () => {
      for (const o of mine) {
        ctx.reporter.info(`── ${o.title} on ${host}`)
        ctx.reporter.remote(host, o.text === '' ? '(nothing)' : o.text)
      }
      return Promise.resolve()
    })
  }
}

const rolesOn = (ctx: RunContext, host: string): Role[] =>
  ctx.targets.roles.filter((r) => r.hosts.some((h) => h.address === host))

/** `details`: kamal-proxy, the app's roles and the accessories, host by host; and the running versions. */
export async function details(ctx: RunContext): Promise<void> {
  const { config, targets } = ctx
  const proxyHosts = proxyHostsOf(targets)
  const versions = await runningVersions(ctx, targets.appHosts)
  const outputs = await queryHosts(ctx, targets.hosts, (host) => [
    ...(proxyHosts.includes(host) ? [{ title: 'proxy details', command: proxyInfo }] : []),
    ...rolesOn(ctx, host).map((r) => ({ title: `app details (${r.name})`, command: appInfo(config, r) })),
    ...targets.accessories
      .filter((a) => a.hosts.includes(host))
      .map((a) => ({ title: `accessory details (${a.name})`, command: accessoryInfo(a) }))
  ])
  await showOutputs(ctx, outputs)
  ctx.report.versions = versions
}

/** Host → role → the running version (empty when none runs), Kamal's current_running_version. */
export async function runningVersions(
  ctx: RunContext,
  hosts: string[]
): Promise<Record<string, Record<string, string>>> {
  const roles = new Map<string, string>()
  const outputs = await queryHosts(ctx, hosts, (host) =>
    rolesOn(ctx, host).map((r) => {
      roles.set(versionTitle(r.name), r.name)
      return { title: versionTitle(r.name), command: currentVersion(ctx.config, r), onFailure: '' }
    })
  )
  const versions: Record<string, Record<string, string>> = {}
  for (const o of outputs) (versions[o.host] ??= {})[roles.get(o.title) ?? o.title] = o.text.trim()
  return versions
}

const versionTitle = (role: string) => `app version (${role})`

/** `app version`: the running version of each role, host by host. */
export async function appVersion(ctx: RunContext): Promise<void> {
  const versions = await runningVersions(ctx, ctx.targets.appHosts)
  ctx.report.versions = versions
  await showOutputs(
    ctx,
    Object.entries(versions).flatMap(([host, roles]) =>
      Object.entries(roles).map(([role, version]) => ({
        host,
        title: `app version (${role})`,
        text: version || '(none running)'
      }))
    )
  )
}

export async function audit(ctx: RunContext): Promise<void> {
  const command = auditReveal(ctx.config)
  await showOutputs(
    ctx,
    await queryHosts(ctx, ctx.targets.hosts, () => [
      { title: 'audit', command, onFailure: '(no audit log on this host)' }
    ])
  )
}

/** `app details|containers|images`: per role (details) or per host. */
export async function appListing(ctx: RunContext, what: 'details' | 'containers' | 'images'): Promise<void> {
  const { config } = ctx
  await showOutputs(
    ctx,
    await queryHosts(ctx, ctx.targets.appHosts, (host) =>
      what === 'details'
        ? rolesOn(ctx, host).map((r) => ({ title: `app details (${r.name})`, command: appInfo(config, r) }))
        : [{ title: `app ${what}`, command: what === 'containers' ? listContainers(config) : listImages(config) }]
    )
  )
}

/** Kamal's default: 100 lines unless --since or --grep narrow the log. */
export function withDefaultLines(o: LogOptions): LogOptions {
  return o.lines === undefined && o.since === undefined && o.grep === undefined ? { ...o, lines: 100 } : o
}

export async function appLogsOnHosts(ctx: RunContext, options: LogOptions): Promise<void> {
  const o = withDefaultLines(options)
  await showOutputs(
    ctx,
    await queryHosts(ctx, ctx.targets.appHosts, (host) =>
      rolesOn(ctx, host).map((r) => ({
        title: `app logs (${r.name})`,
        command: appLogs(ctx.config, r, o),
        onFailure: 'Nothing found'
      }))
    )
  )
}

export async function accessoryDetails(ctx: RunContext, name: string): Promise<void> {
  const accessories = accessoriesNamed(ctx.targets, name)
  await showOutputs(
    ctx,
    await queryHosts(ctx, hostsOf(accessories), (host) =>
      accessories
        .filter((a) => a.hosts.includes(host))
        .map((a) => ({ title: `accessory details (${a.name})`, command: accessoryInfo(a) }))
    )
  )
}

export async function accessoryLogsOnHosts(ctx: RunContext, name: string, options: LogOptions): Promise<void> {
  const accessories = accessoriesNamed(ctx.targets, name)
  const o = withDefaultLines(options)
  await showOutputs(
    ctx,
    await queryHosts(ctx, hostsOf(accessories), (host) =>
      accessories
        .filter((a) => a.hosts.includes(host))
        .map((a) => ({ title: `accessory logs (${a.name})`, command: accessoryLogs(a, o), onFailure: 'Nothing found' }))
    )
  )
}

export async function proxyDetails(ctx: RunContext): Promise<void> {
  await showOutputs(
    ctx,
    await queryHosts(ctx, proxyHostsOf(ctx.targets), () => [{ title: 'proxy details', command: proxyInfo }])
  )
}

export async function proxyLogsOnHosts(ctx: RunContext, options: LogOptions): Promise<void> {
  const o = withDefaultLines(options)
  await showOutputs(
    ctx,
    await queryHosts(ctx, proxyHostsOf(ctx.targets), () => [
      { title: 'proxy logs', command: proxyLogs(o), onFailure: 'Nothing found' }
    ])
  )
}

export function hostsOf(accessories: Accessory[]): string[] {
  return [...new Set(accessories.flatMap((a) => a.hosts))]
}
