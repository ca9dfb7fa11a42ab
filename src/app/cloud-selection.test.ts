import { describe, expect, it } from 'vitest';
import { fsPlannerData } from '../adapters/fs/fs-planner-data.js';
import type { Catalog } from '../core/instance-type.js';
import { cloudCatalogs } from './cloud-catalogs.js';
import { defaultClouds, selectClouds } from './cloud-selection.js';

const loaded = cloudCatalogs(fsPlannerData);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const catalogs: Catalog[] = loaded.value;

describe('selectClouds', () => {
  it('defaults to every shipped cloud that is not opt-in, each in its catalog’s default region', () => {
    expect(defaultClouds(catalogs).sort()).toEqual(['aws', 'azure', 'gcp', 'lambda']);
    const s = selectClouds(catalogs, undefined, undefined);
    if (!s.ok) throw new Error(JSON.stringify(s.issues));
    expect(s.value.regionByProvider).toEqual({
      aws: 'us-east-1',
      gcp: 'us-central1',
      azure: 'eastus',
      lambda: 'us-east-1',
    });
    expect(s.value.warnings).toEqual([]);
  });

  it('prices a bare region on every selected cloud that has it and says which clouds it left out', () => {
    // us-east-1 is a region name of both AWS and Lambda; GCP and Azure name theirs differently.
    const s = selectClouds(catalogs, undefined, ['us-east-1']);
    if (!s.ok) throw new Error(JSON.stringify(s.issues));
    expect(s.value.providers).toEqual(['aws', 'lambda']);
    expect(s.value.regionByProvider).toEqual({ aws: 'us-east-1', lambda: 'us-east-1' });
    expect(s.value.catalog.instances.every((i) => i.provider === 'aws' || i.provider === 'lambda')).toBe(
      true,
    );
    expect(s.value.warnings).toEqual([
      {
        code: 'clouds-left-out-by-region',
        path: 'region',
        details: { regions: ['us-east-1'], clouds: ['azure', 'gcp'], searched: ['aws', 'lambda'] },
      },
    ]);
  });

  it('takes cloud:region exactly, leaving the other cloud with that region name out', () => {
    const s = selectClouds(catalogs, ['aws', 'lambda'], ['lambda:us-east-1']);
    if (!s.ok) throw new Error(JSON.stringify(s.issues));
    expect(s.value.regionByProvider).toEqual({ lambda: 'us-east-1' });
    expect(s.value.warnings[0]?.details?.clouds).toEqual(['aws']);
  });

  it('says nothing when every selected cloud has a region', () => {
    const s = selectClouds(catalogs, ['aws', 'lambda'], ['us-east-1']);
    if (!s.ok) throw new Error(JSON.stringify(s.issues));
    expect(s.value.providers).toEqual(['aws', 'lambda']);
    expect(s.value.warnings).toEqual([]);
  });

  it('reports every bad region at once: unknown, a cloud not selected, and two regions for one cloud', () => {
    const s = selectClouds(
      catalogs,
      ['aws', 'gcp'],
      ['us-east-1', 'aws:us-west-2', 'azure:eastus', 'mars-1'],
    );
    expect(s.ok).toBe(false);
    if (s.ok) return;
    expect(s.issues.map((i) => i.code)).toEqual([
      'two-regions-for-one-cloud',
      'region-cloud-not-selected',
      'unknown-region',
    ]);
    expect(s.issues.every((i) => i.path === 'region')).toBe(true);
  });
});
