// `setup` (the seed's flow): lock → make sure Docker is on every host → upload env files →
// boot accessories that are not there yet → deploy → release.
import { auditLine } from '../commands/audit.js'
import { accessoryExists, accessoryFilePath, makeDirectory, runAccessory } from '../commands/accessory.js'
import { envFileContent, envFor } from '../commands/app.js'
import { createNetwork, ensureDocker } from '../commands/docker.js'
import { accessoryEnvFile, roleEnvFile } from '../commands/naming.js'
import { RemoteScript } from '../commands/script.js'
import { word } from '../commands/shell.js'
import type { Accessory } from '../config/types.js'
import { throwIfCancelled, type RunContext } from './context.js'
import { addLogin, bootApp, finishDeploy, pullOnAppHosts } from './deploy.js'
import { errorMessage, onHosts } from './hosts.js'
import { addProxyDeploy, bootProxies, proxyHosts } from './proxy.js'
import { secondsSince } from './report.js'

export class DockerMissingError extends Error {}

/** Docker on every host (installed when we are root on an apt host), `.kamal`, and the env files. */
export async function prepareHosts(ctx: RunContext): Promise<void> {
  const { config, targets } = ctx
  const missing: string[] = []
  await ctx.reporter.group(
    `Ensure Docker is installed and push env files on ${targets.hosts.length} host(s)`,
    async () => {
      await onHosts(ctx, targets.hosts, async (address) => {
        const script = new RemoteScript().add(ensureDocker)
        for (const role of targets.roles) {
          const host = role.hosts.find((h) => h.address === address)
          if (host)
            script.writeFile(roleEnvFile(config, role), envFileContent(envFor(config, role, host), ctx.secrets), '600')
        }
        for (const acc of targets.accessories)
          if (acc.hosts.includes(address))
            script.writeFile(accessoryEnvFile(config, acc), envFileContent(acc.env, ctx.secrets), '600')
        const result = await ctx.pool
          .get(address)
          .run(script.command, 'ensure Docker and push env files', { stdin: script.stdin })
        if (result.stdout.includes('DECKHAND_NO_DOCKER')) missing.push(address)
        else if (result.stderr.includes('deckhand: installing docker.io')) {
          ctx.report.dockerInstalled.push(address)
          ctx.reporter.info(`${address}: Docker was missing and has been installed`)
        }
      })
    }
  )
  if (missing.length > 0)
    throw new DockerMissingError(
      `Docker is not installed on ${missing.join(', ')} and can't be installed automatically: that needs root (ssh.user is ${config.ssh.user}) and apt-get. Install Docker on ${missing.length > 1 ? 'those hosts' : 'that host'} by hand: https://docs.docker.com/engine/install/`
    )
}

/** Boots one accessory on one host unless a container of it already exists (then it is left alone). */
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
      file.mode ?? '755'
    )
    if (file.owner) script.add(`chown ${word(file.owner)} ${word(accessoryFilePath(acc, file))}`)
  }
  script.add(
    `if [ -n "$(${accessoryExists(acc)})" ]; then echo DECKHAND_EXISTS; exit 0; fi`,
    auditLine(config, ctx.performer, `Booted ${acc.name} accessory`)
  )
  script.writeFile(accessoryEnvFile(config, acc), envFileContent(acc.env, ctx.secrets), '600')
  script.add(`${runAccessory(config, acc, host)} > /dev/null`)
  if (acc.proxy)
    addProxyDeploy(script, ctx, {
      proxy: acc.proxy,
      service: acc.service,
      container: acc.service,
      name: acc.name,
      what: `accessory ${acc.name}`,
      host
    })
  const result = await ctx.pool.get(host).run(script.command, `boot accessory ${acc.name}`, { stdin: script.stdin })
  return result.stdout.includes('DECKHAND_EXISTS') ? 'left running' : 'booted'
}

/** Reads an accessory's local file as it is uploaded (ERB files rendered for that accessory). */
export type ReadLocalFile = (path: string, accessory: Accessory) => Buffer

const fileKey = (acc: Accessory, local: string) => `${acc.name}\0${local}`

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

/** The part of setup that runs under the lock. */
export async function setupLocked(ctx: RunContext, readLocalFile: ReadLocalFile): Promise<void> {
  await prepareHosts(ctx)
  throwIfCancelled(ctx.signal)
  await bootProxies(ctx, proxyHosts(ctx, true))
  throwIfCancelled(ctx.signal)
  await bootAccessories(ctx, readLocalFile)
  throwIfCancelled(ctx.signal)
  await pullOnAppHosts(ctx)
  throwIfCancelled(ctx.signal)
  await bootApp(ctx)
  await finishDeploy(ctx)
}
