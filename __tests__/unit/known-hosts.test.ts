// known_hosts matching and host-key verdicts (the checks ssh2 leaves to us).
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { test } from 'node:test'
import {
  fingerprint,
  hostKeyAlgorithms,
  keysForHost,
  parseKnownHosts,
  verifyHostKey
} from '../../src/transport/known-hosts.js'

const keyA = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIA' + 'a'.repeat(42), 'base64')
const keyB = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIB' + 'b'.repeat(42), 'base64')
const salt = Buffer.from('0123456789abcdef0123')
const hashed = (name: string) =>
  `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`

const text = `# comment
10.0.0.1,web1.example ssh-ed25519 ${keyA.toString('base64')}
[10.0.0.2]:2222 ssh-ed25519 ${keyB.toString('base64')} comment here
${hashed('10.0.0.3')} ssh-rsa ${keyA.toString('base64')}
*.internal,!bad.internal ecdsa-sha2-nistp256 ${keyB.toString('base64')}
@revoked 10.0.0.4 ssh-ed25519 ${keyA.toString('base64')}
@cert-authority *.example ssh-ed25519 ${keyB.toString('base64')}
`
const entries = parseKnownHosts(text)

test('plain, [host]:port, hashed and wildcard entries are matched', () => {
  assert.equal(keysForHost(entries, '10.0.0.1', 22).length, 1)
  assert.equal(keysForHost(entries, 'web1.example', 22).length, 1)
  assert.equal(keysForHost(entries, '10.0.0.1', 2222).length, 0, 'a port-22 entry does not cover another port')
  assert.equal(keysForHost(entries, '10.0.0.2', 2222).length, 1)
  assert.equal(keysForHost(entries, '10.0.0.2', 22).length, 0)
  assert.deepEqual(
    keysForHost(entries, '10.0.0.3', 22).map((k) => k.type),
    ['ssh-rsa']
  )
  assert.equal(keysForHost(entries, 'db.internal', 22).length, 1)
  assert.equal(keysForHost(entries, 'bad.internal', 22).length, 0, 'negated patterns exclude')
})

test('verdicts: known key passes; unknown host, changed key and revoked key are refused with a reason', () => {
  assert.deepEqual(verifyHostKey(keysForHost(entries, '10.0.0.1', 22), keyA, '10.0.0.1', 22), { ok: true })
  const unknown = verifyHostKey(keysForHost(entries, '10.9.9.9', 22), keyA, '10.9.9.9', 22)
  assert.equal(unknown.ok, false)
  assert.match((unknown as { reason: string }).reason, /not in known-hosts .*ssh-keyscan 10\.9\.9\.9/)
  const changed = verifyHostKey(keysForHost(entries, '10.0.0.1', 22), keyB, '10.0.0.1', 22)
  assert.match(
    (changed as { reason: string }).reason,
    new RegExp(`HOST KEY MISMATCH: the server presented ${fingerprint(keyB).replace(/[+/]/g, '\\$&')}`)
  )
  const revoked = verifyHostKey(keysForHost(entries, '10.0.0.4', 22), keyA, '10.0.0.4', 22)
  assert.match((revoked as { reason: string }).reason, /@revoked/)
})

test('only the pinned key types are offered to the server', () => {
  assert.deepEqual(hostKeyAlgorithms(keysForHost(entries, '10.0.0.3', 22)), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'])
  assert.deepEqual(hostKeyAlgorithms(keysForHost(entries, '10.0.0.1', 22)), ['ssh-ed25519'])
})

test('fingerprints are OpenSSH’s SHA256 form', () => {
  assert.match(fingerprint(keyA), /^SHA256:[A-Za-z0-9+/]{43}$/)
})

test('lookups by name keep file order and OpenSSH’s rules across plain, wildcard and hashed entries', () => {
  const mixed = parseKnownHosts(`WEB1.example ssh-ed25519 ${keyA.toString('base64')}
*.example ecdsa-sha2-nistp256 ${keyB.toString('base64')}
${hashed('web1.example')} ssh-rsa ${keyB.toString('base64')}
web1.example,!web1.example ssh-ed25519 ${keyB.toString('base64')}
web2.example,web1.example ecdsa-sha2-nistp256 ${keyA.toString('base64')}
`)
  assert.deepEqual(
    keysForHost(mixed, 'web1.example', 22).map((k) => k.type),
    ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa', 'ecdsa-sha2-nistp256'],
    'names are case-insensitive, a negation excludes, every matching line counts, in file order'
  )
  assert.deepEqual(
    keysForHost(mixed, 'web2.example', 22).map((k) => k.type),
    ['ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp256']
  )
  assert.deepEqual(keysForHost(mixed, 'web3.other', 22), [])
})
