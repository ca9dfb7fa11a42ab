/** Progress of a long loop (one step per instance type): injected by the caller, drawn by an adapter. */
export interface Progress {
  start(total: number, what: string): void;
  /** Names the step now running. */
  working(label: string): void;
  /** One step finished. */
  done(): void;
  stop(): void;
}

export const NO_PROGRESS: Progress = { start() {}, working() {}, done() {}, stop() {} };

/** A `(done, total, label)` step callback (pack, provision, fleet) drawn on `progress`: started at the first call. */
export function stepCallback(
  progress: Progress,
  what: string,
): (done: number, total: number, label: string) => void {
  let started = false;
  return (done, total, label) => {
    if (!started) {
      progress.start(total, what);
      started = true;
    }
    if (done > 0) progress.done();
    progress.working(label);
  };
}

/** "g6e.2xlarge (+3)": a group's first member, short enough to keep the bar on one line. */
export function groupLabel(ids: readonly string[]): string {
  return ids.length > 1 ? `${ids[0]} (+${ids.length - 1})` : (ids[0] ?? '');
}

/** Lets the event loop run (a progress bar's redraw timer, a server's other requests) between simulations. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
