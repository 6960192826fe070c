// The report protocol between our remote scripts and the flows, in one place: a script reports
// what it found or did as `DECKHAND_<NAME>=<value>` lines on stdout (`reportLine`), and stops
// with a named exit code (`EXIT`); the flows read the lines back with `parseReport`. No other
// module knows the line format: the transport carries bytes, the flows see a typed `Report`.

/** Every fact a script reports, by its name in the flows → its name on the wire. */
export const REPORT_KEYS = {
  /** The role's version that ran before this boot (empty on a first deploy). */
  old: 'OLD',
  /** The old version whose container was stopped once the new one was ready. */
  stopped: 'STOPPED',
  /** Other running containers of the role (leftovers of an earlier fault), stopped before the boot. */
  stale: 'STALE',
  /** A boot that ended early (cancelled, or failed mid-way): the step it was at (`start`, `run`, `switched`, `done`). */
  settled: 'SETTLED',
  /** A boot that ended early: the version the role runs on the host now (empty: none). */
  runs: 'RUNS',
  /** Docker's view of the new container when the wait ended (`healthy`, `running`, `unhealthy`...). */
  status: 'STATUS',
  /** kamal-proxy's answer: `switched` (traffic moved to the new container) or `failed`. */
  proxy: 'PROXY',
  /** What the kamal-proxy container was before the proxy boot: `running`, `exited`, `missing`... */
  proxyWas: 'PROXY_WAS',
  /** The fate of this run's deploy lock: `released`, `kept` (hold-lock-on-error), `absent` or `not ours`. */
  lock: 'LOCK',
  /** `exists`: an accessory container was already there, so the boot left it alone. */
  accessory: 'ACCESSORY',
  /** `installed` (Docker was missing and was installed) or `missing` (and cannot be). */
  docker: 'DOCKER',
  /** Rollback check: the roles on the host that have no container of the version (space-separated). */
  missing: 'MISSING',
  /** Rollback check: each role's versions that exist as containers, `role=v1 v2;role2=...`. */
  versions: 'VERSIONS',
  /** The pulled image's early probe, `<ns> <base64 of its NUL-separated docker exec arguments>` (none
   * without a usable health check), from the label check's inspect (`checkLabelAndProbe`). */
  probe: 'PROBE',
  /** `started`: a deploy in one exec (`bootScript` with a head) got past its pull, label check and
   * lock, which it took, to the boot. */
  boot: 'BOOT'
} as const

export type ReportKey = keyof typeof REPORT_KEYS
export type Report = Partial<Record<ReportKey, string>>

/** Named exit codes of our scripts (anything else is the exit code of the command that failed). */
export const EXIT = {
  /** A new container never got ready, or kamal-proxy refused to switch to it. */
  bootFailed: 70,
  /** A kamal-proxy older than the minimum version runs on the host. */
  proxyTooOld: 71,
  /** Someone else holds the deploy lock (its details follow on stdout). */
  lockHeld: 75,
  /** The script was stopped (a cancel, or its SSH connection went away) and left a consistent state. */
  cancelled: 76
} as const

const PREFIX = 'DECKHAND_'
const LINE = /^DECKHAND_([A-Z_]+)=(.*)$/

/** A shell line reporting `key` with the value of `shellValue` (expanded inside double quotes). */
export function reportLine(key: ReportKey, shellValue: string): string {
  return `echo "${PREFIX}${REPORT_KEYS[key]}=${shellValue}"`
}

const BY_WIRE_NAME = new Map<string, ReportKey>(
  Object.entries(REPORT_KEYS).map(([key, wire]) => [wire, key as ReportKey])
)

/** The facts a script's stdout reports; an empty value counts as not reported. */
export function parseReport(stdout: string): Report {
  const report: Report = {}
  for (const line of stdout.split('\n')) {
    const m = LINE.exec(line)
    const key = m ? BY_WIRE_NAME.get(m[1] ?? '') : undefined
    if (key && m?.[2]) report[key] = m[2]
  }
  return report
}

/** Output as a person should read it: the report lines taken out. */
export function withoutReport(text: string): string {
  return text
    .split('\n')
    .filter((l) => !LINE.test(l))
    .join('\n')
}

/** A report as the lines a script would print (what a plan's recording host answers). */
export function formatReport(report: Report): string {
  return Object.entries(report)
    .map(([key, value]) => `${PREFIX}${REPORT_KEYS[key as ReportKey]}=${value}\n`)
    .join('')
}
