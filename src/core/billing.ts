import type { BillingRule } from './instance-type.js';

export const SECONDS_PER_HOUR = 3600;

/**
 * Seconds a provider charges for `runSeconds` of use: whole hours rounded up (the InferSave paper's
 * ⌈T_task⌉), or whole seconds with a minimum (AWS, GCP and Azure Linux VMs today).
 */
export function billedSeconds(runSeconds: number, rule: BillingRule): number {
  if (rule.kind === 'hourly') return Math.max(1, Math.ceil(runSeconds / SECONDS_PER_HOUR)) * SECONDS_PER_HOUR;
  return Math.max(rule.minimumSeconds, Math.ceil(runSeconds));
}
