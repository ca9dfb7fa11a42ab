import { existsSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Issue } from '../../core/issue.js';

export interface OutputFileRules {
  /** --force: replace an existing file (never one of `inputs`). */
  force: boolean;
  /** Files the command reads: writing over one would destroy what it was run on, so never allowed. */
  inputs?: readonly string[];
}

/** The path with symbolic links resolved where the file exists, so `./a.json` and a link to it compare equal. */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/**
 * What stops a command from writing `path` (flag: where the user named it), checked before any work so
 * nothing is computed only to be thrown away: an existing file without --force, one of the command's
 * own inputs (even with --force), a folder, or a folder that does not exist. Empty when it may write.
 */
export function outputFileIssues(path: string, flag: string, rules: OutputFileRules): Issue[] {
  const target = canonical(path);
  const input = (rules.inputs ?? []).find((i) => canonical(i) === target);
  if (input !== undefined) return [{ code: 'output-is-input', path: flag, details: { file: path, input } }];
  if (existsSync(target)) {
    if (statSync(target).isDirectory())
      return [{ code: 'output-is-directory', path: flag, details: { file: path } }];
    if (!rules.force) return [{ code: 'output-exists', path: flag, details: { file: path } }];
    return [];
  }
  const folder = dirname(target);
  if (!existsSync(folder))
    return [{ code: 'output-folder-missing', path: flag, details: { file: path, folder } }];
  return [];
}

/**
 * Writes the whole text or nothing: to a temporary file beside `path`, then renamed over it, so a
 * failure half-way never leaves a truncated file where a good one was. Returns the failure's reason.
 */
export function writeOutputFile(path: string, text: string): string | undefined {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, path);
    return undefined;
  } catch (error) {
    try {
      if (existsSync(temporary)) unlinkSync(temporary);
    } catch {
      // the temporary file could not be removed; the reason below is what matters
    }
    return error instanceof Error ? error.message : String(error);
  }
}
