import type { ActivityWindows } from './simulation-input.js';
import type { PoolActivity } from './simulation-result.js';

/** Busy time per pool and window, filled step by step as a simulation runs. */
export interface ActivityRecorder {
  windows: ActivityWindows;
  pools: PoolActivity[];
}

export function activityRecorder(windows: ActivityWindows, poolCount: number): ActivityRecorder {
  const count = Math.max(1, Math.floor(windows.count));
  return {
    windows: { ...windows, count },
    pools: Array.from({ length: poolCount }, () => ({
      stepSeconds: new Float64Array(count),
      promptStepSeconds: new Float64Array(count),
    })),
  };
}

/**
 * Adds one engine step of `seconds` that starts at `atSeconds` to `pool`'s window it starts in (steps last
 * milliseconds, windows minutes); steps before the first window or after the last count in those.
 */
export function recordActivity(
  recorder: ActivityRecorder,
  pool: number,
  atSeconds: number,
  seconds: number,
  carriesPrompt: boolean,
): void {
  const { startSeconds, windowSeconds, count } = recorder.windows;
  const k = Math.min(count - 1, Math.max(0, Math.floor((atSeconds - startSeconds) / windowSeconds)));
  const activity = recorder.pools[pool];
  if (!activity) return;
  activity.stepSeconds[k] = (activity.stepSeconds[k] as number) + seconds;
  if (carriesPrompt) activity.promptStepSeconds[k] = (activity.promptStepSeconds[k] as number) + seconds;
}
