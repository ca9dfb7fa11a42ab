import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function isPackage(dir: string, name: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
    return parsed.name === name;
  } catch {
    return false;
  }
}

/**
 * The directory of the nearest package.json named `name`, walking up from `fromUrl` (a module's
 * `import.meta.url`): works from `src/` under tsx or vitest and from `dist/src/` after `tsc`.
 */
export function findPackageRoot(fromUrl: string, name = 'infersave'): string | undefined {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (isPackage(dir, name)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
