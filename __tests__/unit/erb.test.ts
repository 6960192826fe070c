// ERB without Ruby: the ENV forms deploy.yml uses, trim marks, comments, and located errors.
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { configErbEnv, ERB_SUPPORTED, renderErb } from '../../src/config/erb.js'
import { loadConfig, parseConfigText } from '../../src/config/load.js'
import { ConfigError, formatProblem } from '../../src/config/errors.js'

const env = { HOST: '10.0.0.1', EMPTY: '', QUOTE: 'it"s' }
const render = (text: string, trim = true) => renderErb(text, { file: 'config/deploy.yml', env, trim }).text
function errors(text: string, trim = true): string[] {
  try {
    renderErb(text, { file: 'config/deploy.yml', env, trim })
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map(formatProblem)
    throw e
  }
  assert.fail('expected a ConfigError')
}

test('ENV["X"] and ENV[\'X\'] give the value, or nothing when unset', () => {
  assert.equal(
    render('a: <%= ENV["HOST"] %>\nb: <%= ENV[\'HOST\'] %>\nc: "<%= ENV["NOPE"] %>"\n'),
    'a: 10.0.0.1\nb: 10.0.0.1\nc: ""\n'
  )
  assert.equal(render('q: <%=ENV["QUOTE"]%>'), 'q: it"s')
})

test('ENV.fetch with a default argument or a default block; an empty value is a value', () => {
  assert.equal(
    render(
      '<%= ENV.fetch("NOPE", "d1") %> <%= ENV.fetch(\'NOPE\') { "d2" } %> <%= ENV.fetch("HOST", "x") %> [<%= ENV.fetch("EMPTY", "x") %>]'
    ),
    'd1 d2 10.0.0.1 []'
  )
  assert.equal(render('<%= ENV.fetch("NOPE", "a\\tb") %>|<%= ENV.fetch("NOPE", \'a\\tb\') %>'), 'a\tb|a\\tb')
})

test('ENV.fetch without a default names the variable, file and line', () => {
  assert.deepEqual(errors('service: x\nimage: <%= ENV.fetch("IMAGE_NAME") %>\n'), [
    'config/deploy.yml:2:8: ERB: environment variable IMAGE_NAME is not set (ENV.fetch("IMAGE_NAME") has no default)'
  ])
})

test('comments render nothing; -%> drops the newline; <%- drops the indent; <%% is a literal', () => {
  assert.equal(render('<%# a comment %>\na: 1\n'), '\na: 1\n')
  assert.equal(render('<%# a comment -%>\na: 1\n'), 'a: 1\n')
  assert.equal(render('x: <%= ENV["HOST"] -%>\ny: 2\n'), 'x: 10.0.0.1y: 2\n')
  assert.equal(render('  <%-# indented comment -%>\nb: 2\n'), 'b: 2\n')
  assert.equal(render('t: "<%%= not erb %>"'), 't: "<%= not erb %>"')
})

test('other Ruby is an error naming file, line, column and the snippet, every one at once', () => {
  const text = `service: demo
<% if ENV["X"] %>
image: a
<% end %>
password: <%= \`op read x\` %>
token: <%= %x(aws ecr get-login-password) %>
arch: <%= Kamal::Utils.docker_arch %>
greeting: <%= "hi #{ENV['USER']}" %>
`
  assert.deepEqual(errors(text), [
    `config/deploy.yml:2:1: ERB: cannot run the Ruby code <% if ENV["X"] %>; ${ERB_SUPPORTED}`,
    `config/deploy.yml:4:1: ERB: cannot run the Ruby code <% end %>; ${ERB_SUPPORTED}`,
    `config/deploy.yml:5:11: ERB: cannot evaluate <%= \`op read x\` %> without Ruby; ${ERB_SUPPORTED}`,
    `config/deploy.yml:6:8: ERB: cannot evaluate <%= %x(aws ecr get-login-password) %> without Ruby; ${ERB_SUPPORTED}`,
    `config/deploy.yml:7:7: ERB: cannot evaluate <%= Kamal::Utils.docker_arch %> without Ruby; ${ERB_SUPPORTED}`,
    `config/deploy.yml:8:11: ERB: cannot evaluate <%= "hi #{ENV['USER']}" %> without Ruby; ${ERB_SUPPORTED}`
  ])
})

test('an unclosed tag, and -%> in a file rendered without trim mode, are errors', () => {
  assert.deepEqual(errors('a: 1\nb: <%= ENV["HOST"]\n'), [
    'config/deploy.yml:2:4: ERB tag is not closed with %>: <%= ENV["HOST"]'
  ])
  assert.deepEqual(errors('a: <%= ENV["HOST"] -%>\n', false), [
    'config/deploy.yml:1:4: ERB: -%> needs trim mode, which config/deploy.yml is not rendered with: <%= ENV["HOST"] -%>'
  ])
})

