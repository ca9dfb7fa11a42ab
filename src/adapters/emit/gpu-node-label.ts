import type { DeployPlan } from './plan.js';

/** The label GKE puts on every GPU node: its accelerator type (one node pool per GPU type). */
const GKE_ACCELERATOR_LABEL = 'cloud.google.com/gke-accelerator';

/**
 * Google Cloud, "Run GPUs in GKE Standard node pools", section "Consuming multiple GPU types": GKE labels GPU
 * nodes `cloud.google.com/gke-accelerator: <accelerator type>`; the page names each GPU's accelerator type
 * (B200 nvidia-b200, H200 nvidia-h200-141gb, H100 A3 High nvidia-h100-80gb, H100 A3 Mega nvidia-h100-mega-80gb,
 * A100 40 GB nvidia-tesla-a100, A100 80 GB nvidia-a100-80gb, L4 nvidia-l4; nvidia-tesla-t4 is its example).
 */
const GKE_DOC = 'GKE docs, cloud.google.com/kubernetes-engine/docs/how-to/gpus';
/**
 * SkyPilot's GKE label rule, `get_gke_accelerator_name` in sky/provision/kubernetes/utils.py at commit
 * 0048bbf65901f55a87659d043c60004aa7f38ab7 (github.com/skypilot-org/skypilot): `nvidia-<name>` for A100-80GB,
 * L4, H100 (as H100-80GB) and B200, `nvidia-tesla-<name>` otherwise (T4, V100, A100). Its rule does not cover
 * H100-MEGA or H200 at that commit (it would give nvidia-tesla-h200), so those two come from Google's page only.
 */
const SKYPILOT = 'SkyPilot get_gke_accelerator_name @0048bbf';

/**
 * GKE's accelerator type per GCP accelerator name as the GCP catalog's launch spec spells it (SkyPilot's
 * names). Only values a public source states; a name missing here gets no GPU label.
 */
const GKE_ACCELERATOR_TYPES: Record<string, { value: string; source: string }> = {
  T4: { value: 'nvidia-tesla-t4', source: `${GKE_DOC}; ${SKYPILOT}` },
  V100: { value: 'nvidia-tesla-v100', source: SKYPILOT },
  A100: { value: 'nvidia-tesla-a100', source: `${GKE_DOC}; ${SKYPILOT}` },
  'A100-80GB': { value: 'nvidia-a100-80gb', source: `${GKE_DOC}; ${SKYPILOT}` },
  L4: { value: 'nvidia-l4', source: `${GKE_DOC}; ${SKYPILOT}` },
  H100: { value: 'nvidia-h100-80gb', source: `${GKE_DOC}; ${SKYPILOT}` },
  'H100-MEGA': { value: 'nvidia-h100-mega-80gb', source: GKE_DOC },
  H200: { value: 'nvidia-h200-141gb', source: GKE_DOC },
  B200: { value: 'nvidia-b200', source: `${GKE_DOC}; ${SKYPILOT}` },
};

/** A node label naming the plan's GPU type, with its source; or why the plan gets none. */
type GpuNodeLabel = { ok: true; key: string; value: string; source: string } | { ok: false; reason: string };

/**
 * The GPU-type node label to select for a plan. GKE's accelerator label for a GCP instance whose
 * accelerator has a sourced value; nothing otherwise (another cloud's instance type already pins its
 * GPU, and NVIDIA GPU Feature Discovery's nvidia.com/gpu.product carries the GPU's NVML product name,
 * which differs by form factor and has no per-GPU list InferSave can cite — SkyPilot's GFD formatter
 * declines to produce values for the same reason).
 */
export function gpuNodeLabel(p: DeployPlan): GpuNodeLabel {
  const provider = p.provider ?? 'aws';
  if (provider !== 'gcp')
    return {
      ok: false,
      reason:
        `${provider} labels no GPU type on nodes (the instance type ${p.instance} pins the ${p.gpu}); on clusters ` +
        'labelled by NVIDIA GPU Feature Discovery, nvidia.com/gpu.product holds the GPU’s product name as the driver ' +
        'reports it, which InferSave has no sourced value for — add that selector yourself',
    };
  const name = p.launch?.acceleratorName;
  const known = name ? GKE_ACCELERATOR_TYPES[name] : undefined;
  if (!known)
    return {
      ok: false,
      reason: `no sourced GKE accelerator type for ${name ?? p.gpu}: select your GPU node pool's cloud.google.com/gke-accelerator value yourself`,
    };
  return { ok: true, key: GKE_ACCELERATOR_LABEL, value: known.value, source: known.source };
}
