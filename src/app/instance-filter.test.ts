import { describe, expect, it } from 'vitest';
import type { Catalog, InstanceType } from '../core/instance-type.js';
import { readCpuArchitectures, withCpuArchitectures } from './instance-filter.js';
import { OptionReader } from './option-reader.js';

const instance = (id: string, cpuArchitecture?: 'arm64'): InstanceType =>
  ({ id, ...(cpuArchitecture ? { cpuArchitecture } : {}) }) as InstanceType;
const catalog = { instances: [instance('g5g.xlarge', 'arm64'), instance('g6.xlarge')] } as Catalog;

describe('--arch', () => {
  it('keeps only x86_64 hosts for --arch x86_64 (an instance without a stated architecture is x86_64)', () => {
    const o = new OptionReader({ arch: 'x86_64' });
    const kept = withCpuArchitectures(catalog, readCpuArchitectures(o)).instances.map((i) => i.id);
    expect(kept).toEqual(['g6.xlarge']);
    expect(o.issues).toEqual([]);
  });

  it('keeps every instance when not given, and both for x86_64,arm64', () => {
    expect(withCpuArchitectures(catalog, undefined).instances).toHaveLength(2);
    const o = new OptionReader({ arch: 'x86_64,arm64' });
    expect(withCpuArchitectures(catalog, readCpuArchitectures(o)).instances).toHaveLength(2);
  });

  it('refuses an unknown architecture naming the flag and the choices', () => {
    const o = new OptionReader({ arch: 'aarch64' });
    expect(readCpuArchitectures(o)).toBeUndefined();
    expect(o.issues[0]).toMatchObject({ path: 'arch', message: expect.stringContaining('x86_64, arm64') });
  });
});
