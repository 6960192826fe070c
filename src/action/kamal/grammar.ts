// Kamal's command-line grammar as far as this action runs it (lib/kamal/cli/*.rb, Thor): the
// global options every command takes, each supported command with its own options, what it maps
// to (a handler of the action, and action inputs), and the Kamal commands the action refuses, with
// why. Pure data: parse.ts reads a line against it, help and the README table are made from it.

/** The action's inputs a command line can set (the same names as in action.yml). */
export type LineInput =
  | 'destination'
  | 'roles'
  | 'hosts'
  | 'primary'
  | 'version'
  | 'skip-hooks'
  | 'config-file'
  | 'confirm'
  | 'lock-message'
  | 'exec'
  | 'lock-wait'
  | 'lock-wait-timeout'
  | 'lock-wait-interval'
  | 'reuse'
  | 'plan-for'

export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  /** A whole number (Thor's `type: :numeric`, which Kamal only uses for counts and seconds). */
  integer?: boolean
  /** The action input this option sets; the option and the input must agree when both are given. */
  input?: LineInput
  /** Kamal has it, the action does not run it: giving it is an error with this reason. */
  refused?: string
  /** Accepted and without effect here (with why, for help). */
  noEffect?: string
  help: string
}

/** Which hosts a command works on (its connections are opened while the action loads). */
export type Scope = 'all' | 'app' | 'proxy' | 'accessory' | 'primary' | 'none'

export interface CommandSpec {
  /** Kamal's words, e.g. `['app', 'logs']`. */
  words: string[]
  /** The action's handler (a `command` value of its own). */
  command: string
  /** Positional arguments: none, an accessory NAME (or `all`), a VERSION, or the rest of the line (a command to run). */
  args: 'none' | 'accessory' | 'version' | 'optional-version' | 'command'
  options: Record<string, OptionSpec>
  scope: Scope
  /** Takes the deploy lock, as Kamal does (`modify(lock: true)`). */
  locks: boolean | 'with --stop'
  /** Removes or interrupts something: needs `confirm: true` (or `-y`). */
  destructive?: string
  /** Needs the secrets (registry login, env files). */
  secrets?: boolean
  help: string
}

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  destination: {
    type: 'string',
    short: 'd',
    input: 'destination',
    help: 'destination (config/deploy.<destination>.yml)'
  },
  roles: { type: 'string', short: 'r', input: 'roles', help: 'only these roles (comma list, * wildcards)' },
  hosts: { type: 'string', short: 'h', input: 'hosts', help: 'only these hosts (comma list, * wildcards)' },
  primary: { type: 'boolean', short: 'p', input: 'primary', help: 'only the primary host' },
  version: { type: 'string', input: 'version', help: 'the app version to work with' },
  'skip-hooks': { type: 'boolean', short: 'H', input: 'skip-hooks', help: "don't run hooks" },
  'config-file': { type: 'string', short: 'c', input: 'config-file', help: 'the config file' },
  verbose: {
    type: 'boolean',
    short: 'v',
    noEffect: 'the log always shows every host’s output',
    help: 'detailed logging'
  },
  quiet: { type: 'boolean', short: 'q', noEffect: 'the log groups are collapsed anyway', help: 'minimal logging' },
  'lock-wait': {
    type: 'boolean',
    input: 'lock-wait',
    help: 'wait for an automatic deploy lock held by another deploy'
  },
  'lock-wait-timeout': {
    type: 'string',
    integer: true,
    input: 'lock-wait-timeout',
    help: 'seconds to wait for the lock (default 900)'
  },
  'lock-wait-interval': {
    type: 'string',
    integer: true,
    input: 'lock-wait-interval',
    help: 'seconds between lock polls (default 15)'
  },
  help: { type: 'boolean', help: 'show what is supported' }
}

const CONFIRMED: Record<string, OptionSpec> = {
  confirmed: {
    type: 'boolean',
    short: 'y',
    input: 'confirm',
    help: 'proceed without confirmation (as input confirm: true)'
  }
}

