import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './build-data/canonical-json.js';
import { buildData, DATA_DIR, DEFAULT_SHARED_DATA_DIR } from './build-data.js';

const sharedPresent = existsSync(DEFAULT_SHARED_DATA_DIR);

describe('build-data', () => {
  it('writes canonical JSON: sorted keys at every depth, 2-space indent, trailing newline', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{\n  "a": {\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it.skipIf(!sharedPresent)(
    `reproduces the committed data/v1 files byte for byte from the shared data (skipped when ../shared/data is absent)`,
    () => {
      const built = buildData(DEFAULT_SHARED_DATA_DIR);
      expect(Object.keys(built).sort()).toEqual([
        'api-prices.json',
        'clouds/aws.json',
        'clouds/azure.json',
        'clouds/build-report.md',
        'clouds/gcp.json',
        'clouds/lambda.json',
        'clouds/paper-2025.json',
        'energy.json',
        'flexgen-cost-model.json',
        'gpus.json',
        'mig.json',
        'models.json',
      ]);
      for (const [relative, contents] of Object.entries(built)) {
        expect(
          readFileSync(join(DATA_DIR, relative), 'utf8'),
          `data/v1/${relative} is stale: run npm run data`,
        ).toBe(contents);
      }
    },
  );

  it.skipIf(!sharedPresent)('builds the same bytes twice', () => {
    expect(buildData(DEFAULT_SHARED_DATA_DIR)).toEqual(buildData(DEFAULT_SHARED_DATA_DIR));
  });
});
