import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeIssue, escapeControlCharacters, KNOWN_MESSAGE_CODES } from './messages.js';
import { CLI_WORDING, FIELD_WORDING } from './wording.js';

const srcDir = resolve(import.meta.dirname, '..');
const EMITTING_LAYERS = ['core', 'app', 'adapters', 'catalog'];

/**
 * `code: '…'` literals that are not planner issues: zod's own issue code for `ctx.addIssue`, which the
 * catalog's schema-issue mapping turns into `schema-invalid`.
 */
const NOT_ISSUE_CODES: Record<string, string> = { custom: 'catalog/gpu-file-schema.ts' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every issue code the source emits, with the files that emit it. */
function emittedCodes(): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const file of EMITTING_LAYERS.flatMap((layer) => sourceFiles(join(srcDir, layer)))) {
    const text = readFileSync(file, 'utf8');
    const found = [
      ...[...text.matchAll(/\bcode: '([a-z0-9-]+)'/g)].map((m) => m[1]),
      // lookupById(items, value, 'unknown-…', '--flag') passes the code as an argument.
      ...[...text.matchAll(/lookupById\([^;]*?'([a-z0-9-]+)'/g)].map((m) => m[1]),
    ];
    for (const code of found) {
      if (code === undefined) continue;
      codes.set(code, [...(codes.get(code) ?? []), relative(srcDir, file)]);
    }
  }
  return codes;
}

