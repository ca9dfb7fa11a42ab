import type { Issue } from '../core/issue.js';

const text = (issue: Issue, key: string, fallback: string): string => {
  const v = issue.details?.[key];
  if (v === undefined) return fallback;
  return Array.isArray(v) ? v.join(', ') : String(v);
};

/** Sentences for serving-engine profiles (data/v1/engines/). */
export const engineMessages: Record<string, (issue: Issue) => string> = {
  'engines-unavailable': (i) =>
    `the serving-engine profiles could not be read${i.message ? `: ${i.message}` : ''}; reinstall infersave`,
};