test('line numbers of later errors stay those of the file as written, after trims and multi-line comments', () => {
  const text = `service: demo
<%# a comment
    over two lines -%>
<%# and a trimmed one -%>
image: deckhand/demo
registry: { server: localhost:5000 }
servers:
  web:
    hosts: [<%= ENV["HOST"] %>]
    proxy: false
    colour: <%= ENV.fetch("COLOUR", "blue") -%>

boot: { limit: lots }
`
  try {
    parseConfigText(text, 'config/deploy.yml', undefined, env)
    assert.fail('expected a ConfigError')
  } catch (e) {
    assert.ok(e instanceof ConfigError)
    assert.deepEqual(e.problems.map(formatProblem), [
      'config/deploy.yml:11:5: servers/web/colour: unknown key: colour',
      'config/deploy.yml:13:16: boot/limit: should be an integer or a percentage like "25%"'
    ])
  }
})

test('KAMAL_DESTINATION is set for the destination, and cleared without one', () => {
  assert.deepEqual(configErbEnv({ A: '1', KAMAL_DESTINATION: 'old' }, 'staging'), {
    A: '1',
    KAMAL_DESTINATION: 'staging'
  })
  assert.deepEqual(configErbEnv({ A: '1', KAMAL_DESTINATION: 'old' }, undefined), { A: '1' })
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-erb-'))
  mkdirSync(join(dir, 'config'))
  writeFileSync(
    join(dir, 'config/deploy.yml'),
    `service: demo\nimage: deckhand/<%= ENV.fetch("KAMAL_DESTINATION", "none") %>\nregistry: { server: localhost:5000 }\nservers: { web: { hosts: [<%= ENV["HOST"] %>], proxy: false } }\n`
  )
  writeFileSync(
    join(dir, 'config/deploy.staging.yml'),
    `env:\n  clear:\n    WHERE: <%= ENV["KAMAL_DESTINATION"] %>\n    NAME: <%= ENV.fetch("MISSING_ONE") %>\n`
  )
  const base = loadConfig({
    workingDirectory: dir,
    configFile: 'config/deploy.yml',
    env: { HOST: '10.0.0.7', KAMAL_DESTINATION: 'stale' }
  })
  assert.equal(base.image, 'deckhand/none')
  assert.deepEqual(base.roles[0]?.hosts, [{ address: '10.0.0.7', tags: [] }])
  assert.throws(
    () =>
      loadConfig({
        workingDirectory: dir,
        configFile: 'config/deploy.yml',
        destination: 'staging',
        env: { HOST: '10.0.0.7' }
      }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.problems.map(formatProblem).join('\n') ===
        'config/deploy.staging.yml:4:11: ERB: environment variable MISSING_ONE is not set (ENV.fetch("MISSING_ONE") has no default)'
  )
  writeFileSync(join(dir, 'config/deploy.staging.yml'), `env:\n  clear:\n    WHERE: <%= ENV["KAMAL_DESTINATION"] %>\n`)
  const staging = loadConfig({
    workingDirectory: dir,
    configFile: 'config/deploy.yml',
    destination: 'staging',
    env: { HOST: '10.0.0.7' }
  })
  assert.equal(staging.image, 'deckhand/staging')
  assert.deepEqual(staging.roles[0]?.env.clear, { WHERE: 'staging' })
})

test('accessory files ending in .erb are rendered with the accessory clear and secret env, without trim mode', async () => {
  const { renderAccessoryFile } = await import('../../src/config/erb.js')
  const c = parseConfigText(
    `service: demo
image: deckhand/demo
registry: { server: localhost:5000 }
accessories:
  db:
    image: postgres:16
    host: 10.0.0.4
    env:
      clear: { POSTGRES_USER: app }
      secret: [POSTGRES_PASSWORD, REPLICA_PASSWORD:DB_REPLICA]
`,
    'config/deploy.yml',
    undefined,
    {}
  )
  const acc = c.accessories[0]!
  const secrets = new Map([
    ['POSTGRES_PASSWORD', 'pw1'],
    ['DB_REPLICA', 'pw2']
  ])
  const template = Buffer.from(
    'CREATE USER <%= ENV["POSTGRES_USER"] %> PASSWORD \'<%= ENV.fetch("POSTGRES_PASSWORD") %>\';\n-- <%= ENV["REPLICA_PASSWORD"] %> <%= ENV["RUNNER"] %>\n'
  )
  assert.equal(
    renderAccessoryFile('config/init.sql.erb', template, acc, secrets, { RUNNER: 'gh' }).toString(),
    "CREATE USER app PASSWORD 'pw1';\n-- pw2 gh\n"
  )
  assert.equal(renderAccessoryFile('config/init.sql', template, acc, secrets, {}), template)
  assert.throws(
    () =>
      renderAccessoryFile('config/my.cnf.erb', Buffer.from('a\nb=<%= ENV["POSTGRES_USER"] -%>\n'), acc, secrets, {}),
    (e: unknown) =>
      e instanceof ConfigError &&
      formatProblem(e.problems[0]!) ===
        'config/my.cnf.erb:2:3: ERB: -%> needs trim mode, which config/my.cnf.erb is not rendered with: <%= ENV["POSTGRES_USER"] -%>'
  )
})
