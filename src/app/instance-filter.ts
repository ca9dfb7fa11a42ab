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
