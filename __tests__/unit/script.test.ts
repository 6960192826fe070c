// RemoteScript: the text one exec sends and the stdin that carries its secrets. Exact strings, plus
// the file-writing part run through a real local shell (no Docker involved there).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { RemoteScript } from '../../src/commands/script.js'

const b64 = (s: string) => Buffer.from(s).toString('base64')

test('every script stops at the first failure and gives the docker CLI a lighter GC', () => {
  assert.equal(new RemoteScript().add('docker ps').command, 'set -e\nexport GOGC=400\ndocker ps')
  assert.equal(new RemoteScript().stdin, undefined)
})

test('writeFile: the content travels on stdin as one base64 line, never in the command', () => {
  const secret = 'KEY="va lue" $HOME\nSECOND=2\n'
  const script = new RemoteScript().writeFile('.kamal/apps/demo/env/roles/web.env', secret, '600')
  assert.equal(
    script.command,
    [
      'set -e',
      'export GOGC=400',
      'mkdir -p .kamal/apps/demo/env/roles',
      `IFS= read -r DECKHAND_FILE; (umask 077 && printf '%s' "$DECKHAND_FILE" | base64 -d > .kamal/apps/demo/env/roles/web.env.deckhand-tmp) && chmod 600 .kamal/apps/demo/env/roles/web.env.deckhand-tmp && mv -f .kamal/apps/demo/env/roles/web.env.deckhand-tmp .kamal/apps/demo/env/roles/web.env`
    ].join('\n')
  )
  assert.ok(!script.command.includes('va lue'))
  assert.equal(script.stdin, `${b64(secret)}\n`)

  // Run it for real: the file arrives intact with its mode.
  const dir = mkdtempSync(join(tmpdir(), 'deckhand-script-'))
  execFileSync('/bin/sh', ['-c', script.command], { cwd: dir, input: script.stdin })
  const file = join(dir, '.kamal/apps/demo/env/roles/web.env')
  assert.equal(readFileSync(file, 'utf8'), secret)
  assert.equal((statSync(file).mode & 0o777).toString(8), '600')
})

test('withLogin: the command first, a docker login from stdin only when it failed, then the command again', () => {
  const script = new RemoteScript().withLogin(
    'registry.example:5000',
    'deploy-bot',
    'pa$$ word',
    'docker pull registry.example:5000/app:v2 > /dev/null'
  )
  assert.equal(
    script.command,
    [
      'set -e',
      'export GOGC=400',
      'IFS= read -r DECKHAND_U; IFS= read -r DECKHAND_P',
      'deckhand_attempt() {',
      'docker pull registry.example:5000/app:v2 > /dev/null',
      '}',
      'if ! deckhand_attempt 2> /dev/null; then',
      `printf '%s' "$DECKHAND_P" | base64 -d | docker login registry.example:5000 -u "$(printf '%s' "$DECKHAND_U" | base64 -d)" --password-stdin > /dev/null`,
      'deckhand_attempt',
      'fi',
      'unset DECKHAND_U DECKHAND_P'
    ].join('\n')
  )
  assert.ok(!script.command.includes('pa$$ word') && !script.command.includes('deploy-bot'))
  assert.equal(script.stdin, `${b64('deploy-bot')}\n${b64('pa$$ word')}\n`)
})

test('stdin lines are read in the order the script reads them: files and logins interleaved', () => {
  const script = new RemoteScript().login(undefined, 'u', 'p').writeFile('a.env', 'A=1\n', '600')
  assert.equal(script.stdin, `${b64('u')}\n${b64('p')}\n${b64('A=1\n')}\n`)
  assert.match(script.command, /\nprintf '%s' "\$DECKHAND_P" \| base64 -d \| docker login -u /)
})
