// Small helpers every layer may use (this folder imports nothing of src/).

/** A YAML/JSON mapping: an object that is neither null nor an array. */
export function isHash(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A value cut to `max` characters for an error message (a 100 KB value is not echoed whole). */
export function cut(value: string, max = 200): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`
}
