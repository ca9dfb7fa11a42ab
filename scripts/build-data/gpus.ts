import { z } from 'zod';
import type { GpuEntry } from '../../src/catalog/gpu-file-schema.js';
import type { Source } from '../../src/core/source.js';
import { byId } from './canonical-json.js';
import { cloudOnlyGpus } from './gpus-cloud.js';
import type { SharedData } from './shared-data.js';

const AIC_URL = 'https://github.com/ai-dynamo/aiconfigurator';
export const LLM_ANALYSIS_URL = 'https://github.com/cli99/llm-analysis';

/** Vendor and secondary sources for values the shared files lack (found with the project's search tool). */
export const CITE = {
  t4Datasheet: {
    title: 'NVIDIA T4 Tensor Core GPU datasheet',
    url: 'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/tesla-t4/t4-tensor-core-datasheet-951643.pdf',
  },
  t4ProductBrief: {
    title: 'NVIDIA T4 board product brief (PNY mirror): 16 GB GDDR6, up to 320 GB/s, 70 W, PCIe Gen3',
    url: 'https://manualmachine.com/pny/tcst4mpb/8129101-user-manual',
  },
  g5gPage: {
    title: 'Amazon EC2 G5g instances: NVIDIA T4G Tensor Core GPUs',
    url: 'https://aws.amazon.com/ec2/instance-types/g5g/',
  },
  a10Page: {
    title: 'NVIDIA A10 Tensor Core GPU specifications',
    url: 'https://www.nvidia.com/en-us/data-center/products/a10-gpu/',
  },
  a10gTdpGist: {
    title: 'AWS GPU instance table, TDP from nvidia-smi (Shashank Prasanna, AWS)',
    url: 'https://gist.github.com/shashankprasanna/10ebe6dc1ba1d8d93db17da4e2cc890e',
  },
  a10gBaseten: {
    title: 'Baseten: NVIDIA A10 vs A10G for ML model inference',
    url: 'https://www.baseten.co/blog/nvidia-a10-vs-a10g-for-ml-model-inference/',
  },
  g5Docs: {
    title: 'Amazon EC2 accelerated computing instances: G5 uses NVIDIA A10G and 2nd-generation AMD EPYC',
    url: 'https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/accelerated-computing-instances.html',
  },
  v100Datasheet: {
    title: 'NVIDIA Tesla V100 datasheet',
    url: 'https://images.nvidia.com/content/technologies/volta/pdf/volta-v100-datasheet-update-us-1165301-r5.pdf',
  },
  a100Datasheet: {
    title: 'NVIDIA A100 Tensor Core GPU datasheet',
    url: 'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf',
  },
  h100Datasheet: {
    title: 'NVIDIA H100 Tensor Core GPU datasheet',
    url: 'https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet',
  },
  h200Page: {
    title: 'NVIDIA H200 Tensor Core GPU specifications',
    url: 'https://www.nvidia.com/en-us/data-center/h200/',
  },
  l4Page: {
    title: 'NVIDIA L4 Tensor Core GPU specifications',
    url: 'https://www.nvidia.com/en-us/data-center/l4/',
  },
  l40sPage: {
    title: 'NVIDIA L40S GPU specifications',
    url: 'https://www.nvidia.com/en-us/data-center/l40s/',
  },
  hgxPage: {
    title: 'NVIDIA HGX platform specifications (HGX B200, HGX B300)',
    url: 'https://www.nvidia.com/en-us/data-center/hgx/',
  },
  rtxPro6000Page: {
    title: 'NVIDIA RTX PRO 6000 Blackwell Server Edition',
    url: 'https://www.nvidia.com/en-us/data-center/rtx-pro-6000-blackwell-server-edition/',
  },
} satisfies Record<string, Source>;

export function cite(base: Source, fields: string[], note?: string): Source {
  return note ? { ...base, fields, note } : { ...base, fields };
}

