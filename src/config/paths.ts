// Local paths the config names, kept inside the working directory: a path is resolved with every
// symlink followed (realpath) and must land inside `working-directory`, so that a config-only
// change can never make the action read, upload or mount a runner file from elsewhere
// (`files: ["../../etc/shadow:/etc/x"]`, or a symlink to it). Reused by every reader of local files.
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'
import { cut } from '../util/values.js'

/** The largest config or secrets file read (a 10 MB deploy.yml cost ~500 MB of memory to parse). */
export const MAX_CONFIG_BYTES = 1024 * 1024

export type Resolved = { ok: true; path: string } | { ok: false; problem: string }

const inside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)

/**
 * `path` (relative to `workingDirectory`, or absolute) resolved with its symlinks, when it stays
 * inside the working directory; otherwise why not. A path that does not exist (yet) is judged by
 * its nearest existing parent, unless `mustExist`.
 */
export function resolveInside(workingDirectory: string, path: string, opts: { mustExist?: boolean } = {}): Resolved {
  const shown = JSON.stringify(cut(path, 120))
  const lexicalRoot = resolve(workingDirectory)
  const lexical = resolve(lexicalRoot, path)
  if (!inside(lexicalRoot, lexical)) return { ok: false, problem: `${shown} is outside the working directory` }
  let root: string
  try {
    root = realpathSync(lexicalRoot)
  } catch {
    // No working directory: nothing is in it (reading will say "not found").
    return { ok: true, path: lexical }
  }
  let real: string
  try {
    real = realpathSync(lexical)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, problem: `${shown} cannot be read` }
    if (opts.mustExist) return { ok: false, problem: `${shown} not found` }
    const parent = existingParent(dirname(lexical))
    if (!inside(root, parent))
      return { ok: false, problem: `${shown} is outside the working directory (through a symlink to ${parent})` }
    return { ok: true, path: lexical }
  }
  if (!inside(root, real))
    return {
      ok: false,
      problem: `${shown} resolves to ${cut(real, 120)} through a symlink, outside the working directory`
    }
  return { ok: true, path: real }
}

function existingParent(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    try {
      return realpathSync(d)
    } catch {
      if (dirname(d) === d) return d
    }
  }
}

/** Reading a local file failed: `problem` says why, without its content. */
export class LocalFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string
  ) {
    super(`${path}: ${problem}`)
    this.name = 'LocalFileError'
  }
}

/**
 * Reads a local file the config names: resolved inside the working directory (see
 * `resolveInside`) and at most `maxBytes` long, else a LocalFileError.
 */
export function readInside(workingDirectory: string, path: string, maxBytes?: number): Buffer {
  const where = resolveInside(workingDirectory, path, { mustExist: true })
  if (!where.ok) throw new LocalFileError(path, where.problem)
  return readCapped(where.path, path, maxBytes)
}

/**
 * A file's content, refused when it is over `maxBytes` (checked on the open file, before reading
 * it, so an oversized file costs no memory). `shown` is how errors name it.
 */
export function readCapped(path: string, shown: string, maxBytes = Infinity): Buffer {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new LocalFileError(shown, code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? 'error'})`)
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) throw new LocalFileError(shown, 'is not a file')
    if (stat.size > maxBytes)
      throw new LocalFileError(
        shown,
        `is ${formatBytes(stat.size)}; files over ${formatBytes(maxBytes)} are refused (is it the right file?)`
      )
    const buffer = Buffer.alloc(stat.size)
    let read = 0
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read)
      if (n === 0) break
      read += n
    }
    return buffer.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(1)} MB`
    : n >= 1024
      ? `${(n / 1024).toFixed(1)} KB`
      : `${n} bytes`
}

/**
 * Whether `path`, relative to the working directory, stays inside it by its text alone: not empty,
 * not absolute, not `~`, and no `..` that climbs out. For checks made without the working directory
 * (the config's own text); `resolveInside` then follows symlinks where the files are read.
 */
export function staysInside(path: string): boolean {
  return path !== '' && !isAbsolute(path) && !path.startsWith('~') && staysBelow(path)
}

/**
 * A path relative to some directory (an accessory's directory on the host) that must not climb out
 * of it with `..`: judged without the file system, since it is not on this machine.
 */
export function staysBelow(path: string): boolean {
  if (isAbsolute(path)) return true
  const rel = relative('/base', resolve('/base', path))
  return rel !== '..' && !rel.startsWith(`..${sep}`)
}