const LOG_OPTIONS: Record<string, OptionSpec> = {
  since: { type: 'string', short: 's', help: 'lines since a timestamp or a duration (42m)' },
  lines: { type: 'string', short: 'n', integer: true, help: 'number of lines per host (default 100)' },
  grep: { type: 'string', short: 'g', help: 'only lines matching' },
  'grep-options': { type: 'string', help: 'options for grep (split into words, each quoted)' },
  'skip-timestamps': { type: 'boolean', short: 'T', help: 'without timestamps' },
  follow: {
    type: 'boolean',
    short: 'f',
    refused: 'a workflow step cannot follow a log: use -n/--lines or --since',
    help: 'follow the log'
  }
}

const BUILD = {
  'skip-push': {
    type: 'boolean',
    short: 'P',
    noEffect: 'the action builds first only with the input build: true',
    help: 'skip the build'
  },
  'no-cache': {
    type: 'boolean',
    refused: 'building without the cache is not supported yet',
    help: 'build without cache'
  }
} satisfies Record<string, OptionSpec>

const spec = (words: string, s: Omit<CommandSpec, 'words' | 'options'> & { options?: Record<string, OptionSpec> }) => ({
  words: words.split(' '),
  options: {},
  ...s
})

/** Every Kamal command the action runs. */
export const COMMAND_SPECS: CommandSpec[] = [
  spec('setup', {
    command: 'setup',
    args: 'none',
    options: BUILD,
    scope: 'all',
    locks: true,
    secrets: true,
    help: 'Docker, kamal-proxy, accessories, then a deploy'
  }),
  spec('deploy', {
    command: 'deploy',
    args: 'none',
    options: BUILD,
    scope: 'app',
    locks: true,
    secrets: true,
    help: 'pull, boot behind kamal-proxy, prune'
  }),
  spec('redeploy', {
    command: 'redeploy',
    args: 'none',
    options: BUILD,
    scope: 'app',
    locks: true,
    secrets: true,
    help: 'deploy without proxy boot and prune'
  }),
  spec('rollback', {
    command: 'rollback',
    args: 'optional-version',
    scope: 'app',
    locks: true,
    secrets: true,
    help: 'boot VERSION from its container’s image'
  }),
  spec('details', {
    command: 'details',
    args: 'none',
    scope: 'all',
    locks: false,
    help: 'proxy, app and accessory containers'
  }),
  spec('audit', {
    command: 'audit',
    args: 'none',
    scope: 'all',
    locks: false,
    help: 'the last 50 lines of the audit log'
  }),
  spec('remove', {
    command: 'remove',
    args: 'none',
    options: CONFIRMED,
    scope: 'all',
    locks: true,
    destructive: 'app, kamal-proxy and accessories',
    help: 'app, kamal-proxy, accessories and registry login'
  }),
  spec('app boot', {
    command: 'app boot',
    args: 'none',
    scope: 'app',
    locks: true,
    secrets: true,
    help: 'boot --version (default latest)'
  }),
  spec('app start', {
    command: 'app start',
    args: 'none',
    scope: 'app',
    locks: true,
    help: 'start the stopped container again'
  }),
  spec('app stop', {
    command: 'app stop',
    args: 'none',
    scope: 'app',
    locks: true,
    help: 'stop the running container'
  }),
  spec('app details', {
    command: 'app details',
    args: 'none',
    scope: 'app',
    locks: false,
    help: 'running app containers'
  }),
  spec('app containers', {
    command: 'app containers',
    args: 'none',
    scope: 'app',
    locks: false,
    help: 'all app containers'
  }),
  spec('app images', { command: 'app images', args: 'none', scope: 'app', locks: false, help: 'the app’s images' }),
  spec('app logs', {
    command: 'app logs',
    args: 'none',
    options: {
      ...LOG_OPTIONS,
      'container-id': { type: 'string', help: 'this container’s log instead of the running one’s' }
    },
    scope: 'app',
    locks: false,
    help: 'the running container’s log lines'
  }),
  spec('app version', {
    command: 'app version',
    args: 'none',
    scope: 'app',
    locks: false,
    help: 'the running version per host'
  }),
  spec('app stale_containers', {
    command: 'app stale_containers',
    args: 'none',
    options: { stop: { type: 'boolean', short: 's', help: 'stop them' } },
    scope: 'app',
    locks: 'with --stop',
    help: 'running containers of other versions'
  }),
  spec('app maintenance', {
    command: 'app maintenance',
    args: 'none',
    options: {
      'drain-timeout': {
        type: 'string',
        integer: true,
        help: 'seconds for in-flight requests (default drain_timeout)'
      },
      message: { type: 'string', help: 'message for the 503 page' }
    },
    scope: 'proxy',
    locks: true,
    help: 'kamal-proxy answers 503'
  }),
  spec('app live', {
    command: 'app live',
    args: 'none',
    scope: 'proxy',
    locks: true,
    help: 'kamal-proxy serves the app again'
  }),
  spec('app remove', {
    command: 'app remove',
    args: 'none',
    options: CONFIRMED,
    scope: 'app',
    locks: true,
    destructive: 'the app’s containers, images and directories',
    help: 'stop, then remove containers, images, directories'
  }),
  spec('app exec', {
    command: 'exec',
    args: 'command',
    options: {
      reuse: { type: 'boolean', input: 'reuse', help: 'in the running container' },
      interactive: {
        type: 'boolean',
        short: 'i',
        refused: 'a workflow step has no terminal: run the command without -i',
        help: 'interactive'
      },
      env: {
        type: 'string',
        short: 'e',
        refused: 'not supported yet: set the variables in the config’s env',
        help: 'environment'
      },
      detach: { type: 'boolean', refused: 'not supported yet', help: 'detached container' },
      raw: { type: 'boolean', refused: 'not supported yet', help: 'raw output' }
    },
    scope: 'app',
    locks: false,
    secrets: true,
    help: 'run CMD in a new (or, --reuse, the running) app container'
  }),
  ...['boot', 'reboot', 'start', 'stop', 'restart', 'details', 'remove'].map((w) =>
    spec(`accessory ${w}`, {
      command: `accessory ${w}`,
      args: 'accessory',
      options: w === 'remove' ? CONFIRMED : {},
      scope: 'accessory',
      locks: w !== 'details',
      secrets: w === 'boot' || w === 'reboot',
      destructive: w === 'remove' ? 'the accessory’s container, image and data directory' : undefined,
      help: {
        boot: 'boot NAME (or all) where it has no container',
        reboot: 'pull, stop, remove and boot again (data directories kept, files uploaded again)',
        start: 'start the container',
        stop: 'stop the container',
        restart: 'stop, then start',
        details: 'its container',
        remove: 'container, image and data directory'
      }[w] as string
    })
  ),
  spec('accessory logs', {
    command: 'accessory logs',
    args: 'accessory',
    options: LOG_OPTIONS,
    scope: 'accessory',
    locks: false,
    help: 'its log lines'
  }),
  spec('proxy boot', {
    command: 'proxy boot',
    args: 'none',
    scope: 'proxy',
    locks: true,
    secrets: true,
    help: 'start kamal-proxy where it does not run'
  }),
  spec('proxy reboot', {
    command: 'proxy reboot',
    args: 'none',
    options: { ...CONFIRMED, rolling: { type: 'boolean', help: 'one host at a time' } },
    scope: 'proxy',
    locks: true,
    secrets: true,
    destructive: 'the kamal-proxy container (a brief outage on each host)',
    help: 'stop, remove and run kamal-proxy again'
  }),
  spec('proxy start', {
    command: 'proxy start',
    args: 'none',
    scope: 'proxy',
    locks: true,
    help: 'start the container'
  }),
  spec('proxy stop', { command: 'proxy stop', args: 'none', scope: 'proxy', locks: true, help: 'stop the container' }),
  spec('proxy restart', {
    command: 'proxy restart',
    args: 'none',
    scope: 'proxy',
    locks: true,
    help: 'stop, then start'
  }),
  spec('proxy details', {
    command: 'proxy details',
    args: 'none',
    scope: 'proxy',
    locks: false,
    help: 'its container'
  }),
  spec('proxy logs', {
    command: 'proxy logs',
    args: 'none',
    options: LOG_OPTIONS,
    scope: 'proxy',
    locks: false,
    help: 'its log lines'
  }),
  spec('proxy remove', {
    command: 'proxy remove',
    args: 'none',
    options: { ...CONFIRMED, force: { type: 'boolean', help: 'even when other apps are installed' } },
    scope: 'proxy',
    locks: true,
    destructive: 'the kamal-proxy container, image and .kamal/proxy',
    help: 'container, image and directory (refused while other apps are installed)'
  }),
  spec('prune all', {
    command: 'prune all',
    args: 'none',
    scope: 'all',
    locks: true,
    help: 'prune containers, then images'
  }),
  spec('prune images', {
    command: 'prune images',
    args: 'none',
    scope: 'all',
    locks: true,
    help: 'images no container uses (keeping latest)'
  }),
  spec('prune containers', {
    command: 'prune containers',
    args: 'none',
    options: { retain: { type: 'string', integer: true, help: 'containers to keep (default retain_containers)' } },
    scope: 'all',
    locks: true,
    help: 'stopped containers beyond retain_containers'
  }),
  spec('server bootstrap', {
    command: 'server bootstrap',
    args: 'none',
    scope: 'all',
    locks: true,
    help: 'install Docker where it is missing'
  }),
  spec('lock status', {
    command: 'lock-status',
    args: 'none',
    scope: 'primary',
    locks: false,
    help: 'the lock’s holder'
  }),
  spec('lock acquire', {
    command: 'lock-acquire',
    args: 'none',
    options: { message: { type: 'string', short: 'm', input: 'lock-message', help: 'the lock message' } },
    scope: 'primary',
    locks: false,
    help: 'take a manual lock'
  }),
  spec('lock release', {
    command: 'lock-release',
    args: 'none',
    scope: 'primary',
    locks: false,
    help: 'remove the lock'
  }),
  spec('build', {
    command: 'build',
    args: 'none',
    scope: 'none',
    locks: false,
    secrets: true,
    help: 'build and push the image on the runner (as build push)'
  }),
  spec('build push', {
    command: 'build',
    args: 'none',
    scope: 'none',
    locks: false,
    secrets: true,
    help: 'build the image on the runner and push it, with the builder of the config'
  }),
  spec('help', { command: 'help', args: 'none', scope: 'none', locks: false, help: 'what is supported' })
]

