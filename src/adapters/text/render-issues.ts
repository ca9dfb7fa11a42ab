import type { Issue } from '../../core/issue.js';
import { describeIssue } from '../../messages/messages.js';
import { CLI_WORDING } from '../../messages/wording.js';

/** Error text for failed input: one line per issue, then a hint. */
export function renderErrors(issues: Issue[], command: string): string {
  const lines = issues.map((i) => `error: ${describeIssue(i, CLI_WORDING)}`);
  lines.push(`(see: infersave ${command} --help)`);
  return `${lines.join('\n')}\n`;
}

/** Distinct warnings, one line each. */
export function renderWarnings(warnings: Issue[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const w of warnings) {
    const text = describeIssue(w, CLI_WORDING);
    if (seen.has(text)) continue;
    seen.add(text);
    lines.push(`note: ${text}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