const aicSchema = z.object({
  gpu: z.object({
    mem_bw: z.number().positive(),
    mem_capacity: z.number().positive(),
    bfloat16_tc_flops: z.number().positive(),
    fp8_tc_flops: z.number().positive().optional(),
    fp4_tc_flops: z.number().positive().optional(),
    int8_tc_flops: z.number().positive().optional(),
    power: z.number().positive(),
  }),
  node: z.object({ intra_node_bw: z.number().positive(), pcie_bw: z.number().positive() }),
});

const llmAnalysisSchema = z.object({
  mem_per_GPU_in_GB: z.number().positive(),
  hbm_bandwidth_in_GB_per_sec: z.number().positive(),
  intra_node_bandwidth_in_GB_per_sec: z.number().positive(),
  peak_fp16_TFLOPS: z.number().positive(),
  peak_i8_TFLOPS: z.number().nonnegative(),
});

/** 15 significant digits: the exact decimal of a value divided by a power of ten. */
const tera = (value: number): number => Number((value / 1e12).toPrecision(15));
const giga = (value: number): number => Number((value / 1e9).toPrecision(15));

type Measured = Omit<GpuEntry, 'id' | 'name' | 'architecture' | 'fp32Tflops' | 'sources'>;

/** The values an AIConfigurator system file gives, in data-file units, plus their citation. */
export function fromAiconfigurator(shared: SharedData, file: string): { values: Measured; source: Source } {
  const relative = `gpu-specs/aiconfigurator-systems/${file}`;
  const { gpu, node } = aicSchema.parse(shared.yaml(relative));
  const bytes = gpu.mem_capacity;
  const memory =
    bytes % 2 ** 30 === 0
      ? { memoryGiB: bytes / 2 ** 30 }
      : bytes % 2 ** 20 === 0
        ? { memoryMiB: bytes / 2 ** 20 }
        : { memoryGB: giga(bytes) };
  const hasNvlink = node.intra_node_bw > node.pcie_bw;
  const values: Measured = {
    ...memory,
    hbmGBPerSecond: giga(gpu.mem_bw),
    fp16DenseTflops: tera(gpu.bfloat16_tc_flops),
    pcieGBPerSecondPerDirection: giga(node.pcie_bw),
    tdpWatts: gpu.power,
  };
  if (gpu.fp8_tc_flops !== undefined) values.fp8DenseTflops = tera(gpu.fp8_tc_flops);
  if (gpu.fp4_tc_flops !== undefined) values.fp4DenseTflops = tera(gpu.fp4_tc_flops);
  if (gpu.int8_tc_flops !== undefined) values.int8DenseTops = tera(gpu.int8_tc_flops);
  if (hasNvlink) values.nvlinkGBPerSecondPerDirection = giga(node.intra_node_bw);
  const fields = Object.keys(values).sort();
  const memoryNote =
    'memoryMiB' in memory
      ? ' mem_capacity is the capacity nvidia-smi reports (ECC on), not the nominal size.'
      : '';
  return {
    values,
    source: {
      title: `shared data ${relative} (NVIDIA AIConfigurator, Apache-2.0)`,
      url: AIC_URL,
      fields,
      note: `Dense peaks: bfloat16_tc_flops → fp16DenseTflops; mem_bw, pcie_bw and intra_node_bw in B/s per direction.${memoryNote}`,
    },
  };
}

export function fromLlmAnalysis(
  shared: SharedData,
  file: string,
): z.infer<typeof llmAnalysisSchema> & { title: string } {
  const relative = `gpu-specs/llm_analysis_gpu_configs/${file}`;
  return {
    ...llmAnalysisSchema.parse(shared.json(relative)),
    title: `shared data ${relative} (llm-analysis, Apache-2.0)`,
  };
}

