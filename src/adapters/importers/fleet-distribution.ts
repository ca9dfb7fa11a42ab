import { readFileSync } from 'node:fs';
import type { FleetDistributionRow } from '../../app/fleet-request.js';
import { fail, type Issue, ok, type Result } from '../../core/issue.js';

const COLUMNS = {
  input: ['input_tokens', 'inputtokens', 'input', 'contexttokens'],
  output: ['output_tokens', 'outputtokens', 'output', 'generatedtokens'],
  weight: ['weight', 'count', 'share'],
};

/** Problems reported per file before giving up listing more. */
const MAX_ROW_ISSUES = 10;

/**
 * A request-size distribution from CSV: a header naming the input-token, output-token and (optional,
 * default 1) weight columns — `input_tokens,output_tokens,weight` — then one row per size. Every bad row
 * is reported with its line (up to 10).
 */
export function parseDistributionCsv(text: string, file: string): Result<FleetDistributionRow[]> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase().replace(/"/g, ''));
  const find = (names: string[]) => header.findIndex((h) => names.includes(h));
  const [inputAt, outputAt, weightAt] = [find(COLUMNS.input), find(COLUMNS.output), find(COLUMNS.weight)];
  if (inputAt < 0 || outputAt < 0)
    return fail({
      code: 'invalid-distribution',
      path: file,
      message: `the header needs input_tokens and output_tokens columns (and optionally weight); found: ${header.join(', ') || 'nothing'}`,
    });
  const rows: FleetDistributionRow[] = [];
  const issues: Issue[] = [];
  lines.slice(1).forEach((line, k) => {
    if (line.trim() === '') return;
    const cells = line.split(',').map((c) => c.trim().replace(/"/g, ''));
    const int = (at: number) => Number(cells[at]);
    const inputTokens = int(inputAt);
    const outputTokens = int(outputAt);
    const weight = weightAt < 0 ? 1 : Number(cells[weightAt]);
    const bad: string[] = [];
    if (!(Number.isInteger(inputTokens) && inputTokens > 0))
      bad.push(`input tokens '${cells[inputAt] ?? ''}'`);
    if (!(Number.isInteger(outputTokens) && outputTokens > 0))
      bad.push(`output tokens '${cells[outputAt] ?? ''}'`);
    if (!(Number.isFinite(weight) && weight >= 0)) bad.push(`weight '${cells[weightAt] ?? ''}'`);
    if (bad.length > 0) {
      if (issues.length < MAX_ROW_ISSUES)
        issues.push({
          code: 'invalid-distribution',
          path: `${file}:${k + 2}`,
          message: `${bad.join(', ')}: token counts must be whole numbers ≥ 1 and weights numbers ≥ 0`,
        });
      return;
    }
    rows.push({ inputTokens, outputTokens, weight });
  });
  return issues.length > 0 ? fail(...issues) : ok(rows);
}

export function readDistributionCsv(path: string): Result<FleetDistributionRow[]> {
  try {
    return parseDistributionCsv(readFileSync(path, 'utf8'), path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail({ code: 'file-unreadable', path, message, details: { file: path } });
  }
}
