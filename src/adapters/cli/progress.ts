import { Presets, SingleBar } from 'cli-progress';

import { NO_PROGRESS, type Progress } from '../../app/progress.js';

export { NO_PROGRESS, type Progress } from '../../app/progress.js';

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
