// Kamal's `remove` (lib/kamal/cli/main.rb): the app, kamal-proxy, every accessory and the registry
// login, under one lock; and what each destructive command would remove, host by host, for a run
// that was not confirmed (worked out from the config alone: no host is touched for it).
import { appsDir, rolePrefix } from '../commands/naming.js'
import { PROXY_APPS_CONFIG } from '../commands/proxy.js'
import type { DeployConfig } from '../config/types.js'
import { accessoryRemove } from './accessory.js'
import { appRemove, hostsRemovingAllRoles } from './app.js'
import { accessoriesNamed, proxyHostsOf, type RunContext, type Targets } from './context.js'
import { proxyRemove } from './proxy.js'
import { registryLogoutOnHosts } from './prune.js'

export async function removeAll(ctx: RunContext): Promise<void> {
  await appRemove(ctx)
  await proxyRemove(ctx, false)
  await accessoryRemove(ctx, ctx.targets.accessories)
  await registryLogoutOnHosts(ctx)
}

type Preview = { host: string; items: string[] }[]

function add(preview: Map<string, string[]>, host: string, ...items: string[]): void {
  preview.set(host, [...(preview.get(host) ?? []), ...items])
}

function appItems(config: DeployConfig, targets: Targets, preview: Map<string, string[]>): void {
  const whole = hostsRemovingAllRoles(config, targets)
  for (const host of targets.appHosts) {
    const roles = targets.roles.filter((r) => r.hosts.some((h) => h.address === host))
    add(
      preview,
      host,
      ...roles.map((r) => `stop and remove every container of role ${r.name} (${rolePrefix(config, r)}-*)`)
    )
    if (whole.includes(host))
      add(
        preview,
        host,
        `remove every image of the app (label service=${config.service}, ${config.image})`,
        `remove ${appsDir(config)} (env files)`,
        `remove ${PROXY_APPS_CONFIG}/${appsDir(config).slice('.kamal/apps/'.length)}`
      )
  }
}

function proxyItems(targets: Targets, preview: Map<string, string[]>, reboot: boolean): void {
  for (const host of proxyHostsOf(targets))
    add(
      preview,
      host,
      ...(reboot
        ? ['stop, remove and run again the kamal-proxy container (a brief outage on this host)']
        : [
            'stop and remove the kamal-proxy container and its image, and remove .kamal/proxy (not while another app is installed, unless --force)'
          ])
    )
}

function accessoryItems(accessories: Targets['accessories'], preview: Map<string, string[]>): void {
  for (const acc of accessories)
    for (const host of acc.hosts)
      add(
        preview,
        host,
        `stop and remove the container ${acc.service} of accessory ${acc.name}, its image ${acc.image}, and the directory ~/${acc.service}${acc.directories.length > 0 ? ` with its data (${acc.directories.map((d) => d.local).join(', ')})` : ''}`
      )
}

/** What `command` would remove or interrupt, host by host (in host order). */
export function removalPreview(config: DeployConfig, targets: Targets, command: string, accessory?: string): Preview {
  const preview = new Map<string, string[]>()
  if (command === 'remove' || command === 'app remove') appItems(config, targets, preview)
  if (command === 'remove' || command === 'proxy remove') proxyItems(targets, preview, false)
  if (command === 'proxy reboot') proxyItems(targets, preview, true)
  if (command === 'remove') accessoryItems(targets.accessories, preview)
  if (command === 'accessory remove') accessoryItems(accessoriesNamed(targets, accessory), preview)
  if (command === 'remove') for (const host of targets.hosts) add(preview, host, 'log out of the registry')
  return targets.hosts.filter((h) => preview.has(h)).map((host) => ({ host, items: preview.get(host) ?? [] }))
}
