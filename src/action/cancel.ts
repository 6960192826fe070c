// Cancellation: the runner sends SIGINT, then SIGTERM 7.5 s later, then kills the process tree.
// The handlers are installed first thing, so even a signal during start-up ends the run our way;
// the step's own cleanup is attached once it can run (`onCancel`).
export type CancelHandler = (signal: NodeJS.Signals) => void

export class Cancellation {
  private readonly controller = new AbortController()
  private received?: NodeJS.Signals
  private handler?: CancelHandler
  private readonly listener = (signal: NodeJS.Signals) => this.receive(signal)

  constructor() {
    process.on('SIGINT', this.listener)
    process.on('SIGTERM', this.listener)
  }

  /** Aborted at the first signal: the flows stop at their next step. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  get cancelled(): boolean {
    return this.received !== undefined
  }

  /** What to do on the first signal; runs at once if one came before it was attached. */
  onCancel(handler: CancelHandler): void {
    this.handler = handler
    if (this.received) handler(this.received)
  }

  /** The run ended without a signal: the default handlers are back. */
  dispose(): void {
    process.off('SIGINT', this.listener)
    process.off('SIGTERM', this.listener)
  }

  private receive(signal: NodeJS.Signals): void {
    if (this.received) return
    this.received = signal
    this.controller.abort()
    this.handler?.(signal)
  }
}