function t4Like(id: string, name: string, extra: Source[]): GpuEntry {
  return {
    id,
    name,
    architecture: 'Turing',
    memoryGiB: 16,
    hbmGBPerSecond: 320,
    fp32Tflops: 8.1,
    fp16DenseTflops: 65,
    int8DenseTops: 130,
    pcieGBPerSecondPerDirection: 16,
    tdpWatts: 70,
    sources: [
      cite(
        CITE.t4Datasheet,
        [
          'memoryGiB',
          'hbmGBPerSecond',
          'fp32Tflops',
          'fp16DenseTflops',
          'int8DenseTops',
          'pcieGBPerSecondPerDirection',
          'tdpWatts',
        ],
        'Datasheet: 16 GB GDDR6 (16 GiB of GDDR6 devices; nvidia-smi shows about 15 GiB with ECC on), 320 GB/s, 8.1 TFLOPS FP32, 65 TFLOPS FP16 mixed precision, 130 TOPS INT8, 70 W, PCIe Gen3 x16 = 32 GB/s both directions together, so 16 GB/s each way. No fp8.',
      ),
      cite(CITE.t4ProductBrief, ['memoryGiB', 'hbmGBPerSecond', 'tdpWatts', 'pcieGBPerSecondPerDirection']),
      ...extra,
    ],
  };
}

function a10g(shared: SharedData): GpuEntry {
  const la = fromLlmAnalysis(shared, 'a10g-pcie-24gb.json');
  return {
    id: 'A10G',
    name: 'NVIDIA A10G (AWS G5)',
    architecture: 'Ampere',
    memoryGiB: la.mem_per_GPU_in_GB,
    hbmGBPerSecond: la.hbm_bandwidth_in_GB_per_sec,
    fp32Tflops: 31.52,
    fp16DenseTflops: la.peak_fp16_TFLOPS,
    int8DenseTops: la.peak_i8_TFLOPS,
    pcieGBPerSecondPerDirection: 32,
    tdpWatts: 300,
    sources: [
      {
        title: la.title,
        url: LLM_ANALYSIS_URL,
        fields: ['memoryGiB', 'hbmGBPerSecond', 'fp16DenseTflops', 'int8DenseTops'],
        note: 'mem_per_GPU_in_GB 24: 24 GiB of GDDR6 devices (nvidia-smi shows about 22.5 GiB with ECC on). NVIDIA publishes no A10G datasheet; the A10G tensor peaks are about 56% of the A10 datasheet figures (125 TFLOPS fp16).',
      },
      {
        title:
          'shared data infersave-paper/paper_table_I_aws_instances.csv (InferSave, arXiv 2504.11816, Table I)',
        url: 'https://arxiv.org/abs/2504.11816',
        fields: ['fp32Tflops'],
        note: 'Table I lists 31.52 TFLOPS for the A10G: the CUDA-core FP32 peak (9216 cores × 2 × 1.71 GHz).',
      },
      cite(CITE.a10gTdpGist, ['tdpWatts'], 'g5 instances report a 300 W power limit in nvidia-smi.'),
      cite(
        CITE.a10Page,
        ['pcieGBPerSecondPerDirection'],
        'GA102 boards: PCIe Gen4 x16, 64 GB/s both directions together.',
      ),
      cite(CITE.g5Docs, ['pcieGBPerSecondPerDirection'], 'G5 hosts are 2nd-generation AMD EPYC (PCIe Gen4).'),
      cite(CITE.a10gBaseten, ['memoryGiB', 'hbmGBPerSecond'], 'Corroborates 24 GB GDDR6 at 600 GB/s.'),
    ],
  };
}

