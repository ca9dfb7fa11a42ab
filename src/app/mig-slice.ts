import type { GpuSpec } from '../core/gpu-spec.js';
import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { MigGpu } from '../core/mig-profile.js';
import { type MigSliceInfo, migSliceGpu } from '../core/mig-slice-gpu.js';

/**
 * `--gpu G --mig PROFILE`: the slice as a GPU, or a clear error listing the valid profiles (or the GPUs
 * that have MIG). Figures the data marks as estimated come back as a warning, never silently.
 */
export function resolveMigSlice(
  migGpus: MigGpu[],
  gpu: GpuSpec,
  profileName: string,
): Result<GpuSpec & { mig: MigSliceInfo }> {
  const mig = migGpus.find((g) => g.gpuId === gpu.id);
  if (!mig) {
    return fail({
      code: 'gpu-without-mig',
      path: 'mig',
      details: { gpu: gpu.id, value: profileName, valid: migGpus.map((g) => g.gpuId) },
    });
  }
  const profile = mig.profiles.find((p) => p.name === profileName.trim().toLowerCase());
  if (!profile) {
    return fail({
      code: 'unknown-mig-profile',
      path: 'mig',
      details: { gpu: gpu.id, value: profileName, valid: mig.profiles.map((p) => p.name) },
    });
  }
  const warnings: Issue[] =
    profile.estimated.length > 0
      ? [
          {
            code: 'mig-data-estimated',
            details: { gpu: gpu.id, profile: profile.name, estimated: profile.estimated },
          },
        ]
      : [];
  return ok(migSliceGpu(gpu, profile), warnings);
}

/** The warning a MIG slice with estimated figures carries wherever it is used (none for whole GPUs). */
export function migEstimateWarnings(gpu: GpuSpec): Issue[] {
  const mig = (gpu as { mig?: MigSliceInfo }).mig;
  return mig && mig.estimated.length > 0
    ? [
        {
          code: 'mig-data-estimated',
          details: { gpu: gpu.id, profile: mig.profile, estimated: mig.estimated },
        },
      ]
    : [];
}
