// Booting accessories (Kamal's `accessory boot`, lib/kamal/cli/accessory.rb): each on its hosts,
// unless a container of it already exists (then it is left alone, as Kamal does).
import {
  accessoryFileMode,
  chownFile,
  makeDirectory,
  accessoryFilePath,
  pullAccessoryImage,
  removeAccessoryContainer,
  removeAccessoryDirectory,
  removeAccessoryImage,
  runAccessory,
  runningContainerId,
  startAccessory,
  stopAccessory,
  stopIfAccessoryExists
} from '../commands/accessory.js'
import { envFileContent, proxyRemove } from '../commands/app.js'
import { proxyDeployExisting } from '../commands/manage.js'
import { auditLine } from '../commands/audit.js'
import { createNetwork } from '../commands/docker.js'
import { accessoryEnvFile } from '../commands/naming.js'
import { RemoteScript } from '../commands/script.js'
import { errorsHidden, quietly, silently } from '../commands/shell.js'
import type { Accessory } from '../config/types.js'
import { errorMessage } from '../util/values.js'
import { throwIfCancelled, type RunContext } from './context.js'
import { onHosts } from './hosts.js'
import { addProxySwitch } from './proxy.js'
import { addLogin } from './registry.js'
import { runRemote } from './remote.js'
import { secondsSince } from './report.js'

/** Reads an accessory's local file as it is uploaded (ERB files rendered for that accessory). */
export type ReadLocalFile = (path: string, accessory: Accessory) => Buffer

const fileKey = (acc: Accessory, local: string) => `${acc.name}\0${local}`

/** Boots one accessory on one host unless a container of it already exists; `before` runs first
 * (after the registry login and the network: a reboot's pull, stop and removal). */
async function bootAccessory(
  ctx: RunContext,
  acc: Accessory,
  host: string,
  files: Map<string, Buffer>,
  before: string[] = []
): Promise<'booted' | 'left running'> {
  const { config } = ctx
  const script = new RemoteScript()
  addLogin(script, ctx, acc.registry ?? config.registry)
  script.add(createNetwork, ...before)
  for (const dir of acc.directories) script.add(...makeDirectory(acc, dir))
  for (const file of acc.files) {
    script.writeFile(
      accessoryFilePath(acc, file),
      files.get(fileKey(acc, file.local)) ?? Buffer.alloc(0),
      accessoryFileMode(acc, file)
    )
    script.add(...chownFile(acc, file))
  }
  script.add(stopIfAccessoryExists(acc), auditLine(config, ctx.performer, `Booted ${acc.name} accessory`))
  script.writeFile(accessoryEnvFile(config, acc), envFileContent(acc.env, ctx.secrets), '600')
  script.add(quietly(runAccessory(config, acc, host)))
  if (acc.proxy)
    addProxySwitch(script, ctx, {
      proxy: acc.proxy,
      service: acc.service,
      container: acc.service,
      tlsName: acc.name,
      what: `accessory ${acc.name}`,
      host
    })
  const { report } = await runRemote(ctx.pool.get(host), script, `boot accessory ${acc.name}`)
  return report.accessory === 'exists' ? 'left running' : 'booted'
}

/**
 * Boots the accessories (default: every targeted one), each on its hosts, one after the other on a
 * host. `reboot` (Kamal's `accessory reboot`) first pulls the image, stops and removes the
 * container, so the boot always runs: data directories are kept, files are uploaded again.
 */
export async function bootAccessories(
  ctx: RunContext,
  readLocalFile: ReadLocalFile,
  accessories = ctx.targets.accessories,
  mode: 'boot' | 'reboot' = 'boot'
): Promise<void> {
  if (accessories.length === 0) return
  // Read every local file first: a missing one stops the run before any host is touched.
  const files = new Map<string, Buffer>()
  for (const acc of accessories)
    for (const f of acc.files)
      if (!files.has(fileKey(acc, f.local))) files.set(fileKey(acc, f.local), readLocalFile(f.local, acc))
  const verb = mode === 'boot' ? 'Boot' : 'Reboot'
  await ctx.reporter.group(`${verb} accessories: ${accessories.map((a) => a.name).join(', ')}`, async () => {
    const hosts = [...new Set(accessories.flatMap((a) => a.hosts))]
    await onHosts(ctx, hosts, async (host, log) => {
      for (const acc of accessories.filter((a) => a.hosts.includes(host))) {
        throwIfCancelled(ctx.signal)
        const started = Date.now()
        try {
          const before = mode === 'reboot' ? rebootLines(ctx, acc) : []
          const action = await bootAccessory(ctx, acc, host, files, before)
          ctx.report.accessories.push({ name: acc.name, host, action, seconds: secondsSince(started) })
          if (action === 'booted')
            log.done(host, `${mode === 'boot' ? 'booted' : 'rebooted'} ${acc.name} (${acc.service})`)
          else ctx.reporter.info(`Skipping booting \`${acc.name}\` on ${host}, a container already exists`)
        } catch (error) {
          ctx.report.accessories.push({
            name: acc.name,
            host,
            action: 'failed',
            seconds: secondsSince(started),
            error: errorMessage(error)
          })
          throw error
        }
      }
    })
  })
}

