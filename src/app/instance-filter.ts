import { type Catalog, CPU_ARCHITECTURES, type CpuArchitecture } from '../core/instance-type.js';
import type { Issue } from '../core/issue.js';
import type { OptionReader } from './option-reader.js';

/** `--arch x86_64,arm64`: the host CPU architectures a deployment may use; undefined: any. */
export function readCpuArchitectures(o: OptionReader): CpuArchitecture[] | undefined {
  if (o.text('arch') === undefined) return undefined;
  const chosen = o.list('arch');
  const unknown = chosen.filter((a) => !(CPU_ARCHITECTURES as readonly string[]).includes(a));
  if (unknown.length > 0) {
    const issue: Issue = {
      code: 'invalid-option',
      path: 'arch',
      message: `'${unknown.join(',')}' is not a CPU architecture; choose from ${CPU_ARCHITECTURES.join(', ')}`,
    };
    o.issues.push(issue);
    return undefined;
  }
  return chosen as CpuArchitecture[];
}

/** The catalog with only instance types whose host CPU is one of `architectures` (all when undefined). */
export function withCpuArchitectures(
  catalog: Catalog,
  architectures: readonly CpuArchitecture[] | undefined,
): Catalog {
  if (architectures === undefined) return catalog;
  return {
    ...catalog,
    instances: catalog.instances.filter((i) => architectures.includes(i.cpuArchitecture ?? 'x86_64')),
  };
}

/**
 * Matches instance ids against comma-separated shell-style patterns (`g4dn.*,g6.xlarge`): `*` is any
 * run of characters, `?` one character. No patterns matches everything.
 */
export function instanceMatcher(patterns: readonly string[]): (id: string) => boolean {
  if (patterns.length === 0) return () => true;
  const regexes = patterns.map(
    (p) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ),
  );
  return (id) => regexes.some((r) => r.test(id));
}
