import { fail, type Issue, ok, type Result } from '../core/issue.js';
import { migGeometry } from '../core/mig-geometry.js';
import type { MigGpu, MigProfile } from '../core/mig-profile.js';
import { BYTES_PER_GIB } from './data-units.js';
import { duplicateIdIssues } from './duplicate-id-issues.js';
import { migFileSchema } from './mig-file-schema.js';
import { schemaIssues } from './schema-issues.js';

/**
 * Parses data/v1/mig.json into MigGpus (GiB → bytes), checking what the schema cannot: unique GPUs and
 * profile names, and that every known-valid layout really places under the placement rules.
 */
export function parseMigFile(raw: unknown): Result<MigGpu[]> {
  const parsed = migFileSchema.safeParse(raw);
  if (!parsed.success) return fail(...schemaIssues(parsed.error));
  const issues: Issue[] = duplicateIdIssues(
    parsed.data.gpus.map((g) => g.gpuId),
    (i) => `gpus[${i}].gpuId`,
  );
  const gpus: MigGpu[] = parsed.data.gpus.map((g, gi) => {
    issues.push(
      ...duplicateIdIssues(
        g.profiles.map((p) => p.name),
        (i) => `gpus[${gi}].profiles[${i}].name`,
      ),
    );
    const profiles: MigProfile[] = g.profiles.map((p) => {
      const { memoryGiB, smCount, ...rest } = p;
      return {
        ...rest,
        memoryBytes: memoryGiB * BYTES_PER_GIB,
        ...(smCount !== undefined ? { smCount } : {}),
      };
    });
    const gpu: MigGpu = {
      gpuId: g.gpuId,
      totalComputeSlices: g.totalComputeSlices,
      totalMemorySlices: g.totalMemorySlices,
      profiles,
      knownValidLayouts: g.knownValidLayouts,
      sources: g.sources,
    };
    g.knownValidLayouts.forEach((layout, li) => {
      const geometry = migGeometry(gpu, layout.profiles);
      if (!geometry.valid)
        issues.push({
          code: 'mig-layout-invalid',
          path: `gpus[${gi}].knownValidLayouts[${li}]`,
          message: `layout ${layout.name} does not place on ${g.gpuId}: ${geometry.reason}`,
          details: { layout: layout.name },
        });
    });
    return gpu;
  });
  return issues.length > 0 ? fail(...issues) : ok(gpus);
}
