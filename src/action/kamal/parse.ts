// A Kamal command line (without the leading `kamal`) read the way Kamal reads it: words split as
// Shellwords does (words.ts), the command's words first, then options in Thor's forms (`-n 5`,
// `-n5`, `--lines 5`, `--lines=5`, `--drain_timeout` = `--drain-timeout`, `--` ends options),
// parsed by Node's own `util.parseArgs` against the command's option table (grammar.ts). Aliases
// from the config expand first, as Kamal expands them before parsing (extra words are appended).
import { parseArgs } from 'node:util'
import {
  ACTION_WORDS,
  COMMAND_SPECS,
  GLOBAL_OPTIONS,
  NAMESPACES,
  REFUSED,
  type CommandSpec,
  type LineInput,
  type OptionSpec
} from './grammar.js'
import { CommandLineError, showWord, splitWords } from './words.js'

/** A command line, resolved: the handler to run, its arguments and options, and the inputs it sets. */
export interface ParsedLine {
  /** The action's handler name (`deploy`, `app logs`, `lock-status` ...). */
  command: string
  /** The command's Kamal words, e.g. `app logs` (empty for the action's own words). */
  kamal: string
  /** The whole line as it was run (after alias expansion), for messages and the summary. */
  text: string
  /** Positional arguments (an accessory NAME, a VERSION). */
  args: string[]
  /** The command's own options (those that are not action inputs), by long name. */
  options: Record<string, string | boolean>
  /** Values for action inputs (`-d staging` → destination). */
  inputs: Partial<Record<LineInput, string>>
  /** The alias the line came from. */
  alias?: string
  /** Kamal's `spec` of the command (undefined for the action's own words). */
  spec?: CommandSpec
}

/** What the aliases are looked up in: the config of this destination and config file. */
export type AliasLookup = (where: { destination?: string; configFile?: string }) => Record<string, string>

const MAX_ALIAS_DEPTH = 10

function findSpec(words: string[]): { spec?: CommandSpec; used: number; refused?: string; name: string } {
  const first = words[0] ?? ''
  if (NAMESPACES.includes(first)) {
    // Thor accepts `stale-containers` for `stale_containers`.
    const second = (words[1] ?? '').replace(/-/g, '_')
    const name = second ? `${first} ${second}` : first
    const refused = REFUSED[name] ?? REFUSED[first]
    const spec = COMMAND_SPECS.find((s) => s.words[0] === first && (s.words[1] ?? '') === second)
    return { spec, used: second ? 2 : 1, refused, name }
  }
  return {
    spec: COMMAND_SPECS.find((s) => s.words.length === 1 && s.words[0] === first),
    used: 1,
    refused: REFUSED[first],
    name: first
  }
}

/** `-d X`, `-dX`, `--destination X`, `--destination=X` (and the same for -c) before parsing: they choose the config whose aliases apply. */
export function peekConfigOptions(words: string[]): { destination?: string; configFile?: string } {
  const out: { destination?: string; configFile?: string } = {}
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string
    if (w === '--') break
    for (const [key, short, long] of [
      ['destination', '-d', '--destination'],
      ['configFile', '-c', '--config-file']
    ] as const) {
      if (w === short || w === long || (key === 'configFile' && w === '--config_file')) out[key] = words[++i]
      else if (w.startsWith(`${long}=`) || (key === 'configFile' && w.startsWith('--config_file=')))
        out[key] = w.slice(w.indexOf('=') + 1)
      else if (w.startsWith(short) && !w.startsWith('--') && w.length > 2 && short === w.slice(0, 2))
        out[key] = w.slice(2)
    }
  }
  return out
}

/**
 * Reads a `command` input: the action's own words (`deploy`, `lock-status`, `plan [LINE]` ...) or a
 * Kamal command line (`app logs -r web -n 200`), aliases expanded with `aliases(...)`.
 */
export function parseCommandLine(line: string, aliases?: AliasLookup): ParsedLine {
  const words = splitWords(line)
  if (words.length === 0) return { command: 'deploy', kamal: '', text: 'deploy', args: [], options: {}, inputs: {} }
  return resolve(words, aliases, 0, undefined)
}

