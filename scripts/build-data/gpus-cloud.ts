import type { GpuEntry } from '../../src/catalog/gpu-file-schema.js';
import { CITE, cite, fromAiconfigurator, fromLlmAnalysis, LLM_ANALYSIS_URL } from './gpus.js';
import type { SharedData } from './shared-data.js';

/**
 * GPUs that only the GCP, Azure and Lambda catalogs use: the PCIe A10 (Azure NVads/NCads A10, Lambda),
 * the A100 80GB PCIe (Azure NC A100 v4) and the V100 16GB PCIe (Azure NCv3).
 */
export function cloudOnlyGpus(shared: SharedData): GpuEntry[] {
  const a10 = fromLlmAnalysis(shared, 'a10-pcie-28gb.json');
  const v100 = fromLlmAnalysis(shared, 'v100-pcie-16gb.json');
  const a100 = fromAiconfigurator(shared, 'a100_pcie.yaml');
  return [
    {
      id: 'A10',
      name: 'NVIDIA A10 (PCIe)',
      architecture: 'Ampere',
      memoryGiB: 24,
      hbmGBPerSecond: a10.hbm_bandwidth_in_GB_per_sec,
      fp32Tflops: 31.2,
      fp16DenseTflops: a10.peak_fp16_TFLOPS,
      int8DenseTops: a10.peak_i8_TFLOPS,
      pcieGBPerSecondPerDirection: a10.intra_node_bandwidth_in_GB_per_sec,
      tdpWatts: 150,
      sources: [
        {
          title: a10.title,
          url: LLM_ANALYSIS_URL,
          fields: ['hbmGBPerSecond', 'fp16DenseTflops', 'int8DenseTops', 'pcieGBPerSecondPerDirection'],
          note: 'The file is named a10-pcie-28gb and says mem_per_GPU_in_GB 28, a fault: the A10 has 24 GB GDDR6 (datasheet). Its 600 GB/s, 125 TFLOPS fp16 and 250 TOPS int8 are the datasheet dense figures.',
        },
        cite(
          CITE.a10Page,
          ['memoryGiB', 'fp32Tflops', 'tdpWatts', 'pcieGBPerSecondPerDirection'],
          'A10: 24 GB GDDR6, 600 GB/s, 31.2 TFLOPS FP32, 125 TFLOPS BF16/FP16 tensor (250 with sparsity), 150 W, PCIe Gen4 64 GB/s both directions together.',
        ),
      ],
    },
    {
      id: 'A100-80GB-PCIe',
      name: 'NVIDIA A100 80GB PCIe',
      architecture: 'Ampere',
      fp32Tflops: 19.5,
      ...a100.values,
      sources: [
        a100.source,
        cite(CITE.a100Datasheet, ['fp32Tflops'], 'A100 80GB PCIe: 19.5 TFLOPS FP32, 1,935 GB/s, 300 W.'),
      ],
    },
    {
      id: 'V100-PCIe-16GB',
      name: 'NVIDIA V100 16GB PCIe',
      architecture: 'Volta',
      memoryGiB: v100.mem_per_GPU_in_GB,
      hbmGBPerSecond: v100.hbm_bandwidth_in_GB_per_sec,
      fp32Tflops: 14,
      fp16DenseTflops: v100.peak_fp16_TFLOPS,
      pcieGBPerSecondPerDirection: v100.intra_node_bandwidth_in_GB_per_sec,
      tdpWatts: 250,
      sources: [
        {
          title: v100.title,
          url: LLM_ANALYSIS_URL,
          fields: ['memoryGiB', 'hbmGBPerSecond', 'fp16DenseTflops', 'pcieGBPerSecondPerDirection'],
          note: 'peak_i8_TFLOPS is 0: Volta has no int8 tensor cores, so no int8 peak is given.',
        },
        cite(
          CITE.v100Datasheet,
          ['fp32Tflops', 'tdpWatts'],
          'V100 PCIe: 16 GB HBM2, 900 GB/s, 14 TFLOPS FP32, 112 TFLOPS tensor, PCIe Gen3 32 GB/s (16 each way), 250 W.',
        ),
      ],
    },
  ];
}
