// Types of bodies.js (a browser module, not compiled) for its tests.
type Values = Record<string, string>;
interface PageIssue {
  field: string;
  message: string;
}
export const CAPACITY_MIX_CONTROLS: Record<string, string>;
export const PROVISION_CONTROLS: Record<string, string>;
export function capacityMixBody(values: Values): { body?: Record<string, unknown>; issues?: PageIssue[] };
type Columns = { arrivalSeconds: number[]; inputTokens: number[]; outputTokens: number[] };
export function fitTrace(
  body: Record<string, unknown>,
  trace: Columns,
  maxBodyBytes?: number,
): { requests: Columns; sent: number; of: number };
export function provisionBody(
  values: Values,
  uploaded?: Columns,
  maxBodyBytes?: number,
): { body?: Record<string, unknown>; issues?: PageIssue[]; cut?: { sent: number; of: number } };
export const FLEET_CONTROLS: Record<string, string>;
export function parseSizes(text: string): {
  rows: { inputTokens: number; outputTokens: number; weight: number }[];
  issues: string[];
};
export function fleetBody(values: Values): { body?: Record<string, unknown>; issues?: PageIssue[] };
