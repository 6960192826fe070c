// The stub docker's answer to listContainers' `docker ps --all`, for the fragment and convergence
// tests: a `case` pattern and its command, without the closing `;;` (a test may add to it).

/**
 * `id=name|state|image|service|destination|role` lines, each given as
 * `id=name|state|service|destination|role` (the image is then `user/myapp:<the name's last part>`)
 * or whole.
 */
export function psAnswer(...lines: string[]): string {
  return `"ps --all --format"*) printf '%s\\n' ${lines.map((l) => `'${withImage(l)}'`).join(' ')}`
}

function withImage(line: string): string {
  const f = line.split('|')
  return f.length === 6 ? line : [f[0], f[1], `user/myapp:${(f[0] ?? '').split('-').at(-1)}`, ...f.slice(2)].join('|')
}
