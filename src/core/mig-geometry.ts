import type { MigGpu, MigLayout, MigProfile } from './mig-profile.js';

/** Where each instance of a valid layout starts, or why none exists. */
export type MigGeometry =
  | { valid: true; starts: { profile: string; startSlice: number }[] }
  | { valid: false; reason: 'unknown-profile' | 'no-placement' | 'media-extensions'; profile?: string };

/**
 * Whether a set of MIG instances fits one GPU: every instance takes one of its profile's placements
 * (a start memory slice and a run of consecutive slices) without overlapping another, and at most one
 * instance carries media extensions (`+me`). An exact search: largest instances first, each tried at every
 * allowed start, backtracking on overlap. At most 8 slices, so the search is tiny.
 */
export function migGeometry(gpu: MigGpu, layout: MigLayout): MigGeometry {
  const byName = new Map(gpu.profiles.map((p) => [p.name, p]));
  const instances: MigProfile[] = [];
  let media = 0;
  for (const [name, count] of Object.entries(layout)) {
    const profile = byName.get(name);
    if (!profile) return { valid: false, reason: 'unknown-profile', profile: name };
    if (name.includes('+me')) media += count;
    for (let k = 0; k < count; k++) instances.push(profile);
  }
  if (media > 1) return { valid: false, reason: 'media-extensions' };
  instances.sort(
    (a, b) =>
      b.placement.sizeSlices - a.placement.sizeSlices ||
      a.placement.startSlices.length - b.placement.startSlices.length,
  );
  const used = new Array<boolean>(gpu.totalMemorySlices).fill(false);
  const starts: number[] = [];
  const place = (i: number): boolean => {
    if (i === instances.length) return true;
    const { startSlices, sizeSlices } = (instances[i] as MigProfile).placement;
    for (const start of startSlices) {
      if (start + sizeSlices > used.length) continue;
      let free = true;
      for (let s = start; s < start + sizeSlices; s++) if (used[s]) free = false;
      if (!free) continue;
      for (let s = start; s < start + sizeSlices; s++) used[s] = true;
      starts.push(start);
      if (place(i + 1)) return true;
      starts.pop();
      for (let s = start; s < start + sizeSlices; s++) used[s] = false;
    }
    return false;
  };
  if (!place(0)) return { valid: false, reason: 'no-placement' };
  return {
    valid: true,
    starts: instances.map((p, i) => ({ profile: p.name, startSlice: starts[i] as number })),
  };
}

/**
 * Every maximal-or-not layout of one GPU (multisets of profiles that fit), media-extension profiles
 * excluded: the columns a packing MILP chooses from. Enumerated by counts, checked by migGeometry.
 */
export function validMigLayouts(gpu: MigGpu, includeMediaExtensions = false): MigLayout[] {
  const profiles = gpu.profiles.filter((p) => includeMediaExtensions || !p.name.includes('+me'));
  const layouts: MigLayout[] = [];
  const counts = new Array<number>(profiles.length).fill(0);
  const walk = (i: number): void => {
    if (i === profiles.length) {
      const layout: MigLayout = {};
      profiles.forEach((p, k) => {
        if ((counts[k] as number) > 0) layout[p.name] = counts[k] as number;
      });
      if (Object.keys(layout).length > 0 && migGeometry(gpu, layout).valid) layouts.push(layout);
      return;
    }
    const p = profiles[i] as MigProfile;
    for (let c = 0; c <= p.maxInstances; c++) {
      counts[i] = c;
      // Prune: memory slices already over the GPU's.
      let slices = 0;
      for (let k = 0; k <= i; k++)
        slices += (counts[k] as number) * (profiles[k] as MigProfile).placement.sizeSlices;
      if (slices > gpu.totalMemorySlices) break;
      walk(i + 1);
    }
    counts[i] = 0;
  };
  walk(0);
  return layouts;
}