function v100(shared: SharedData, gib: 16 | 32, file: string, name: string): GpuEntry {
  const la = fromLlmAnalysis(shared, file);
  return {
    id: `V100-${gib}GB`,
    name,
    architecture: 'Volta',
    memoryGiB: gib,
    hbmGBPerSecond: la.hbm_bandwidth_in_GB_per_sec,
    fp32Tflops: 15.7,
    fp16DenseTflops: la.peak_fp16_TFLOPS,
    pcieGBPerSecondPerDirection: 16,
    nvlinkGBPerSecondPerDirection: la.intra_node_bandwidth_in_GB_per_sec,
    tdpWatts: 300,
    sources: [
      {
        title: la.title,
        url: LLM_ANALYSIS_URL,
        fields: ['hbmGBPerSecond', 'fp16DenseTflops', 'nvlinkGBPerSecondPerDirection'],
        note: `peak_i8_TFLOPS is 0: Volta has no int8 tensor cores, so no int8 peak is given.${
          gib === 16
            ? ' This file says mem_per_GPU_in_GB 32 for the 16 GB part, a fault; memory comes from the datasheet.'
            : ''
        }`,
      },
      cite(
        CITE.v100Datasheet,
        ['memoryGiB', 'fp32Tflops', 'pcieGBPerSecondPerDirection', 'tdpWatts'],
        'V100 SXM2: 16 or 32 GB HBM2, 15.7 TFLOPS FP32, 125 TFLOPS tensor, NVLink 300 GB/s (150 each way), PCIe Gen3 32 GB/s (16 each way), 300 W.',
      ),
    ],
  };
}

function a100(shared: SharedData, variant: '40GB' | '80GB'): GpuEntry {
  const aic = fromAiconfigurator(shared, 'a100_sxm.yaml');
  const fp32 = cite(CITE.a100Datasheet, ['fp32Tflops'], 'A100 SXM4: 19.5 TFLOPS FP32 (non-tensor).');
  if (variant === '80GB') {
    return {
      id: 'A100-80GB',
      name: 'NVIDIA A100 80GB SXM4',
      architecture: 'Ampere',
      fp32Tflops: 19.5,
      ...aic.values,
      sources: [aic.source, fp32],
    };
  }
  const la = fromLlmAnalysis(shared, 'a100-sxm-40gb.json');
  const { memoryGiB: _memory, hbmGBPerSecond: _bandwidth, ...shared80 } = aic.values;
  return {
    id: 'A100-40GB',
    name: 'NVIDIA A100 40GB SXM4',
    architecture: 'Ampere',
    memoryGiB: la.mem_per_GPU_in_GB,
    hbmGBPerSecond: la.hbm_bandwidth_in_GB_per_sec,
    fp32Tflops: 19.5,
    ...shared80,
    sources: [
      {
        title: la.title,
        url: LLM_ANALYSIS_URL,
        fields: ['memoryGiB', 'hbmGBPerSecond'],
        note: '40 GB HBM2 (5 × 8 GiB stacks) at 1555 GB/s.',
      },
      {
        ...aic.source,
        fields: aic.source.fields?.filter((field) => field !== 'memoryGiB' && field !== 'hbmGBPerSecond'),
        note: 'a100_sxm.yaml describes the 80 GB part; the 40 GB part has the same peaks, PCIe, NVLink and 400 W (A100 datasheet).',
      },
      cite(CITE.a100Datasheet, ['memoryGiB', 'hbmGBPerSecond', 'fp32Tflops', 'tdpWatts']),
    ],
  };
}

function fromAicWithFp32(
  shared: SharedData,
  file: string,
  identity: Pick<GpuEntry, 'id' | 'name' | 'architecture'>,
  fp32Tflops: number,
  fp32Source: Source,
): GpuEntry {
  const aic = fromAiconfigurator(shared, file);
  return { ...identity, fp32Tflops, ...aic.values, sources: [aic.source, fp32Source] };
}

