import type { z } from 'zod';
import type { Issue } from '../core/issue.js';

/**
 * A request schema's violations as `invalid-option` issues, one per bad field, the field named as the
 * surface names it (`fieldToFlag`: `--slo-e2e-p95` on the CLI, the field itself over HTTP). Shared by the
 * provision, fleet and cost-table requests.
 */
export function requestSchemaIssues(error: z.ZodError, fieldToFlag: (path: string) => string): Issue[] {
  return error.issues.map(
    (i): Issue => ({
      code: 'invalid-option',
      path: fieldToFlag(i.path.map(String).join('.') || '(body)'),
      message: i.message,
    }),
  );
}