/** Kamal commands (first words, or first two) the action does not run, and why. */
export const REFUSED: Record<string, string> = {
  init: 'it writes a config stub into a checkout; run `kamal init` on your machine and commit the files',
  upgrade: 'it migrates Kamal 1 hosts (Traefik) to Kamal 2; run it once with the kamal CLI',
  docs: 'it prints Kamal’s configuration docs: read them at kamal-deploy.org',
  config: 'it prints the merged config including secrets; `command: plan` checks a config without printing secrets',
  version: 'it prints the kamal gem’s version; this action is not the gem',
  'build deliver': 'use `build push`, then `deploy` (every host pulls the version it deploys)',
  'build pull': '`deploy` pulls the version on every host',
  'build create': 'the builder is made by `build push` when it needs one',
  'build remove': 'the builder is made by `build push` when it needs one; remove it with docker buildx rm',
  'build details': 'the build’s log group and the job summary show the builder and platforms',
  'build dev': 'it builds a local development image: run it with the kamal CLI on your machine',
  secrets: 'the secrets helpers run password managers’ CLIs on the runner: give secrets through the step’s env',
  registry: 'the action logs in on the hosts only when a pull needs it, with the password on stdin',
  'server exec': 'not supported yet: use `app exec` to run a command in the app’s image',
  'accessory exec': 'not supported yet',
  'accessory upload': 'files are uploaded by `accessory boot` and `accessory reboot`',
  'accessory directories': 'directories are made by `accessory boot` and `accessory reboot`',
  'accessory pull_image': '`accessory reboot` pulls the image',
  'accessory remove_container': 'internal Kamal step: use `accessory remove`',
  'accessory remove_image': 'internal Kamal step: use `accessory remove`',
  'accessory remove_service_directory': 'internal Kamal step: use `accessory remove`',
  'accessory upgrade': 'it migrates Kamal 1 accessories; run it once with the kamal CLI',
  'proxy boot_config': 'deprecated in Kamal 2.10: set proxy.run in the config instead',
  'proxy upgrade': 'it migrates Kamal 1 hosts (Traefik); run it once with the kamal CLI',
  'proxy remove_container': 'internal Kamal step: use `proxy remove`',
  'proxy remove_image': 'internal Kamal step: use `proxy remove`',
  'proxy remove_proxy_directory': 'internal Kamal step: use `proxy remove`',
  'app remove_container': 'internal Kamal step: use `app remove`',
  'app remove_containers': 'internal Kamal step: use `app remove`',
  'app remove_images': 'internal Kamal step: use `app remove`',
  'app remove_app_directories': 'internal Kamal step: use `app remove`'
}

