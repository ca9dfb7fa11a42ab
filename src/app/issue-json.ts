import type { Issue } from '../core/issue.js';
import { describeIssue } from '../messages/messages.js';

/** An issue in a JSON answer: its code, its sentence (fields named as JSON fields) and its details. */
export interface IssueJson {
  code: string;
  message: string;
  details: NonNullable<Issue['details']>;
}

export function issueJson(issue: Issue): IssueJson {
  return { code: issue.code, message: describeIssue(issue), details: issue.details ?? {} };
}

/** A result whose warnings are issues, as its JSON contract gives them: each with its sentence. */
export function withWordedWarnings<T extends { warnings: Issue[] }>(
  result: T,
): Omit<T, 'warnings'> & { warnings: IssueJson[] } {
  return { ...result, warnings: result.warnings.map(issueJson) };
}
