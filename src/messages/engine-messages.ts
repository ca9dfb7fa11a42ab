import type { Issue } from '../core/issue.js';

/** Sentences for serving-engine profiles (data/v1/engines/). */
export const engineMessages: Record<string, (issue: Issue) => string> = {
  'engines-unavailable': (i) =>
    `the serving-engine profiles could not be read${i.message ? `: ${i.message}` : ''}; reinstall infersave`,
};
