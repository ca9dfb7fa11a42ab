import { stringify } from 'yaml';
import { type DeployPlan, header } from './plan.js';
import { commandLine, vllmServe } from './vllm.js';

/**
 * SkyPilot task YAML, after https://docs.skypilot.co/en/latest/reference/yaml-spec.html (resources.infra
 * `cloud/region` replaces the older `cloud:` and `region:` fields) and the SkyServe `service:` section.
 */

/** Catalog GPU id → SkyPilot accelerator name, where they differ or are known. */
const SKYPILOT_GPU: Record<string, string> = {
  'A100-40GB': 'A100',
  'A100-80GB': 'A100-80GB',
  A10G: 'A10G',
  B200: 'B200',
  'H100-SXM': 'H100',
  H200: 'H200',
  L4: 'L4',
  L40S: 'L40S',
  T4: 'T4',
  T4G: 'T4g',
  'V100-16GB': 'V100',
  'V100-32GB': 'V100-32GB',
};

export const VLLM_PORT = 8000;

export function skypilotAccelerator(gpu: string): string | undefined {
  return SKYPILOT_GPU[gpu];
}

export function skypilotTask(p: DeployPlan): Record<string, unknown> {
  const serve = vllmServe(p, { host: '0.0.0.0', port: VLLM_PORT });
  const accelerator = p.launch ? p.launch.acceleratorName : skypilotAccelerator(p.gpu);
  const count = p.launch ? p.launch.acceleratorCount : p.gpuCount;
  const slug = (x: string) => x.replaceAll(/[^A-Za-z0-9]+/g, '-').toLowerCase();
  const task: Record<string, unknown> = {
    name: `infersave-${slug(p.model)}${p.nameSuffix ? `-${slug(p.nameSuffix)}` : ''}`
      .slice(0, 60)
      .replace(/-+$/, ''),
    num_nodes: 1,
    resources: {
      infra: `${p.provider ?? 'aws'}/${p.region}`,
      instance_type: p.launch ? p.launch.instanceType : p.instance,
      ...(accelerator ? { accelerators: `${accelerator}:${count}` } : {}),
      use_spot: p.pricing === 'spot',
      ports: VLLM_PORT,
    },
    setup: 'pip install vllm',
    run: commandLine(['vllm', 'serve', ...serve.args]),
  };
  if (p.mode === 'latency') {
    task.service = {
      readiness_probe: { path: '/health', initial_delay_seconds: 1200 },
      replicas: p.instances,
    };
  }
  return task;
}

/** The task YAML: header comments, notes, then the task (`sky launch` it, or `sky serve up` in latency mode). */
export function emitSkypilot(p: DeployPlan): string {
  const serve = vllmServe(p);
  const accelerator = skypilotAccelerator(p.gpu);
  const notes = [
    ...serve.notes,
    ...(accelerator
      ? []
      : [`no SkyPilot accelerator name known for ${p.gpu}: resources names the instance type only.`]),
    p.mode === 'latency'
      ? `launch with \`sky serve up\`: SkyServe runs ${p.instances} replica(s), one instance each.`
      : `launch with \`sky launch\`; one ${p.pricing} instance (use_spot: ${p.pricing === 'spot'}) as priced.`,
    ...(p.pricing === 'spot'
      ? [
          'spot: the provider may reclaim the instance — `sky jobs launch` restarts a preempted task, SkyServe replaces preempted replicas.',
        ]
      : []),
  ];
  return [
    ...header(p, 'skypilot'),
    ...notes.map((n) => `# Note: ${n}`),
    stringify(skypilotTask(p), { lineWidth: 0, aliasDuplicateObjects: false }),
  ].join('\n');
}
