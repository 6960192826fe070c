// Two fixes to ncc's ESM output, in every chunk of dist/:
//
// 1. ncc leaves `__dirname` undefined, and ssh2's bundled poly1305 (emscripten) code reads it at
//    load time. Define it, from import.meta.url, in every chunk that refers to it.
//
// 2. ncc (webpack 5) writes each bundled module as an arrow function, `/***/ ((module, …) => {`.
//    V8 compiles functions lazily: it pre-parses a chunk's whole text when the chunk loads, then
//    parses a module's body a second time when the module first runs — and nearly every module of
//    the chunks a run loads runs at start-up. A function expression in parentheses,
//    `/***/ (function(module, …) {`, is compiled with the chunk instead (V8's heuristic for
//    immediately invoked functions), so each body is parsed once: 30–80 ms less CPU per run on a
//    2-core machine (`plan`, and deploys to 1, 4 and 8 hosts, each build run in turn with the
//    other). Same behaviour: webpack calls each module with `.call(module.exports, …)`, so `this`
//    in a `function` is CommonJS's `module.exports` (webpack rewrote a harmony module's top-level
//    `this` already).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'

const shim =
  "import { dirname as __deckhandDirname } from 'node:path'; import { fileURLToPath as __deckhandFileURLToPath } from 'node:url'; const __dirname = __deckhandDirname(__deckhandFileURLToPath(import.meta.url));\n"
const arrowModule = /^\/\*\*\*\/ \(\(([^()]*)\) => \{$/gm

for (const name of readdirSync('dist')) {
  if (!name.endsWith('.js')) continue
  const path = `dist/${name}`
  let code = readFileSync(path, 'utf8')
  code = code.replace(arrowModule, '/***/ (function($1) {')
  if (code.includes('__dirname') && !code.startsWith(shim)) code = shim + code
  writeFileSync(path, code)
}
