import type { Command } from 'commander';

/**
 * The flags of the serving commands (simulate, capacity, recommend under latency SLOs). Values are
 * validated by OptionReader, not by commander, so every bad flag is reported in one run.
 */

/** Where the requests come from: a trace file, or a synthetic generator. */
export function traceOptions(cmd: Command): Command {
  return cmd
    .option('--trace <file>', 'request trace: Azure 2023 CSV, Mooncake JSONL, BurstGPT CSV or plain CSV')
    .option('--trace-format <format>', 'azure, mooncake, burstgpt or plain (default: detected)')
    .option('--on-bad-row <policy>', 'skip (default: skip and report) or fail on a bad trace row')
    .option('--first <n>', 'only the first N requests of the trace')
    .option('--rate <r>', 'arrival rate, requests/s (time-scales a trace; required for synthetic)')
    .option('--duration <d>', 'synthetic: generate arrivals for this long, e.g. 10m (or --requests)')
    .option('--arrival <process>', 'synthetic: poisson (default), gamma or constant')
    .option('--cv <x>', 'synthetic gamma arrivals: coefficient of variation of the gaps (default 2)')
    .option('--seed <n>', 'seed of the synthetic workload (default 1): same seed, same output');
}

/** Synthetic lengths and size, for commands that do not already define them. */
export function syntheticLengthOptions(cmd: Command): Command {
  return cmd
    .option('--input-tokens <n|min-max>', 'synthetic prompt length: N, or MIN-MAX uniform')
    .option('--output-tokens <n|min-max>', 'synthetic output length: N, or MIN-MAX uniform')
    .option('--requests <n>', 'synthetic: number of requests (or --duration)');
}

/** vLLM engine settings (defaults: vLLM's own for the GPU) and the router. */
export function engineOptions(cmd: Command): Command {
  return cmd
    .option('--max-num-seqs <n>', 'vLLM max_num_seqs (default 256, or 1024 on ≥ 70 GiB GPUs but A100)')
    .option('--max-num-batched-tokens <n>', 'vLLM max_num_batched_tokens (default 2048, or 8192)')
    .option('--no-chunked-prefill', 'turn chunked prefill off (a prompt then runs in one step)')
    .option('--preemption <mode>', 'when KV blocks run out: recompute (default) or swap to host RAM')
    .option('--no-prefix-caching', 'turn prefix caching off (it uses Mooncake hash_ids)')
    .option('--no-scheduler-reserve-full-isl', 'admit when the first prompt chunk fits, not the whole prompt')
    .option('--router <policy>', 'least-outstanding-tokens (default) or round-robin');
}

/** The step timer's calibration and memory shares (recommend has these already). */
export function stepTimerOptions(cmd: Command): Command {
  return cmd
    .option('--precision <p>', 'fp32, bf16, fp16, fp8, int8, int4 (default: the checkpoint’s dtype)')
    .option('--kv-cache-dtype <d>', 'KV cache: auto (the model’s 16-bit dtype) or fp8 (default: fp8 for fp8)')
    .option('--calibration <name|file>', 'CTCF calibration of the roofline step timer')
    .option('--gpu-memory-utilization <f>', 'share of GPU memory the engine may use (default 0.9)')
    .option('--host-memory-utilization <f>', 'share of host RAM swapped KV may use (default 0.9)')
    .option('--json', 'machine-readable JSON (schemaVersion 1)');
}

/** P95 latency targets. */
export function latencySloOptions(cmd: Command): Command {
  return cmd
    .option('--slo-ttft-p95 <d>', 'P95 time to first token, e.g. 1s')
    .option('--slo-tpot-p95 <d>', 'P95 time per output token after the first, e.g. 100ms')
    .option('--slo-e2e-p95 <d>', 'P95 end-to-end latency, e.g. 20s')
    .option('--query-type-threshold <tokens>', 'τ of the SISO/SILO/LISO/LILO breakdown (default 500)');
}

/** How many requests of the traffic shape each capacity probe simulates. */
export function probeOption(cmd: Command): Command {
  return cmd.option(
    '--probe-requests <n>',
    'simulate the first N requests of the traffic shape per probe (default 1000)',
  );
}

/** How much of each predicted time's error band an SLO check takes (recommend). */
export function marginOption(cmd: Command): Command {
  return cmd.option(
    '--margin <edge>',
    'check the SLO at the p90 (default) or p50 edge of the held-out error band, or none (point prediction)',
  );
}

/** recommend's flags for latency SLOs (trace, engine, targets, margin, probe size). */
export function recommendServingOptions(cmd: Command): Command {
  return probeOption(marginOption(latencySloOptions(engineOptions(traceOptions(cmd)))));
}

/** Workload, engine, step-timer and SLO flags shared by simulate and capacity (after the model flags). */
export function servingFlags(cmd: Command): Command {
  return latencySloOptions(stepTimerOptions(engineOptions(syntheticLengthOptions(traceOptions(cmd)))));
}

/** Capacity's own flags: probe size and MSRR per query type (OASIS's SISO/SILO/LISO/LILO). */
export function capacityOptions(cmd: Command): Command {
  return probeOption(cmd)
    .option('--by-query-type', 'also the maximum rate of each query type alone (OASIS’s MSRR per type)')
    .option('--gpu <id>', 'one bare GPU instead of instance types, e.g. A100-80GB')
    .option('--mig <profile>', 'one MIG slice of --gpu, e.g. 3g.40gb (its share of the GPU’s price)')
    .option(
      '--usd-per-gpu-hour <usd>',
      'price of the whole --gpu (default: cheapest catalog instance ÷ its GPUs)',
    );
}
