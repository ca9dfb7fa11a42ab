import type { Issue } from '../core/issue.js';
import { EMPTY_STEP, type StepComposition, type StepTimer } from '../core/step-timer.js';

/** The corners of what a replica can be asked to run: batch, token budget and KV capacity. */
export interface StepLimits {
  maxNumSeqs: number;
  maxNumBatchedTokens: number;
  /** KV tokens the replica holds, and the longest sequence it can be asked to hold. */
  kvTokens: number;
  maxSequenceTokens: number;
}

/** Steps at the corners of the limits: one or many decodes at short and long context; small and large prefills. */
export function cornerSteps(limits: StepLimits): StepComposition[] {
  const steps: StepComposition[] = [];
  const longest = Math.max(2, Math.min(limits.maxSequenceTokens, limits.kvTokens));
  for (const sequences of new Set([1, Math.max(1, limits.maxNumSeqs)]))
    for (const context of new Set([2, longest])) {
      const perSequence = Math.max(2, Math.min(context, Math.floor(limits.kvTokens / sequences)));
      steps.push({ ...EMPTY_STEP, decodeSequences: sequences, decodeContextTokens: sequences * perSequence });
    }
  for (const tokens of new Set([1, Math.max(1, limits.maxNumBatchedTokens)]))
    steps.push({
      ...EMPTY_STEP,
      prefillTokens: tokens,
      prefillSequences: 1,
      prefillAttentionTokenPairs: (tokens * (tokens + 1)) / 2,
    });
  return steps;
}

const describeStep = (s: StepComposition) =>
  s.prefillTokens > 0
    ? `${s.prefillTokens} prompt token(s) in ${s.prefillSequences} sequence(s)`
    : `${s.decodeSequences} decoding sequence(s) holding ${s.decodeContextTokens} context tokens`;

/**
 * `step-time-invalid` when the step timer returns a time that is not positive and finite at a corner of
 * what the replica can run (a hand-edited or transferred calibration can do that); the simulator stops
 * with the same reason at any other step, so no result rests on such a time.
 */
export function checkStepTimer(
  timer: StepTimer,
  limits: StepLimits,
  calibration?: string,
): Issue | undefined {
  for (const step of cornerSteps(limits)) {
    const seconds = timer.stepSeconds(step);
    if (!(seconds > 0 && Number.isFinite(seconds))) return invalidStepIssue(seconds, step, calibration);
  }
  return undefined;
}

export function invalidStepIssue(seconds: number, step: StepComposition, calibration?: string): Issue {
  return {
    code: 'step-time-invalid',
    details: {
      seconds: Number.isFinite(seconds) ? Number(seconds.toPrecision(4)) : String(seconds),
      step: describeStep(step),
      calibration: calibration ?? 'none',
    },
  };
}