/** Kamal's `accessory reboot` before its boot: pull the image, stop, remove the container. */
function rebootLines(ctx: RunContext, acc: Accessory): string[] {
  const { config } = ctx
  return [
    auditLine(config, ctx.performer, `Pull ${acc.name} accessory image`),
    quietly(pullAccessoryImage(acc)),
    ...stopLines(ctx, acc),
    auditLine(config, ctx.performer, `Remove ${acc.name} accessory container`),
    quietly(removeAccessoryContainer(acc))
  ]
}

/** Kamal's `accessory stop` (the stop may fail; a proxied accessory is taken off kamal-proxy). */
function stopLines(ctx: RunContext, acc: Accessory): string[] {
  return [
    auditLine(ctx.config, ctx.performer, `Stopped ${acc.name} accessory`),
    silently(stopAccessory(acc)),
    ...(acc.proxy ? [errorsHidden(proxyRemove(acc.service))] : [])
  ]
}

/** Kamal's `accessory start`: the container started, a proxied accessory handed to kamal-proxy again. */
function startLines(ctx: RunContext, acc: Accessory, host: string): string[] {
  return [
    auditLine(ctx.config, ctx.performer, `Started ${acc.name} accessory`),
    quietly(startAccessory(acc)),
    ...(acc.proxy
      ? proxyDeployExisting({
          config: ctx.config,
          proxy: acc.proxy,
          service: acc.service,
          idCommand: runningContainerId(acc.service),
          tlsName: acc.name,
          what: `accessory ${acc.name}`,
          host
        })
      : [])
  ]
}

/** Kamal's `accessory remove`: stop, container, image and its directory (with the data in it). */
function removeLines(ctx: RunContext, acc: Accessory): string[] {
  const { config } = ctx
  return [
    ...stopLines(ctx, acc),
    auditLine(config, ctx.performer, `Remove ${acc.name} accessory container`),
    quietly(removeAccessoryContainer(acc)),
    auditLine(config, ctx.performer, `Removed ${acc.name} accessory image`),
    quietly(removeAccessoryImage(acc)),
    removeAccessoryDirectory(acc)
  ]
}

/** Runs `lines(acc, host)` for each accessory on each of its hosts: one exec per host. */
async function onAccessoryHosts(
  ctx: RunContext,
  accessories: Accessory[],
  verb: string,
  lines: (acc: Accessory, host: string) => string[]
): Promise<void> {
  if (accessories.length === 0) return
  await ctx.reporter.group(`${verb} accessories: ${accessories.map((a) => a.name).join(', ')}`, async () => {
    const hosts = [...new Set(accessories.flatMap((a) => a.hosts))]
    await onHosts(ctx, hosts, async (host) => {
      const mine = accessories.filter((a) => a.hosts.includes(host))
      const script = new RemoteScript().add(...mine.flatMap((a) => lines(a, host)))
      await runRemote(
        ctx.pool.get(host),
        script,
        `${verb.toLowerCase()} accessory ${mine.map((a) => a.name).join(', ')}`
      )
      ctx.reporter.info(`${host}: ${verb.toLowerCase()} ${mine.map((a) => a.name).join(', ')}`)
    })
  })
}

export const accessoryStart = (ctx: RunContext, accessories: Accessory[]) =>
  onAccessoryHosts(ctx, accessories, 'Start', (a, host) => startLines(ctx, a, host))

export const accessoryStop = (ctx: RunContext, accessories: Accessory[]) =>
  onAccessoryHosts(ctx, accessories, 'Stop', (a) => stopLines(ctx, a))

export const accessoryRestart = (ctx: RunContext, accessories: Accessory[]) =>
  onAccessoryHosts(ctx, accessories, 'Restart', (a, host) => [...stopLines(ctx, a), ...startLines(ctx, a, host)])

export const accessoryRemove = (ctx: RunContext, accessories: Accessory[]) =>
  onAccessoryHosts(ctx, accessories, 'Remove', (a) => removeLines(ctx, a))
