import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AWS_REGION_CODE } from './aws.js';

const built = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../data/v1/clouds/aws.json'), 'utf8'),
) as { instances: { id: string; cpuArchitecture?: string; prices: { region: string }[] }[] };

describe('the built AWS catalog (issue 12: picks that deploy)', () => {
  it('tells a Region code from Local and Wavelength Zone codes', () => {
    for (const region of ['us-east-1', 'us-gov-west-1', 'ap-southeast-5', 'il-central-1'])
      expect(AWS_REGION_CODE.test(region)).toBe(true);
    for (const zone of ['us-east-1-atl-1', 'us-west-2-wl1-den1', 'us-east-1-wl1', 'af-south-1-los-1'])
      expect(AWS_REGION_CODE.test(zone)).toBe(false);
  });

  it('prices instances only in Regions, never in a Local or Wavelength Zone (SkyPilot infra: aws/<region>)', () => {
    const zones = built.instances.flatMap((i) =>
      i.prices.filter((p) => !AWS_REGION_CODE.test(p.region)).map((p) => `${i.id} ${p.region}`),
    );
    expect(zones).toEqual([]);
  });

  it('marks exactly the G5g family (Graviton2) as arm64', () => {
    const arm = built.instances.filter((i) => i.cpuArchitecture === 'arm64').map((i) => i.id);
    expect(arm.length).toBeGreaterThan(0);
    expect(arm.every((id) => id.startsWith('g5g.'))).toBe(true);
  });
});
