import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Which layers each layer may import (architecture guide: layers point inward). */
const ALLOWED: Record<string, string[]> = {
  core: ['core'],
  sim: ['core', 'sim'],
  optimize: ['core', 'optimize'],
  catalog: ['core', 'catalog'],
  messages: ['core', 'messages'],
  app: ['core', 'sim', 'optimize', 'catalog', 'messages', 'app'],
  adapters: ['core', 'sim', 'optimize', 'catalog', 'messages', 'app', 'adapters'],
};
/** npm packages each layer may use; node: built-ins only in adapters. */
const PACKAGES: Record<string, string[]> = {
  core: [],
  sim: [],
  optimize: [],
  catalog: ['zod'],
  messages: [],
  // zod: every use case's request schema (with its defaults) lives in app.
  app: ['fastest-levenshtein', 'zod'],
  adapters: ['*'],
};

const srcDir = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !path.includes('/fixtures/') ? [path] : [];
  });
}

function layerOf(file: string): string {
  return relative(srcDir, file).split('/')[0] ?? '';
}

function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  for (const m of text.matchAll(
    /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
  )) {
    specifiers.push((m[1] ?? m[2]) as string);
  }
  return specifiers;
}

describe('architecture', () => {
  const files = sourceFiles(srcDir);

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('layers import only inward, and only adapters touch node built-ins or arbitrary packages', () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      if (!(layer in ALLOWED)) continue; // top-level files such as src/index.ts re-export the public API
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          const targetLayer = layerOf(target);
          if (!ALLOWED[layer]?.includes(targetLayer)) violations.push(`${relative(srcDir, file)} → ${spec}`);
        } else {
          const allowed = PACKAGES[layer] ?? [];
          const pkg = spec.startsWith('@')
            ? spec.split('/').slice(0, 2).join('/')
            : (spec.split('/')[0] as string);
          if (!allowed.includes('*') && !allowed.includes(pkg))
            violations.push(`${relative(srcDir, file)} → ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('no adapter imports the CLI: adapters meet only in the composition root (src/adapters/cli)', () => {
    // The CLI's own files (program.ts wires the CLI, the server, the load test and the data loader
    // together) are the composition root; every other file reaches the use cases through src/app.
    const cliDir = join(srcDir, 'adapters', 'cli');
    const violations: string[] = [];
    for (const file of files) {
      if (file.startsWith(`${cliDir}/`)) continue;
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(dirname(file), spec);
        if (target.startsWith(`${cliDir}/`)) violations.push(`${relative(srcDir, file)} → ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps files under 400 lines', () => {
    const long = files
      .map((f) => ({ f: relative(srcDir, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.lines > 400);
    expect(long).toEqual([]);
  });
});
