import type { LatencySloTargets } from './latency-slo.js';
import type { OptionReader } from './option-reader.js';

/**
 * --slo-{ttft,tpot,e2e}-{p95,p99}: targets at one percentile (all -p95 or all -p99; both at once is
 * refused). `slo` holds only the targets given (empty when none).
 */
export function readPercentileTargets(o: OptionReader): { percentile: 95 | 99; slo: LatencySloTargets } {
  const at = (p: 95 | 99) => ({
    ttftSeconds: o.durationSeconds(`sloTtftP${p}`),
    tpotSeconds: o.durationSeconds(`sloTpotP${p}`),
    e2eSeconds: o.durationSeconds(`sloE2eP${p}`),
  });
  const p95 = at(95);
  const p99 = at(99);
  const any = (t: typeof p95) => Object.values(t).some((v) => v !== undefined);
  if (any(p95) && any(p99))
    o.issues.push({
      code: 'invalid-option',
      path: 'sloE2eP99',
      message: 'give targets at one percentile: all -p95 or all -p99',
    });
  const chosen = any(p99) ? p99 : p95;
  return {
    percentile: any(p99) ? 99 : 95,
    slo: Object.fromEntries(Object.entries(chosen).filter(([, v]) => v !== undefined)) as LatencySloTargets,
  };
}
