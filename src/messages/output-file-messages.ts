import type { Issue } from '../core/issue.js';

const d = (issue: Issue, key: string): string => String(issue.details?.[key] ?? '?');

/** Sentences for files a command writes (src/adapters/fs/output-file.ts). */
export const outputFileMessages: Record<string, (issue: Issue) => string> = {
  'output-exists': (i) =>
    `${i.path}: ${d(i, 'file')} already exists; add {{force}} to replace it, or name another file (nothing was run)`,
  'output-is-input': (i) =>
    `${i.path}: ${d(i, 'file')} is the command's own input ${d(i, 'input')}; writing it would destroy what was read — name another file ({{force}} does not apply)`,
  'output-is-directory': (i) => `${i.path}: ${d(i, 'file')} is a folder; name a file inside it`,
  'output-folder-missing': (i) =>
    `${i.path}: cannot write ${d(i, 'file')}: the folder ${d(i, 'folder')} does not exist; create it or name a file in an existing folder`,
};
