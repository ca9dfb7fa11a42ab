/**
 * The deepest nesting of `[`/`{` in a JSON text, counted before it is parsed, stopping as soon as it passes
 * `limit` (a 64 KiB body of 30,000 open brackets costs one linear scan, never a deep recursion). Brackets
 * inside strings do not count. Malformed text is scanned the same way: JSON.parse reports it afterwards.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}