describe('issue messages', () => {
  const emitted = emittedCodes();

  it('finds the issue codes in the source (the scan itself works)', () => {
    for (const code of [
      'over-budget',
      'no-candidate',
      'unknown-model',
      'schema-invalid',
      'file-invalid-json',
    ]) {
      expect(emitted.has(code)).toBe(true);
    }
    expect(emitted.size).toBeGreaterThan(30);
  });

  it('has a sentence for every issue code emitted by core, app, adapters and catalog', () => {
    const missing = [...emitted.keys()]
      .filter((code) => !(code in NOT_ISSUE_CODES) && !KNOWN_MESSAGE_CODES.includes(code))
      .map((code) => `${code} (${emitted.get(code)?.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('lists only non-issue codes that still occur where it says', () => {
    for (const [code, file] of Object.entries(NOT_ISSUE_CODES)) {
      expect(emitted.get(code)).toContain(file);
    }
  });

  it('has no sentence for a code nothing emits any more', () => {
    expect(KNOWN_MESSAGE_CODES.filter((code) => !emitted.has(code))).toEqual([]);
  });

  it('turns every known code into a sentence, not the bare code, even without details', () => {
    for (const code of KNOWN_MESSAGE_CODES) {
      const text = describeIssue({ code, path: '--flag', message: 'what went wrong' });
      expect(text.length).toBeGreaterThan(code.length);
      expect(text).not.toBe(code);
      expect(text).not.toContain('undefined');
    }
  });
});

describe('issue sentences', () => {
  it('over-budget shows enough digits that the price and the budget differ', () => {
    const text = describeIssue(
      { code: 'over-budget', details: { priceUsdPerHour: 3.0042, maxPriceUsdPerHour: 3 } },
      CLI_WORDING,
    );
    expect(text).toBe('over budget: $3.0042/h > --max-price $3.0000/h');
    expect(
      describeIssue(
        { code: 'over-budget', details: { priceUsdPerHour: 4.35, maxPriceUsdPerHour: 3 } },
        CLI_WORDING,
      ),
    ).toBe('over budget: $4.35/h > --max-price $3.00/h');
  });

  it('no-candidate names the closest instance, the shortfall and the instance over budget', () => {
    const issue = {
      code: 'no-candidate',
      details: {
        sloTokensPerSecond: 5000,
        maxPriceUsdPerHour: 3,
        fastestInstance: 'g6e.xlarge',
        fastestTokensPerSecond: 3019,
        shortByTokensPerSecond: 1981,
        overBudgetInstance: 'g7e.2xlarge',
        overBudgetUsdPerHour: 3.36312,
        overBudgetByUsdPerHour: 0.36312,
      },
    };
    const text = describeIssue(issue, CLI_WORDING);
    expect(text).toContain('no instance meets 5,000.0 TPS within --max-price $3.00/h.');
    expect(text).toContain('Closest within budget: g6e.xlarge at 3,019.0 TPS, 1,981.0 TPS short.');
    expect(text).toContain('g7e.2xlarge meets it at $3.36/h, $0.363/h over --max-price.');
    expect(describeIssue(issue, FIELD_WORDING)).toContain('within maxPrice $3.00/h.');
  });

  it('no-candidate without a budget does not mention one', () => {
    const text = describeIssue({
      code: 'no-candidate',
      details: {
        sloTokensPerSecond: 10,
        fastestInstance: 'g6.xlarge',
        fastestTokensPerSecond: 5,
        shortByTokensPerSecond: 5,
      },
    });
    expect(text).toContain('no instance meets 10.0 TPS.');
    expect(text).not.toMatch(/budget|max-price/);
  });

  it('no-candidate when nothing can hold the workload says so and suggests a smaller one', () => {
    const text = describeIssue({ code: 'no-candidate', details: { sloTokensPerSecond: 10 } }, CLI_WORDING);
    expect(text).toContain('No instance can hold the model and its KV cache');
    expect(text).toContain('--batch-size');
  });

  it('names a field as a flag on the CLI and as the JSON field elsewhere', () => {
    const issue = { code: 'invalid-option', path: 'inputTokens', message: "'-1' is not a positive number" };
    expect(describeIssue(issue, CLI_WORDING)).toBe("--input-tokens: '-1' is not a positive number");
    expect(describeIssue(issue)).toBe("inputTokens: '-1' is not a positive number");
    const missing = { code: 'missing-option', path: 'sloE2eP95', message: 'or {{sloTtftP95}}' };
    expect(describeIssue(missing, CLI_WORDING)).toBe('--slo-e2e-p95 is required: or --slo-ttft-p95');
    expect(describeIssue(missing)).toBe('sloE2eP95 is required: or sloTtftP95');
  });

  it('points to the CLI listing command on the CLI and to the GET endpoint over HTTP', () => {
    const issue = { code: 'unknown-model', path: 'model', details: { value: 'opt-x' } };
    expect(describeIssue(issue, CLI_WORDING)).toBe(
      "unknown model 'opt-x' (list them: infersave models; or give the model's config.json as --model-config)",
    );
    expect(describeIssue(issue)).toBe(
      "unknown model 'opt-x' (list them: GET /v1/models; or give the model's config.json as modelConfig)",
    );
    const region = { code: 'unknown-region', path: 'region', details: { value: 'mars-1', clouds: 'aws' } };
    expect(describeIssue(region, CLI_WORDING)).toContain('(list them: infersave regions)');
    expect(describeIssue(region)).toContain('(list them: GET /v1/instances)');
  });

  it('leaves a data location that is no field as it is', () => {
    const issue = { code: 'something-new', path: 'gpus[3].id', message: 'is wrong' };
    expect(describeIssue(issue, CLI_WORDING)).toBe('gpus[3].id: is wrong');
  });

  it('an unknown code falls back to its path and message', () => {
    expect(describeIssue({ code: 'something-new', path: '--flag', message: 'is wrong' })).toBe(
      '--flag: is wrong',
    );
  });
});

describe('escapeControlCharacters', () => {
  it('shows a trace’s ANSI colour codes and NULs as visible escapes, keeping newlines and tabs', () => {
    expect(escapeControlCharacters('\u001b[31mred\u001b[0m\tok\nnext\u0000')).toBe(
      '\\e[31mred\\e[0m\tok\nnext\\x00',
    );
    const sentence = describeIssue({ code: 'invalid-option', path: '--trace', message: 'bad row \u001b[2J' });
    expect(sentence).toBe('--trace: bad row \\e[2J');
  });
});
