import type { Issue } from '../../../core/issue.js';

const MAX_VALUE_CHARS = 60;
const MAX_TOKENS = 0xffffffff;

/** A bad data row: `path` is `file:line`, `message` says what is wrong with it. */
export function traceRowIssue(
  file: string,
  line: number,
  message: string,
  column?: string,
  value?: string,
): Issue {
  const details: NonNullable<Issue['details']> = { line };
  if (column !== undefined) details.column = column;
  if (value !== undefined) {
    details.value = value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
  }
  return { code: 'trace-row-invalid', path: `${file}:${line}`, message, details };
}

/** A row with the wrong number of comma-separated fields. */
export function fieldCountIssue(file: string, line: number, expected: number, found: number): Issue {
  const issue = traceRowIssue(file, line, `expected ${expected} fields, found ${found}`);
  return { ...issue, details: { ...issue.details, expected, found } };
}

/**
 * A field that should hold a number but does not: says whether it is missing, negative, fractional, too
 * large or not a number at all. `unit` decides what counts: token counts are whole numbers < 2^32.
 */
export function numberIssue(
  file: string,
  line: number,
  column: string,
  text: string,
  unit: 'tokens' | 'seconds' | 'milliseconds',
): Issue {
  const value = Number(text);
  let problem: string;
  if (text.trim() === '') problem = 'is missing';
  else if (!Number.isFinite(value)) problem = `is '${text}', not a number`;
  else if (value < 0) problem = `is negative (${text})`;
  else if (unit === 'tokens' && !Number.isInteger(value))
    problem = `is ${text}, not a whole number of tokens`;
  else if (unit === 'tokens' && value > MAX_TOKENS) problem = `is ${text}, more than ${MAX_TOKENS} tokens`;
  else problem = `is '${text}', not a number of ${unit}`;
  return traceRowIssue(file, line, `${column} ${problem}`, column, text);
}

/** The header lacks columns this format needs. */
export function headerIssue(
  file: string,
  line: number,
  format: string,
  missing: string[],
  found: string[],
): Issue {
  return {
    code: 'trace-header-invalid',
    path: `${file}:${line}`,
    details: { file, format, missing, found },
  };
}
