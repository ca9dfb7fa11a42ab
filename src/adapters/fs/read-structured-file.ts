import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { fail, ok, type Result } from '../../core/issue.js';

/** A JSON or YAML file (YAML is a superset of JSON), as plain data; unreadable or malformed → an issue naming the file. */
export function readStructuredFile(path: string, flag: string): Result<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail({ code: 'file-unreadable', path: flag, message, details: { file: path } });
  }
  try {
    return ok(parseYaml(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return fail({
      code: 'invalid-option',
      path: flag,
      message: `${path} is not valid JSON or YAML: ${message}`,
    });
  }
}