function resolve(
  words: string[],
  aliases: AliasLookup | undefined,
  depth: number,
  alias: string | undefined
): ParsedLine {
  const first = words[0] as string
  if (first.startsWith('-'))
    throw new CommandLineError(
      `The command comes first, then its options, as with kamal: \`app logs -d staging\`, not \`-d staging app logs\` (got \`${words.map(showWord).join(' ')}\`)`
    )
  if (first === 'plan') return planLine(words, aliases)
  const own = ACTION_WORDS[first]
  // The action's own words that are no Kamal command (`lock-status`, `exec` ...) take the global options.
  if (own && !COMMAND_SPECS.some((s) => s.words.length === 1 && s.words[0] === first))
    return parseOptions(words, 1, { command: own, kamal: '', args: 'none', options: {} }, alias)
  const found = findSpec(words)
  if (found.spec) return parseOptions(words, found.used, found.spec, alias)
  if (found.refused)
    throw new CommandLineError(`\`kamal ${found.name}\` is not supported by this action: ${found.refused}`)
  const expansion = aliases?.(peekConfigOptions(words.slice(1)))[first]
  if (expansion !== undefined) {
    if (depth >= MAX_ALIAS_DEPTH)
      throw new CommandLineError(
        `Alias \`${first}\` expands into itself (alias of an alias, ${MAX_ALIAS_DEPTH} levels deep)`
      )
    const expanded = [...splitWords(expansion), ...words.slice(1)]
    if (expanded.length === 0) throw new CommandLineError(`Alias \`${first}\` is empty`)
    return resolve(expanded, aliases, depth + 1, alias ?? first)
  }
  if (NAMESPACES.includes(first) && found.used === 2)
    throw new CommandLineError(
      `Unknown command \`kamal ${found.name}\`. Supported \`${first}\` commands: ${COMMAND_SPECS.filter(
        (s) => s.words[0] === first
      )
        .map((s) => s.words[1])
        .join(', ')}`
    )
  if (NAMESPACES.includes(first)) throw new CommandLineError(`\`kamal ${first}\` needs a command: see \`help\``)
  throw new CommandLineError(
    `Unknown command \`${first}\`: not a Kamal command this action runs${aliases ? ', nor an alias of the config' : ''} (\`help\` lists what is supported)`
  )
}

/** `plan` alone plans a deploy (or the `plan-for` input); `plan LINE` plans that command line. */
function planLine(words: string[], aliases: AliasLookup | undefined): ParsedLine {
  const rest = words.slice(1)
  if (rest.length === 0 || rest[0]?.startsWith('-'))
    return parseOptions(words, 1, { command: 'plan', kamal: '', args: 'none', options: {} }, undefined)
  // Checked here, so that a mistake in it is reported as one of this line; the plan parses it again.
  const target = resolve(rest, aliases, 0, undefined)
  if (target.command === 'plan' || target.command === 'help')
    throw new CommandLineError(`\`plan ${target.text}\`: plan shows the commands of another command`)
  const text = rest.map(showWord).join(' ')
  return { command: 'plan', kamal: '', text: `plan ${text}`, args: [], options: {}, inputs: { 'plan-for': text } }
}

type Target = Pick<CommandSpec, 'command' | 'args' | 'options'> & { kamal?: string; words?: string[] }

const isSpec = (t: Target): t is CommandSpec => Array.isArray(t.words)

/** Thor's `--drain_timeout` is `--drain-timeout`. */
function dasherize(word: string): string {
  if (!word.startsWith('--')) return word
  const eq = word.indexOf('=')
  return eq === -1 ? word.replace(/_/g, '-') : word.slice(0, eq).replace(/_/g, '-') + word.slice(eq)
}

