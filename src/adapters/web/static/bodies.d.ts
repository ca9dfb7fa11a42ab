// Types of bodies.js (a browser module, not compiled) for its tests.
type Values = Record<string, string>;
interface PageIssue {
  field: string;
  message: string;
}
export const MAX_INLINE_REQUESTS: number;
export const CAPACITY_MIX_CONTROLS: Record<string, string>;
export const PROVISION_CONTROLS: Record<string, string>;
export function capacityMixBody(values: Values): { body?: Record<string, unknown>; issues?: PageIssue[] };
export function provisionBody(
  values: Values,
  uploaded?: { arrivalSeconds: number[]; inputTokens: number[]; outputTokens: number[] },
): { body?: Record<string, unknown>; issues?: PageIssue[] };
export const FLEET_CONTROLS: Record<string, string>;
export function parseSizes(text: string): {
  rows: { inputTokens: number; outputTokens: number; weight: number }[];
  issues: string[];
};
export function fleetBody(values: Values): { body?: Record<string, unknown>; issues?: PageIssue[] };
