import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from './package-root.js';

let version: string | undefined;

/** The package's version, read once from package.json: the one place it is written (CLI --version, API). */
export function packageVersion(): string {
  if (version === undefined) {
    const root = findPackageRoot(import.meta.url);
    const parsed = root
      ? (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown })
      : {};
    version = typeof parsed.version === 'string' ? parsed.version : 'unknown';
  }
  return version;
}
