import { stringify } from 'yaml';
import { gpuNodeLabel } from './gpu-node-label.js';
import { type DeployPlan, header } from './plan.js';
import { VLLM_PORT } from './skypilot.js';
import { vllmServe } from './vllm.js';

/** Average requests waiting per pod above which the autoscaler adds pods, where the plan simulated none. */
export const QUEUE_TARGET_PER_POD = 4;

/** The autoscaler's pod range and queue target: the plan's simulated ones, else instances … 2 × instances at 4. */
function autoscalingOf(p: DeployPlan): { minPods: number; maxPods: number; queueTargetPerPod: number } {
  const pods = podCount(p);
  return p.autoscaling ?? { minPods: pods, maxPods: pods * 2, queueTargetPerPod: QUEUE_TARGET_PER_POD };
}

/** A Kubernetes quantity: an integer as it is, else thousandths (`350m`), at least `1m`. */
export function quantity(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return `${Math.max(1, Math.round(value * 1000))}m`;
}

function appName(p: DeployPlan): string {
  const slug = (x: string) => x.replaceAll(/[^A-Za-z0-9]+/g, '-').toLowerCase();
  const suffix = p.nameSuffix ? `-${slug(p.nameSuffix)}`.slice(0, 20) : '';
  return `${`vllm-${slug(p.model)}`.slice(0, 50 - suffix.length).replace(/-+$/, '')}${suffix}`.replace(
    /-+$/,
    '',
  );
}

/**
 * The node label value: the machine type. An instance priced as a host plus attached accelerators (GCP's
 * N1 + T4/V100, id `n1-highmem-16+2xV100`) is labelled with its host machine type, which alone does not
 * pin the GPU (see the note `emitK8s` adds).
 */
export function nodeInstanceType(p: DeployPlan): string {
  return p.launch?.instanceType ?? p.instance;
}

/**
 * The pod's node selector: the machine type, and on GKE the GPU type (`cloud.google.com/gke-accelerator`)
 * where its value is sourced — a host with attached GPUs (GCP N1 + T4/V100) is pinned to its GPU only by it.
 */
function nodeSelectorOf(p: DeployPlan): Record<string, string> {
  const gpu = gpuNodeLabel(p);
  return {
    'node.kubernetes.io/instance-type': nodeInstanceType(p),
    ...(gpu.ok ? { [gpu.key]: gpu.value } : {}),
  };
}

/** Pods: one vLLM engine of `tensorParallel` GPUs each, `replicasPerInstance` per instance. */
export function podCount(p: DeployPlan): number {
  return p.instances * p.replicasPerInstance;
}

/** Deployment, Service and HorizontalPodAutoscaler (autoscaling/v2) as objects, in that order. */
export function k8sObjects(p: DeployPlan): Record<string, unknown>[] {
  const name = appName(p);
  const labels = { app: name };
  // One engine per pod: data parallelism is across pods, so no --data-parallel-size here.
  const serve = vllmServe(
    { ...p, replicasPerInstance: 1, instances: 1 },
    { host: '0.0.0.0', port: VLLM_PORT },
  );
  const pods = p.autoscaling?.minPods ?? podCount(p);
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: pods,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: nodeSelectorOf(p),
          containers: [
            {
              name: 'vllm',
              image: 'vllm/vllm-openai:latest',
              command: ['vllm', 'serve'],
              args: serve.args,
              ports: [{ name: 'http', containerPort: VLLM_PORT }],
              resources: {
                limits: { 'nvidia.com/gpu': p.tensorParallel },
                requests: { 'nvidia.com/gpu': p.tensorParallel },
              },
              readinessProbe: {
                httpGet: { path: '/health', port: VLLM_PORT },
                initialDelaySeconds: 60,
                periodSeconds: 10,
                failureThreshold: 60,
              },
              volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }],
            },
          ],
          // Tensor-parallel workers share tensors through /dev/shm.
          volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }],
        },
      },
    },
  };
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels },
    spec: {
      selector: labels,
      ports: [{ name: 'http', port: 80, targetPort: VLLM_PORT }],
    },
  };
  const scaling = autoscalingOf(p);
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, labels },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: scaling.minPods,
      maxReplicas: scaling.maxPods,
      metrics: [
        {
          type: 'Pods',
          pods: {
            metric: { name: 'vllm:num_requests_waiting' },
            target: { type: 'AverageValue', averageValue: quantity(scaling.queueTargetPerPod) },
          },
        },
      ],
    },
  };
  return [deployment, service, hpa];
}

/** What the GPU-type selector is and where its value comes from, or why there is none. */
function gpuNote(p: DeployPlan): string {
  const gpu = gpuNodeLabel(p);
  if (!gpu.ok) return `no GPU-type node selector: ${gpu.reason}.`;
  const attached = p.launch && p.launch.instanceType !== p.instance;
  return (
    `${gpu.key}: ${gpu.value} selects the ${p.launch?.acceleratorName ?? p.gpu} node pool` +
    (attached
      ? ` (${nodeInstanceType(p)} takes ${p.launch?.acceleratorCount}× ${p.launch?.acceleratorName} attached, so the machine type alone does not pin the GPU)`
      : '') +
    `; value from ${gpu.source}.`
  );
}

/** Multi-document YAML: header comments, notes, then Deployment, Service and HorizontalPodAutoscaler. */
export function emitK8s(p: DeployPlan): string {
  const serve = vllmServe({ ...p, replicasPerInstance: 1, instances: 1 });
  const pods = p.autoscaling?.minPods ?? podCount(p);
  const scaling = autoscalingOf(p);
  const notes = [
    ...serve.notes,
    `${pods} pod(s) of ${p.tensorParallel} GPU(s) on ${nodeInstanceType(p)} nodes` +
      (p.replicasPerInstance > 1 ? ` (${p.replicasPerInstance} pods per node)` : '') +
      '; the node group must offer that instance type and the NVIDIA device plugin.',
    gpuNote(p),
    `the autoscaler keeps ${scaling.minPods} to ${scaling.maxPods} pods, adding pods when more than ${quantity(scaling.queueTargetPerPod)} ` +
      'requests wait per pod on average' +
      (p.autoscaling ? ` (${p.autoscaling.source})` : '') +
      ". It reads vLLM's Prometheus gauge vllm:num_requests_waiting through " +
      'the custom metrics API, which needs a metrics adapter (e.g. prometheus-adapter) exposing it under that name.',
    'pin the image tag to the vLLM release you tested.',
  ];
  const docs = k8sObjects(p).map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false }));
  return [...header(p, 'k8s'), ...notes.map((n) => `# Note: ${n}`), docs.join('---\n')].join('\n');
}
