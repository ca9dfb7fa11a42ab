import type { SpotRisk } from '../core/spot-interruption.js';
import type { OptionReader } from './option-reader.js';

/**
 * --spot-interruptions-per-hour and --spot-restart: required with --pricing spot, refused without it. No
 * default: no provider publishes a per-hour interruption rate to cite (AWS's Spot Instance Advisor gives
 * only monthly frequency bands per instance type and region; GCP and Azure publish none per hour).
 */
export function readSpotRisk(o: OptionReader, pricing: string): SpotRisk | undefined {
  const rate = o.positiveNumber('spotInterruptionsPerHour');
  const restart = o.durationSeconds('spotRestart');
  if (pricing !== 'spot') {
    if (rate !== undefined || restart !== undefined)
      o.issues.push({
        code: 'invalid-option',
        path: rate !== undefined ? 'spotInterruptionsPerHour' : 'spotRestart',
        message: 'applies to spot capacity only: add {{pricing}} spot',
      });
    return undefined;
  }
  if (rate === undefined) {
    o.issues.push({
      code: 'missing-option',
      path: 'spotInterruptionsPerHour',
      message:
        'spot capacity can be reclaimed: give the expected interruptions per instance-hour (e.g. 0.05); no provider publishes a per-hour rate to default to — AWS’s Spot Instance Advisor gives monthly bands (a “<5%” band is under 5% of instances interrupted per month, about 0.00007 per hour)',
    });
    return undefined;
  }
  return { interruptionsPerHour: rate, restartSeconds: restart ?? 0 };
}
