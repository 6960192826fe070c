// Booting accessories (Kamal's `accessory boot`, lib/kamal/cli/accessory.rb): each on its hosts,
// unless a container of it already exists (then it is left alone, as Kamal does).
import {
  accessoryFileMode,
  chownFile,
  makeDirectory,
  accessoryFilePath,
  runAccessory,
  stopIfAccessoryExists
} from '../commands/accessory.js'
import { envFileContent } from '../commands/app.js'
import { auditLine } from '../commands/audit.js'
import { createNetwork } from '../commands/docker.js'
import { accessoryEnvFile } from '../commands/naming.js'
import { RemoteScript } from '../commands/script.js'
import { quietly } from '../commands/shell.js'
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

/** Boots one accessory on one host unless a container of it already exists. */
async function bootAccessory(
  ctx: RunContext,
  acc: Accessory,
  host: string,
  files: Map<string, Buffer>
): Promise<'booted' | 'left running'> {
  const { config } = ctx
  const script = new RemoteScript()
  addLogin(script, ctx, acc.registry ?? config.registry)
  script.add(createNetwork)
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

export async function bootAccessories(ctx: RunContext, readLocalFile: ReadLocalFile): Promise<void> {
  const { targets } = ctx
  if (targets.accessories.length === 0) return
  // Read every local file first: a missing one stops the run before any host is touched.
  const files = new Map<string, Buffer>()
  for (const acc of targets.accessories)
    for (const f of acc.files)
      if (!files.has(fileKey(acc, f.local))) files.set(fileKey(acc, f.local), readLocalFile(f.local, acc))
  await ctx.reporter.group(`Boot accessories: ${targets.accessories.map((a) => a.name).join(', ')}`, async () => {
    const hosts = [...new Set(targets.accessories.flatMap((a) => a.hosts))]
    await onHosts(ctx, hosts, async (host) => {
      for (const acc of targets.accessories.filter((a) => a.hosts.includes(host))) {
        throwIfCancelled(ctx.signal)
        const started = Date.now()
        try {
          const action = await bootAccessory(ctx, acc, host, files)
          ctx.report.accessories.push({ name: acc.name, host, action, seconds: secondsSince(started) })
          ctx.reporter.info(
            action === 'booted'
              ? `${host}: booted ${acc.name} (${acc.service})`
              : `Skipping booting \`${acc.name}\` on ${host}, a container already exists`
          )
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
