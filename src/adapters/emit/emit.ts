import { emitK8s } from './k8s.js';
import type { DeployPlan } from './plan.js';
import { emitSkypilot } from './skypilot.js';
import { emitVllm } from './vllm.js';

export const EMIT_TARGETS = ['vllm', 'skypilot', 'k8s'] as const;
export type EmitTarget = (typeof EMIT_TARGETS)[number];

/** The deployable text of a plan for a target. */
export function emitPlan(target: EmitTarget, plan: DeployPlan): string {
  if (target === 'vllm') return emitVllm(plan);
  if (target === 'skypilot') return emitSkypilot(plan);
  return emitK8s(plan);
}
