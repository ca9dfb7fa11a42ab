import type { z } from 'zod';
import type { Issue } from '../core/issue.js';

/** `gpus[3].memoryGiB` from `['gpus', 3, 'memoryGiB']`, after an optional prefix. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Every schema violation as an Issue with code `schema-invalid` and the field's path. */
export function schemaIssues(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.map((issue): Issue => {
    const path = formatPath(issue.path, prefix);
    const details: NonNullable<Issue['details']> = { zodCode: issue.code };
    if ('keys' in issue && Array.isArray(issue.keys)) details.keys = issue.keys.map(String);
    return { code: 'schema-invalid', path: path === '' ? '(root)' : path, message: issue.message, details };
  });
}