/** Every GPU the shipped catalogs use, sorted by id. */
export function buildGpus(shared: SharedData): GpuEntry[] {
  const gpus: GpuEntry[] = [
    t4Like('T4', 'NVIDIA T4', []),
    t4Like('T4G', 'NVIDIA T4G (AWS G5g)', [
      {
        ...CITE.g5gPage,
        note: 'The T4G is the T4 GPU attached to Graviton2 hosts; AWS publishes no separate figures, so the T4 datasheet values apply. The T4 is a PCIe Gen3 device, so the host link stays 16 GB/s each way.',
      },
      {
        title:
          'shared data infersave-paper/paper_table_I_aws_instances.csv (InferSave, arXiv 2504.11816, Table I)',
        url: 'https://arxiv.org/abs/2504.11816',
        fields: ['memoryGiB'],
        note: 'Lists g5g.xlarge with a T4G, 16 GiB, 8.141 TFLOPS: the same GPU as g4dn.',
      },
    ]),
    a10g(shared),
    fromAicWithFp32(
      shared,
      'l4.yaml',
      { id: 'L4', name: 'NVIDIA L4', architecture: 'Ada Lovelace' },
      30.3,
      cite(CITE.l4Page, ['fp32Tflops'], 'FP32 30.3 TFLOPS.'),
    ),
    fromAicWithFp32(
      shared,
      'l40s.yaml',
      { id: 'L40S', name: 'NVIDIA L40S', architecture: 'Ada Lovelace' },
      91.6,
      cite(CITE.l40sPage, ['fp32Tflops'], 'FP32 91.6 TFLOPS; 48 GB GDDR6 with ECC.'),
    ),
    v100(shared, 16, 'v100-sxm-16gb.json', 'NVIDIA V100 16GB SXM2'),
    v100(shared, 32, 'v100-sxm-32gb.json', 'NVIDIA V100 32GB SXM2'),
    a100(shared, '40GB'),
    a100(shared, '80GB'),
    fromAicWithFp32(
      shared,
      'h100_sxm.yaml',
      { id: 'H100-SXM', name: 'NVIDIA H100 SXM5 80GB', architecture: 'Hopper' },
      67,
      cite(CITE.h100Datasheet, ['fp32Tflops'], 'H100 SXM: 67 TFLOPS FP32.'),
    ),
    fromAicWithFp32(
      shared,
      'h100_pcie.yaml',
      { id: 'H100-PCIe', name: 'NVIDIA H100 PCIe 80GB', architecture: 'Hopper' },
      51,
      cite(CITE.h100Datasheet, ['fp32Tflops'], 'H100 PCIe: 51 TFLOPS FP32. No NVLink bridge assumed.'),
    ),
    fromAicWithFp32(
      shared,
      'h200_sxm.yaml',
      { id: 'H200', name: 'NVIDIA H200 SXM 141GB', architecture: 'Hopper' },
      67,
      cite(CITE.h200Page, ['fp32Tflops'], 'H200 SXM: 67 TFLOPS FP32.'),
    ),
    fromAicWithFp32(
      shared,
      'b200_sxm.yaml',
      { id: 'B200', name: 'NVIDIA B200 (HGX)', architecture: 'Blackwell' },
      75,
      cite(CITE.hgxPage, ['fp32Tflops'], 'HGX B200: 600 TFLOPS FP32 for 8 GPUs, 75 per GPU.'),
    ),
    fromAicWithFp32(
      shared,
      'b300_sxm.yaml',
      { id: 'B300', name: 'NVIDIA B300 Blackwell Ultra (HGX)', architecture: 'Blackwell Ultra' },
      75,
      cite(CITE.hgxPage, ['fp32Tflops'], 'HGX B300: 600 TFLOPS FP32 for 8 GPUs, 75 per GPU.'),
    ),
    fromAicWithFp32(
      shared,
      'rtx_pro_6000_server.yaml',
      { id: 'RTX-PRO-6000', name: 'NVIDIA RTX PRO 6000 Blackwell Server Edition', architecture: 'Blackwell' },
      Number(((24064 * 2 * 2.43e9) / 1e12).toPrecision(15)),
      cite(
        CITE.rtxPro6000Page,
        ['fp32Tflops'],
        'Derived: 24,064 CUDA cores × 2 FLOP × 2430 MHz (the max SM clock the AIConfigurator file observed, which its tensor peaks are scaled to). NVIDIA quotes up to 125 TFLOPS at a higher boost clock.',
      ),
    ),
    ...cloudOnlyGpus(shared),
  ];
  return gpus.sort(byId);
}
