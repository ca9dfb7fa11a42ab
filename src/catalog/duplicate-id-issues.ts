import type { Issue } from '../core/issue.js';

/** Issues for ids that appear more than once in `ids`, pointing at each repeat. */
export function duplicateIdIssues(ids: readonly string[], pathOf: (index: number) => string): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  ids.forEach((id, index) => {
    if (seen.has(id)) issues.push({ code: 'catalog-duplicate-id', path: pathOf(index), details: { id } });
    seen.add(id);
  });
  return issues;
}