/** First words that take a second (Thor subcommands). */
export const NAMESPACES = ['app', 'accessory', 'proxy', 'prune', 'server', 'lock', 'build', 'secrets', 'registry']

/** The action's own command words, which keep working as they are (`plan` takes a line after it). */
export const ACTION_WORDS: Record<string, string> = {
  setup: 'setup',
  deploy: 'deploy',
  plan: 'plan',
  'lock-status': 'lock-status',
  'lock-acquire': 'lock-acquire',
  'lock-release': 'lock-release',
  redeploy: 'redeploy',
  rollback: 'rollback',
  exec: 'exec'
}

/** Every handler name: the action's own words and the console commands. */
export const HANDLER_NAMES: readonly string[] = [
  ...new Set([...Object.values(ACTION_WORDS), ...COMMAND_SPECS.map((s) => s.command)])
]

/** The help text: what is supported, and what is refused and why. */
export function helpText(): string {
  const width = Math.max(...COMMAND_SPECS.map((s) => s.words.join(' ').length)) + 2
  const lines = ['Kamal commands this action runs (`command: "<kamal line without kamal>"`):', '']
  for (const s of COMMAND_SPECS) {
    const opts = Object.entries(s.options)
      .filter(([, o]) => !o.refused)
      .map(([name, o]) => (o.short ? `-${o.short}/--${name}` : `--${name}`))
    const arg = {
      none: '',
      accessory: ' NAME|all',
      version: ' VERSION',
      'optional-version': ' [VERSION]',
      command: ' CMD'
    }[s.args]
    lines.push(
      `  ${(s.words.join(' ') + arg).padEnd(width + 9)} ${s.help}${opts.length ? ` [${opts.join(' ')}]` : ''}${s.locks ? ' (locks)' : ''}${s.destructive ? ' (needs confirm: true or -y)' : ''}`
    )
  }
  lines.push(
    '',
    'Global options: -d/--destination -r/--roles -h/--hosts -p/--primary --version -H/--skip-hooks -c/--config-file (-v and -q are accepted)',
    'The action’s own words still work: setup, deploy, plan [LINE], lock-status, lock-acquire, lock-release, redeploy, rollback, exec.',
    '',
    'Refused:'
  )
  for (const [words, why] of Object.entries(REFUSED)) lines.push(`  ${words}: ${why}`)
  return lines.join('\n')
}
