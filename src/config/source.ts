// A YAML file read with its positions kept, so that every error can name the file, line and column.
import { renderErb } from './erb.js'
import { ConfigError, type Location } from './errors.js'
import { LocalFileError, MAX_CONFIG_BYTES, readCapped } from './paths.js'
import { isMap, isSeq, isScalar, isPair, LineCounter, parseDocument, type Document, type Node } from 'yaml'

export class YamlSource {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly lineMap?: number[]
  ) {}

  /**
   * Reads, renders (ERB, when `erbEnv` is given) and parses `path`; `displayName` is what errors
   * call the file (relative to the repo).
   */
  static read(path: string, displayName: string, erbEnv?: Record<string, string | undefined>): YamlSource {
    let text: string
    try {
      text = readCapped(path, displayName, MAX_CONFIG_BYTES).toString('utf8')
    } catch (e) {
      const message =
        e instanceof LocalFileError && e.problem !== 'not found'
          ? `Configuration file ${displayName} ${e.problem}`
          : `Configuration file not found in ${displayName}`
      throw new ConfigError([{ keyPath: '', message }], { cause: e })
    }
    return YamlSource.parse(text, displayName, erbEnv)
  }

  static parse(template: string, displayName: string, erbEnv?: Record<string, string | undefined>): YamlSource {
    const { text, lineMap } = erbEnv
      ? renderErb(template, { file: displayName, env: erbEnv, trim: true })
      : { text: template, lineMap: undefined }
    const lines = new LineCounter()
    const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, merge: true })
    const source = new YamlSource(displayName, doc, lines, lineMap)
    if (doc.errors.length > 0) {
      throw new ConfigError(
        doc.errors.map((e) => ({
          keyPath: '',
          // The place is in the prefix already; the library repeats it at the end of the line.
          message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
          location: e.linePos
            ? { file: displayName, line: source.templateLine(e.linePos[0].line), column: e.linePos[0].col }
            : undefined
        }))
      )
    }
    return source
  }

  /** The document as plain data; aliases that expand too far (a "billion laughs") are refused. */
  value(): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: 1000 }) ?? {}
    } catch (e) {
      if (!(e instanceof ReferenceError)) throw e
      throw new ConfigError(
        [
          {
            keyPath: '',
            message: `YAML aliases expand too far (${e.message}); refused`,
            location: { file: this.file, line: 1, column: 1 }
          }
        ],
        { cause: e }
      )
    }
  }

  /**
   * Where a key path is in this file: the key itself when `atKey` (unknown keys), else its value.
   * Falls back to the nearest ancestor that exists.
   */
  locate(path: (string | number)[], atKey = false): Location | undefined {
    let node: unknown = this.doc.contents
    let best: Node | undefined = isNode(node) ? node : undefined
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]
      const last = i === path.length - 1
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment))
        if (!pair) break
        if (last && atKey && isNode(pair.key)) {
          best = pair.key
          break
        }
        node = pair.value
        best = isNode(pair.value) ? pair.value : isNode(pair.key) ? pair.key : best
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment]
        if (!isNode(node)) break
        best = node
      } else break
    }
    if (!best?.range) return undefined
    const pos = this.lines.linePos(best.range[0])
    return { file: this.file, line: this.templateLine(pos.line), column: pos.col }
  }

  /** The line of the file as written, for a line of the rendered YAML. */
  templateLine(renderedLine: number): number {
    return this.lineMap?.[renderedLine - 1] ?? renderedLine
  }

  has(path: (string | number)[]): boolean {
    return this.doc.hasIn(path)
  }
}

function isNode(n: unknown): n is Node {
  return typeof n === 'object' && n !== null && 'range' in n
}
