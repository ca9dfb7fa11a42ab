import type { DeployPlan } from './plan.js';
import { header } from './plan.js';

/** `vllm serve` arguments for one engine of the plan, with the notes that explain them. */
export interface VllmServe {
  /** argv after `vllm serve`: the model, then flag/value pairs. */
  args: string[];
  notes: string[];
}

const GIB = 2 ** 30;

function precisionArgs(p: DeployPlan): { args: string[]; notes: string[] } {
  const q = p.checkpoint;
  if (q) {
    return {
      args: q.vllmQuantization ? ['--quantization', q.vllmQuantization] : [],
      notes: [
        `${p.model} is pre-quantized: ${q.description} (its ${q.source}). ` +
          (q.vllmQuantization
            ? `--quantization ${q.vllmQuantization} is what vLLM reads from it; stated so a mismatch fails at start.`
            : 'vLLM reads the method from the checkpoint and picks the kernel (Marlin where the GPU runs it).'),
      ],
    };
  }
  switch (p.precision) {
    case 'fp32':
      return { args: ['--dtype', 'float32'], notes: [] };
    case 'bf16':
      return { args: ['--dtype', 'bfloat16'], notes: [] };
    case 'fp16':
      return { args: ['--dtype', 'float16'], notes: [] };
    case 'fp8':
      return {
        args: ['--quantization', 'fp8'],
        notes: [
          'fp8: vLLM quantizes the bf16/fp16 weights to FP8 at load time (needs a GPU with FP8 support, ' +
            'e.g. Ada, Hopper or newer; an FP8 checkpoint is detected from its config without this flag).',
        ],
      };
    case 'int8':
      return {
        args: [],
        notes: [
          'int8: vLLM does not quantize to int8 at load time. Serve a pre-quantized INT8 checkpoint instead ' +
            `of ${p.model} (e.g. W8A8 compressed-tensors or GPTQ 8-bit); vLLM reads the method from its config, ` +
            'so no --quantization flag is emitted.',
        ],
      };
    case 'int4': {
      // vLLM runs AWQ from Turing (7.5) on; on Volta only GPTQ (its quantization support table).
      const gptq = p.quantizationFormat === 'gptq';
      return {
        args: ['--quantization', gptq ? 'gptq' : 'awq'],
        notes: [
          gptq
            ? `int4: vLLM does not quantize to int4 at load time, and does not run AWQ on ${p.gpu}. Replace ` +
              `${p.model} with a pre-quantized 4-bit GPTQ checkpoint of it.`
            : `int4: vLLM does not quantize to int4 at load time. Replace ${p.model} with a pre-quantized 4-bit ` +
              'AWQ checkpoint of it (for a GPTQ checkpoint use --quantization gptq instead of awq).',
        ],
      };
    }
  }
}

/**
 * vLLM's `--kv-cache-dtype`: emitted whenever the plan's KV cache is not `auto`, so the engine holds the
 * cache the plan sized (an fp8 plan without it would keep a 16-bit cache of twice the size).
 */
function kvCacheArgs(p: DeployPlan): { args: string[]; notes: string[] } {
  if (p.kvCacheDtype === 'auto') return { args: [], notes: [] };
  return {
    args: ['--kv-cache-dtype', p.kvCacheDtype],
    notes: [
      `KV cache in ${p.kvCacheDtype} (one byte per element), as planned; without scales in the checkpoint ` +
        'vLLM uses a scale of 1.0, which can cost accuracy (see vLLM’s quantized KV cache docs).',
    ],
  };
}

function offloadArgs(p: DeployPlan): { args: string[]; notes: string[] } {
  if (!(p.offloadFraction > 0)) return { args: [], notes: [] };
  // vLLM's --kv-offloading-size is the buffer for one engine, summed over its tensor-parallel ranks.
  const gib = Math.max(1, Math.ceil((p.offloadedBytesPerGpu * p.tensorParallel) / GIB));
  return {
    args: ['--kv-offloading-backend', 'native', '--kv-offloading-size', String(gib)],
    notes: [
      `KV offload: the plan keeps ${(p.offloadFraction * 100).toFixed(1)}% of the KV cache in host RAM ` +
        `(${gib} GiB per engine). vLLM's native CPU KV offloading (--kv-offloading-backend native ` +
        '--kv-offloading-size GiB, recent vLLM; older releases: --kv-transfer-config with OffloadingConnector ' +
        "or LMCache) keeps KV blocks in host RAM and loads them back; it does not stream every layer's KV " +
        "each step as InferSave's offload model assumes, so vLLM may run fewer sequences at once than planned. " +
        '--cpu-offload-gb is weight offload, not KV, and is not used.',
    ],
  };
}

/** The arguments of `vllm serve` for one engine (a pod or a SkyPilot replica runs one per instance). */
export function vllmServe(p: DeployPlan, opts: { host?: string; port?: number } = {}): VllmServe {
  const precision = precisionArgs(p);
  const kvCache = kvCacheArgs(p);
  const offload = offloadArgs(p);
  const args = [
    p.model,
    ...['--tensor-parallel-size', String(p.tensorParallel)],
    ...(p.replicasPerInstance > 1 ? ['--data-parallel-size', String(p.replicasPerInstance)] : []),
    ...['--max-model-len', String(p.maxModelLen)],
    ...['--max-num-seqs', String(p.maxNumSeqs)],
    ...(p.maxNumBatchedTokens !== undefined
      ? ['--max-num-batched-tokens', String(p.maxNumBatchedTokens)]
      : []),
    ...['--gpu-memory-utilization', String(p.gpuMemoryUtilization)],
    ...precision.args,
    ...kvCache.args,
    ...offload.args,
    ...(opts.host !== undefined ? ['--host', opts.host] : []),
    ...(opts.port !== undefined ? ['--port', String(opts.port)] : []),
  ];
  const notes = [...precision.notes, ...kvCache.notes, ...offload.notes];
  if (p.replicasPerInstance > 1) {
    notes.push(
      `data parallel: ${p.replicasPerInstance} engines of ${p.tensorParallel} GPU(s) each on one instance ` +
        '(--data-parallel-size), behind one API server.',
    );
  }
  if (p.gpu === 'T4G') {
    notes.push(
      `${p.instance} has an ARM (Graviton) CPU: use a vLLM wheel or image built for aarch64 with CUDA.`,
    );
  }
  if (p.instances > 1) {
    notes.push(`run this on each of the ${p.instances} instances, behind a load balancer.`);
  }
  return { args, notes };
}

/** Quotes a word for POSIX sh where it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command line, one flag per line, continued with backslashes. */
export function commandLine(words: string[], lead = 3, indent = '  '): string {
  const quoted = words.map(shellQuote);
  const rest = quoted.slice(lead);
  const lines = [quoted.slice(0, lead).join(' ')];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    const next = rest[i + 1];
    if (word.startsWith('--') && next !== undefined && !next.startsWith('--')) {
      lines.push(`${indent}${word} ${next}`);
      i++;
    } else lines.push(`${indent}${word}`);
  }
  return lines.join(' \\\n');
}

const wrap = (text: string) => `# ${text}`;

/** A shell snippet: the header, the notes, and `vllm serve …`. */
export function emitVllm(p: DeployPlan): string {
  const serve = vllmServe(p);
  return [
    ...header(p, 'vllm'),
    ...serve.notes.map((n) => wrap(`Note: ${n}`)),
    commandLine(['vllm', 'serve', ...serve.args]),
    '',
  ].join('\n');
}
