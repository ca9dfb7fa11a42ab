import { readFileSync } from 'node:fs';
import { fail, type Issue, ok, type Result } from '../../core/issue.js';
import { jsonErrorPosition } from './json-error-position.js';

/**
 * Reads and decodes a JSON file. An unreadable file gives `file-unreadable`; bad JSON gives
 * `file-invalid-json` with the line, column and offset of the first syntax error.
 */
export function readJsonFile(path: string): Result<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail({ code: 'file-unreadable', path, message, details: { file: path } });
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = jsonErrorPosition(text);
    const details: NonNullable<Issue['details']> = { file: path };
    if (position) Object.assign(details, position);
    return fail({ code: 'file-invalid-json', path, message, details });
  }
}
