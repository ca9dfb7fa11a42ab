import type { OperationName } from './operations.js';

/** Synthetic requests above which a simulate is slow (about a second on one core, docs/benchmarks.md). */
export const HEAVY_SIMULATE_REQUESTS = 5000;
/** Inline measurements above which a calibrate is slow. */
export const HEAVY_CALIBRATE_MEASUREMENTS = 20;

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

function number(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function seconds(v: unknown): number | undefined {
  const direct = number(v);
  if (direct !== undefined) return direct;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(v) : null;
  return m ? Number(m[1]) * (UNIT_SECONDS[m[2] as string] ?? 1) : undefined;
}

/**
 * Whether a request is slow by its size alone, read loosely before validation (a wrong value is the use
 * case's to report): a simulate of many synthetic requests, or a calibrate of many measurements. The
 * worker pool keeps such jobs off its last free worker.
 */
export function isHeavyRequest(name: OperationName, input: unknown): boolean {
  if (input === null || typeof input !== 'object') return false;
  const body = input as Record<string, unknown>;
  if (name === 'simulate') {
    const count = number(body.requests) ?? (number(body.rate) ?? 0) * (seconds(body.duration) ?? 0);
    return count > HEAVY_SIMULATE_REQUESTS;
  }
  // Packing bisects capacity per tenant and slice, then solves a MILP; provisioning replays a trace three
  // times: both take seconds at least.
  // The capacity mix bisects one replica's capacity and replays the trace.
  // Recommend under latency SLOs and capacity bisect each instance type's rate by simulation.
  const heavy = ['pack', 'provision', 'fleet', 'capacity-mix', 'recommend-latency', 'capacity'];
  if (heavy.includes(name)) return true;
  if (name === 'calibrate') {
    return Array.isArray(body.measurements) && body.measurements.length > HEAVY_CALIBRATE_MEASUREMENTS;
  }
  return false;
}