function parseOptions(words: string[], used: number, target: Target, alias: string | undefined): ParsedLine {
  const kamal = isSpec(target) ? target.words.join(' ') : (target.kamal ?? '')
  const name = kamal || target.command
  const table: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...target.options }
  const args = words.slice(used).map(dasherize)
  const shorts = new Map(Object.entries(table).flatMap(([long, o]) => (o.short ? [[o.short, long] as const] : [])))
  const { tokens } = parseArgs({
    args,
    options: Object.fromEntries(
      Object.entries(table).map(([long, o]) => [long, { type: o.type, ...(o.short ? { short: o.short } : {}) }])
    ),
    strict: false,
    allowPositionals: true,
    tokens: true
  })
  const passThrough = target.args === 'command'
  const positionals: string[] = []
  const values: Record<string, string | boolean> = {}
  // An argument the command runs (app exec) is kept whole when any part of it is not an option of ours.
  const unknownArgs = new Set(
    tokens.flatMap((t) => (t.kind === 'option' && !(t.name in table) && !shorts.has(t.name) ? [t.index] : []))
  )
  const seen = new Set<number>()
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue
    if (t.kind === 'positional' || (passThrough && unknownArgs.has(t.index))) {
      if (seen.has(t.index)) continue
      seen.add(t.index)
      positionals.push(args[t.index] as string)
      continue
    }
    const spec = table[t.name]
    if (!spec)
      throw new CommandLineError(`Unknown option '${t.rawName}' for \`${name}\`${suggestion(t.rawName, table)}`)
    if (spec.refused)
      throw new CommandLineError(
        `Option '${t.rawName}' of \`${name}\` is not supported by this action: ${spec.refused}`
      )
    if (spec.type === 'boolean') {
      if (t.value !== undefined)
        throw new CommandLineError(`Option '${t.rawName}' of \`${name}\` takes no value (got '${t.value}')`)
      values[t.name] = true
    } else {
      if (t.value === undefined)
        throw new CommandLineError(`No value provided for option '${t.rawName}' of \`${name}\``)
      if (spec.integer && !/^\d+$/.test(t.value))
        throw new CommandLineError(`Expected a whole number for '${t.rawName}' of \`${name}\`; got "${t.value}"`)
      values[t.name] = t.value
    }
  }
  const parsed: ParsedLine = {
    command: values['help'] ? 'help' : target.command,
    kamal,
    text: [...words.slice(0, used), ...args].map(showWord).join(' '),
    args: [],
    options: {},
    inputs: {},
    ...(alias ? { alias } : {}),
    ...(isSpec(target) ? { spec: target } : {})
  }
  for (const [long, value] of Object.entries(values)) {
    if (long === 'help') continue
    const spec = table[long] as OptionSpec
    if (spec.noEffect) continue
    if (spec.input) parsed.inputs[spec.input] = value === true ? 'true' : String(value)
    else parsed.options[long] = value
  }
  if (parsed.command === 'help') return parsed
  takePositionals(parsed, target, positionals, name)
  return parsed
}

function takePositionals(parsed: ParsedLine, target: Target, positionals: string[], name: string): void {
  const extra = (from: number) => {
    if (positionals.length > from)
      throw new CommandLineError(
        `\`${name}\` was called with unexpected arguments: ${positionals.slice(from).map(showWord).join(' ')}`
      )
  }
  switch (target.args) {
    case 'none':
      return extra(0)
    case 'accessory':
      if (positionals.length === 0) throw new CommandLineError(`\`${name}\` needs the accessory's NAME (or all)`)
      parsed.args = [positionals[0] as string]
      return extra(1)
    case 'version':
    case 'optional-version':
      if (positionals.length === 0) {
        if (target.args === 'version') throw new CommandLineError(`\`${name}\` needs a VERSION`)
        return
      }
      parsed.inputs.version = positionals[0]
      return extra(1)
    case 'command':
      if (positionals.length === 0) throw new CommandLineError(`\`${name}\` needs a command to run`)
      // Kamal::Utils.join_commands: the words, stripped, joined by spaces (the remote shell splits them again).
      parsed.inputs.exec = positionals.map((p) => p.trim()).join(' ')
      return
  }
}

function suggestion(raw: string, table: Record<string, OptionSpec>): string {
  const name = raw.replace(/^-+/, '')
  const close = Object.keys(table).filter((k) => !table[k]?.refused && (k.startsWith(name) || name.startsWith(k)))
  return close.length > 0 ? ` (did you mean ${close.map((k) => `--${k}`).join(' or ')}?)` : ''
}
