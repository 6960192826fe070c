// ncc's ESM output leaves `__dirname` undefined, and ssh2's bundled poly1305 (emscripten) code reads
// it at load time. Define it, from import.meta.url, in every chunk that refers to it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'

const shim =
  "import { dirname as __deckhandDirname } from 'node:path'; import { fileURLToPath as __deckhandFileURLToPath } from 'node:url'; const __dirname = __deckhandDirname(__deckhandFileURLToPath(import.meta.url));\n"
for (const name of readdirSync('dist')) {
  if (!name.endsWith('.js')) continue
  const path = `dist/${name}`
  const code = readFileSync(path, 'utf8')
  if (code.includes('__dirname') && !code.startsWith(shim)) writeFileSync(path, shim + code)
}
