import type { StepComposition, StepTimer } from '../core/step-timer.js';

/** Coefficients of a step time linear in the step's token counts (all seconds per unit). */
export interface LinearStepTimerCoefficients {
  /** Fixed cost of any non-empty step (kernel launches, scheduling, weights read once). */
  baseSeconds: number;
  /** Per token processed: prompt tokens plus one per decoding sequence. */
  secondsPerToken: number;
  /** Per token of decode context read (Σ context over decoding sequences). */
  secondsPerContextToken: number;
  /** Per prefill attention token pair. */
  secondsPerAttentionPair?: number;
  /** Per byte moved over PCIe (either direction). */
  secondsPerTransferByte?: number;
}

/**
 * A step timer linear in the composition: base + perToken·(prefill tokens + decoding sequences) +
 * perContext·Σ decode context + perPair·prefill attention pairs + perByte·PCIe bytes. Simple enough to
 * work out simulator results by hand (tests, speed measurements); the roofline timer is the real one.
 */
export function linearStepTimer(c: LinearStepTimerCoefficients): StepTimer {
  const perPair = c.secondsPerAttentionPair ?? 0;
  const perByte = c.secondsPerTransferByte ?? 0;
  return {
    stepSeconds(step: StepComposition): number {
      return (
        c.baseSeconds +
        c.secondsPerToken * (step.prefillTokens + step.decodeSequences) +
        c.secondsPerContextToken * step.decodeContextTokens +
        perPair * step.prefillAttentionTokenPairs +
        perByte * (step.hostToDeviceBytes + step.deviceToHostBytes)
      );
    },
  };
}
