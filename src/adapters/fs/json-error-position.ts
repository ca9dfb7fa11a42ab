/** Where in a text something is: a 0-based offset and 1-based line and column. */
export interface TextPosition {
  offset: number;
  line: number;
  column: number;
}

/** Thrown inside the scanner only, to unwind to `jsonErrorPosition`. */
class SyntaxAt {
  constructor(readonly offset: number) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = '"\\/bfnrt';

/** Finds the first syntax error of a JSON text (RFC 8259) by scanning it; the scan never allocates values. */
function firstErrorOffset(text: string): number | undefined {
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const expect = (char: string): void => {
    skipSpace();
    if (text.charAt(i) !== char) throw new SyntaxAt(i);
    i++;
  };
  const scanString = (): void => {
    i++;
    while (i < text.length) {
      const char = text.charAt(i);
      if (char === '"') {
        i++;
        return;
      }
      if (char === '\\') {
        const escaped = text.charAt(i + 1);
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new SyntaxAt(i);
          i += 6;
        } else if (escaped !== '' && ESCAPES.includes(escaped)) {
          i += 2;
        } else {
          throw new SyntaxAt(i);
        }
      } else if (char < ' ') {
        throw new SyntaxAt(i);
      } else {
        i++;
      }
    }
    throw new SyntaxAt(i);
  };
  const scanValue = (): void => {
    skipSpace();
    const char = text.charAt(i);
    if (char === '{') {
      i++;
      skipSpace();
      if (text.charAt(i) === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text.charAt(i) !== '"') throw new SyntaxAt(i);
        scanString();
        expect(':');
        scanValue();
        skipSpace();
        if (text.charAt(i) !== ',') {
          expect('}');
          return;
        }
        i++;
      }
    }
    if (char === '[') {
      i++;
      skipSpace();
      if (text.charAt(i) === ']') {
        i++;
        return;
      }
      for (;;) {
        scanValue();
        skipSpace();
        if (text.charAt(i) !== ',') {
          expect(']');
          return;
        }
        i++;
      }
    }
    if (char === '"') {
      scanString();
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) throw new SyntaxAt(i);
    i += match[0].length;
  };
  try {
    scanValue();
    skipSpace();
    if (i < text.length) throw new SyntaxAt(i);
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    throw error;
  }
}

/** Where a JSON text first goes wrong, or undefined when it is valid JSON. */
export function jsonErrorPosition(text: string): TextPosition | undefined {
  const offset = firstErrorOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { offset, line, column };
}
