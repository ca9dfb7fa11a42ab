import { Presets, SingleBar } from 'cli-progress';

/** Progress of a long loop (one step per instance type), shown only on a terminal. */
export interface Progress {
  start(total: number, what: string): void;
  /** Names the step now running. */
  working(label: string): void;
  /** One step finished. */
  done(): void;
  stop(): void;
}

export const NO_PROGRESS: Progress = { start() {}, working() {}, done() {}, stop() {} };

/** "g6e.2xlarge (+3)": a group's first member, short enough to keep the bar on one line. */
export function groupLabel(ids: readonly string[]): string {
  return ids.length > 1 ? `${ids[0]} (+${ids.length - 1})` : (ids[0] ?? '');
}

/**
 * A progress bar on `stream` when it is a terminal; nothing otherwise (pipes, CI, tests): cli-progress
 * with `noTTYOutput: false` writes nothing to a stream that is not a TTY.
 */
export function terminalProgress(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return NO_PROGRESS;
  let bar: SingleBar | undefined;
  return {
    start(total, what) {
      bar = new SingleBar(
        {
          stream,
          noTTYOutput: false,
          clearOnComplete: true,
          hideCursor: true,
          format: `${what} [{bar}] {value}/{total} {label}`,
        },
        Presets.shades_classic,
      );
      bar.start(total, 0, { label: '' });
    },
    working(label) {
      bar?.update({ label });
    },
    done() {
      bar?.increment(1);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** Lets the event loop run (the bar's redraw timer) between synchronous simulations. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
