// Types of trace.js (a browser module, not compiled) for its tests.
interface Trace {
  arrivalSeconds: number[];
  inputTokens: number[];
  outputTokens: number[];
}
export function parseDuration(text: string): number | undefined;
export function syntheticTrace(p: {
  quietRate: number;
  busyRate: number;
  phaseSeconds: number;
  inputTokens: number;
  outputTokens: number;
  seed?: number;
}): Trace;
export function sizesSample(inputTokens: number, outputTokens: number, n: number): Trace;
export function parseTraceCsv(
  text: string,
  maxRequests: number,
): { trace?: Trace; rowsInFile?: number; error?: string };
