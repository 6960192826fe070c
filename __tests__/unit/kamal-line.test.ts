// `command` as a Kamal command line: words split as Ruby's Shellwords.split (Kamal's alias
// expansion), Kamal's commands and Thor's option forms, aliases from the config (with the config
// chosen by the line's own -d), the line's options as action inputs and their conflicts.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { handlerFor, HANDLERS } from '../../src/action/commands.js'
import { applyLineInputs, LINE_INPUT_DEFAULTS, readInputs } from '../../src/action/inputs.js'
import { COMMAND_SPECS, HANDLER_NAMES, helpText, REFUSED } from '../../src/action/kamal/grammar.js'
import { parseCommandLine, peekConfigOptions } from '../../src/action/kamal/parse.js'
import { splitWords } from '../../src/action/kamal/words.js'
import { ROOT } from '../e2e/harness.js'

const line = (text: string, aliases?: Record<string, string>) =>
  parseCommandLine(text, aliases ? () => aliases : undefined)
const brief = (text: string, aliases?: Record<string, string>) => {
  const p = line(text, aliases)
  return { command: p.command, args: p.args, options: p.options, inputs: p.inputs }
}

test('words: Ruby’s Shellwords.split, quote for quote (no expansion, no operators)', () => {
  assert.deepEqual(splitWords(String.raw`a\ b "c\"d" 'e\f' "g\h" "a\\b\\c" $HOME`), [
    'a b',
    'c"d',
    'e\\f',
    'g\\h',
    'a\\b\\c',
    '$HOME'
  ])
  assert.deepEqual(splitWords(`app exec "bin/rails runner 'puts 1'"`), ['app', 'exec', "bin/rails runner 'puts 1'"])
  assert.deepEqual(splitWords(`--message="hi there" -- -n`), ['--message=hi there', '--', '-n'])
  assert.deepEqual(splitWords('ls | wc; x>y a#b'), ['ls', '|', 'wc;', 'x>y', 'a#b'])
  assert.deepEqual(splitWords(`a '' b 'x'"y"z`), ['a', '', 'b', 'xyz'])
  assert.deepEqual(splitWords('  \n '), [])
  assert.throws(() => splitWords('app logs -g "unclosed'), /Unmatched quote at 12: "unclosed/)
})

test('Kamal’s commands with Thor’s option forms: short, long, --opt=value, --opt value, -n5, --x_y', () => {
  assert.deepEqual(brief('app logs -r web -n 200'), {
    command: 'app logs',
    args: [],
    options: { lines: '200' },
    inputs: { roles: 'web' }
  })
  assert.deepEqual(brief('app logs --roles=web --lines 200 -g "GET /up" --since=5m -T').options, {
    lines: '200',
    grep: 'GET /up',
    since: '5m',
    'skip-timestamps': true
  })
  assert.deepEqual(brief('app logs -n5').options, { lines: '5' })
  assert.deepEqual(brief('app maintenance --drain_timeout 5 --message "back soon"').options, {
    'drain-timeout': '5',
    message: 'back soon'
  })
  assert.deepEqual(brief('app stale-containers -s'), {
    command: 'app stale_containers',
    args: [],
    options: { stop: true },
    inputs: {}
  })
  assert.deepEqual(brief('accessory reboot db -d staging -h 10.0.0.1,10.0.0.2'), {
    command: 'accessory reboot',
    args: ['db'],
    options: {},
    inputs: { destination: 'staging', hosts: '10.0.0.1,10.0.0.2' }
  })
  assert.deepEqual(brief('proxy reboot --rolling -y -H -p'), {
    command: 'proxy reboot',
    args: [],
    options: { rolling: true },
    inputs: { confirm: 'true', 'skip-hooks': 'true', primary: 'true' }
  })
  assert.deepEqual(brief('prune containers --retain 3').options, { retain: '3' })
  // -v and -q are Kamal's and change nothing here; -P (skip the build) neither: the action never builds.
  assert.deepEqual(brief('deploy -P -v -q --version v3'), {
    command: 'deploy',
    args: [],
    options: {},
    inputs: { version: 'v3' }
  })
})

test('the commands of issue #12 map onto its commands and inputs: rollback, app exec, redeploy, -H', () => {
  assert.deepEqual(brief('rollback v2'), { command: 'rollback', args: [], options: {}, inputs: { version: 'v2' } })
  assert.deepEqual(brief('redeploy -H'), {
    command: 'redeploy',
    args: [],
    options: {},
    inputs: { 'skip-hooks': 'true' }
  })
  assert.deepEqual(brief(`app exec -p --reuse "bin/rails runner 'puts 1'"`), {
    command: 'exec',
    args: [],
    options: {},
    inputs: { primary: 'true', reuse: 'true', exec: "bin/rails runner 'puts 1'" }
  })
  // Thor keeps the words it does not know as the command's (Kamal::Utils.join_commands joins them).
  assert.equal(line('app exec ls -la -r web').inputs.exec, 'ls -la')
  assert.equal(line('app exec ls -la -r web').inputs.roles, 'web')
  // `--` ends our options: the rest is the command, whatever it looks like.
  assert.equal(line('app exec -- ls -p').inputs.exec, 'ls -p')
  assert.equal(line('app exec -- ls -p').inputs.primary, undefined)
  // Each has its handler; a name no grammar knows is a clear error.
  for (const c of ['rollback', 'redeploy', 'exec']) assert.equal(typeof handlerFor(c), 'function')
  assert.throws(() => handlerFor('app frobnicate'), /command app frobnicate: not built yet/)
})

test('the action’s own words keep working as they are; `plan LINE` plans a command line', () => {
  for (const word of ['setup', 'deploy', 'plan', 'lock-status', 'lock-acquire', 'lock-release'])
    assert.equal(line(word).command, word)
  assert.equal(line('').command, 'deploy')
  assert.deepEqual(brief('lock-status -d staging').inputs, { destination: 'staging' })
  assert.deepEqual(brief('lock acquire -m "db work"'), {
    command: 'lock-acquire',
    args: [],
    options: {},
    inputs: { 'lock-message': 'db work' }
  })
  assert.equal(line('lock status').command, 'lock-status')
  assert.equal(line('lock release').command, 'lock-release')
  assert.deepEqual(brief('plan accessory reboot db'), {
    command: 'plan',
    args: [],
    options: {},
    inputs: { 'plan-for': 'accessory reboot db' }
  })
  assert.throws(() => line('plan app logs --bogus'), /Unknown option '--bogus' for `app logs`/)
})

test('mistakes are errors that say what is wrong: unknown options and commands, values, arguments', () => {
  assert.throws(() => line('app logs --bogus'), /^CommandLineError: Unknown option '--bogus' for `app logs`$/)
  assert.throws(() => line('app logs --line 5'), /Unknown option '--line' for `app logs` \(did you mean --lines\?\)/)
  assert.throws(() => line('details -x'), /Unknown option '-x' for `details`/)
  assert.throws(() => line('app logs -n five'), /Expected a whole number for '-n' of `app logs`; got "five"/)
  assert.throws(() => line('app logs -n'), /No value provided for option '-n' of `app logs`/)
  assert.throws(() => line('proxy reboot --rolling=yes'), /Option '--rolling' of `proxy reboot` takes no value/)
  assert.throws(() => line('details extra'), /`details` was called with unexpected arguments: extra/)
  assert.throws(() => line('accessory boot'), /`accessory boot` needs the accessory's NAME \(or all\)/)
  assert.throws(() => line('app frob'), /Unknown command `kamal app frob`. Supported `app` commands: boot, start, stop/)
  assert.throws(() => line('frobnicate'), /Unknown command `frobnicate`: not a Kamal command this action runs/)
  assert.throws(() => line('-d staging deploy'), /The command comes first/)
})

test('Kamal commands the action does not run are refused, naming them and why', () => {
  assert.throws(
    () => line('app exec -i bash'),
    /Option '-i' of `app exec` is not supported by this action: a workflow step has no terminal/
  )
  assert.throws(
    () => line('app logs -f'),
    /Option '-f' of `app logs` is not supported by this action: a workflow step cannot follow a log/
  )
  // `build push` (and the bare `build`) are the action's build on the runner; the rest of `build` is refused.
  assert.equal(line('build push').command, 'build')
  assert.equal(line('build').command, 'build')
  assert.throws(() => line('build dev'), /`kamal build dev` is not supported/)
  assert.throws(() => line('build pull'), /`kamal build pull` is not supported by this action: `deploy` pulls/)
  assert.throws(() => line('secrets fetch --adapter 1password'), /`kamal secrets fetch` is not supported/)
  for (const word of ['init', 'upgrade', 'docs', 'config', 'version'])
    assert.throws(() => line(word), new RegExp(`\`kamal ${word}\` is not supported by this action: `))
  // Kamal 2.12's lock wait is the inputs of the same names.
  assert.deepEqual(brief('deploy --lock-wait --lock-wait-timeout 60').inputs, {
    'lock-wait': 'true',
    'lock-wait-timeout': '60'
  })
  // `help` (or --help on any command) lists what is supported and what is refused.
  assert.equal(line('help').command, 'help')
  assert.equal(line('app logs --help').command, 'help')
  const help = helpText()
  for (const s of COMMAND_SPECS) assert.ok(help.includes(`  ${s.words.join(' ')}`), s.words.join(' '))
  for (const refused of Object.keys(REFUSED)) assert.ok(help.includes(`  ${refused}: `), refused)
})

test('aliases expand first, extra words appended; the line’s own -d chooses the config they come from', () => {
  const seen: { destination?: string; configFile?: string }[] = []
  const lookup = (where: { destination?: string; configFile?: string }): Record<string, string> => {
    seen.push(where)
    return where.destination === 'staging'
      ? { tail5: 'app logs -n 5 -d staging' }
      : { tail5: 'app logs -n 5', db: 'accessory reboot' }
  }
  const p = parseCommandLine('tail5 -r web -g error', lookup)
  assert.deepEqual(
    { command: p.command, options: p.options, inputs: p.inputs, alias: p.alias, text: p.text },
    {
      command: 'app logs',
      options: { lines: '5', grep: 'error' },
      inputs: { roles: 'web' },
      alias: 'tail5',
      text: 'app logs -n 5 -r web -g error'
    }
  )
  assert.deepEqual(parseCommandLine('db store', lookup).args, ['store'])
  seen.length = 0
  assert.deepEqual(parseCommandLine('tail5 -d staging', lookup).inputs, { destination: 'staging' })
  assert.deepEqual(seen, [{ destination: 'staging' }])
  assert.deepEqual(peekConfigOptions(['-r', 'web', '-dstaging', '--config-file=config/other.yml']), {
    destination: 'staging',
    configFile: 'config/other.yml'
  })
  // An alias of an alias expands again; one that expands into itself is an error, not a hang.
  assert.equal(parseCommandLine('a', () => ({ a: 'b -n 1', b: 'app logs' })).command, 'app logs')
  assert.throws(() => parseCommandLine('a', () => ({ a: 'b', b: 'a' })), /expands into itself/)
  // A built-in command is never an alias (Kamal refuses such aliases in the config).
  assert.equal(parseCommandLine('details', () => ({ details: 'app logs' })).command, 'details')
})

test('readInputs: the line’s options are the inputs; given both ways they must agree; aliases from the right config', () => {
  const env = (command: string, extra: Record<string, string> = {}) => ({
    INPUT_COMMAND: command,
    'INPUT_CONFIG-FILE': 'config/deploy.yml',
    'INPUT_PLAN-FOR': 'deploy',
    INPUT_CONFIRM: 'false',
    GITHUB_SHA: 'abc123',
    ...extra
  })
  const i = readInputs(env('app logs -d staging -r web,job -n 5 --version v2'))
  assert.deepEqual(
    {
      command: i.command,
      destination: i.destination,
      roles: i.roles,
      version: i.version,
      versionGiven: i.versionGiven
    },
    { command: 'app logs', destination: 'staging', roles: ['web', 'job'], version: 'v2', versionGiven: true }
  )
  assert.equal(readInputs(env('details')).versionGiven, false)
  // The same value both ways is fine (lists compare as sets); different values are an error.
  assert.equal(readInputs(env('details -d staging', { INPUT_DESTINATION: 'staging' })).destination, 'staging')
  assert.deepEqual(readInputs(env('details -r job,web', { INPUT_ROLES: 'web, job' })).roles, ['job', 'web'])
  assert.throws(
    () => readInputs(env('details -d staging', { INPUT_DESTINATION: 'production' })),
    /Input destination is 'production', but the command line `details -d staging` says 'staging'/
  )
  assert.throws(
    () => readInputs(env('rollback v2', { INPUT_VERSION: 'v1' })),
    /Input version is 'v1', but the command line `rollback v2` says 'v2'/
  )
  // An input at its action.yml default counts as not given.
  assert.equal(readInputs(env('details -c config/other.yml')).configFile, 'config/other.yml')
  assert.equal(readInputs(env('remove -y')).confirm, true)
  assert.equal(readInputs(env('remove', { INPUT_CONFIRM: 'true' })).confirm, true)
  // An alias's config: the line's -d first, else the destination input; its own -d must agree with the input.
  const asked: unknown[] = []
  const aliases = (where: { destination?: string; configFile: string }) => {
    asked.push(where)
    return { tail5: 'app logs -n 5', prod: 'app logs -d production' }
  }
  assert.equal(readInputs(env('tail5', { INPUT_DESTINATION: 'staging' }), aliases).command, 'app logs')
  assert.equal(readInputs(env('tail5 -d beta'), aliases).destination, 'beta')
  assert.deepEqual(asked, [
    { destination: 'staging', configFile: 'config/deploy.yml' },
    { destination: 'beta', configFile: 'config/deploy.yml' }
  ])
  assert.throws(
    () => readInputs(env('prod', { INPUT_DESTINATION: 'staging' }), aliases),
    /Input destination is 'staging', but the command line `app logs -d production`/
  )
  // plan: the planned line's inputs apply to the plan, but -y confirms nothing.
  const p = readInputs(env('plan remove -y -d staging'))
  assert.deepEqual(
    { command: p.command, planned: p.planned?.command, destination: p.destination, confirm: p.confirm },
    {
      command: 'plan',
      planned: 'remove',
      destination: 'staging',
      confirm: false
    }
  )
  assert.equal(readInputs(env('plan', { 'INPUT_PLAN-FOR': 'setup' })).planned?.command, 'setup')
  assert.equal(readInputs(env('plan', { 'INPUT_PLAN-FOR': 'app logs -n 5' })).planFor, 'app logs -n 5')
  assert.throws(() => applyLineInputs(env('x', { INPUT_ROLES: 'web' }), line('details -r job')), /Input roles is 'web'/)
})

test('the line inputs’ defaults are action.yml’s (a default counts as not given), and every command has a handler', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }
  for (const [name, value] of Object.entries(LINE_INPUT_DEFAULTS))
    if (name in action.inputs) assert.equal(action.inputs[name]?.default ?? '', value, name)
  for (const name of ['destination', 'roles', 'hosts', 'version', 'lock-message', 'confirm', 'config-file', 'plan-for'])
    assert.ok(name in action.inputs, name)
  assert.deepEqual(
    HANDLER_NAMES.filter((n) => !(n in HANDLERS)),
    []
  )
})
