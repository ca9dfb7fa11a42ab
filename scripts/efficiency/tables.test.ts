import { describe, expect, it } from 'vitest';
import { attentionRows, collectiveRows, dtypeBytes, gemmRows, parseCsv } from './tables.js';

const GEMM_CSV = `framework,version,device,op_name,kernel_source,gemm_dtype,m,n,k,latency
VLLM,0.24.0,NVIDIA H100 80GB HBM3,gemm,torch.nn.functional.linear,bfloat16,1,4096,4096,0.0125
`;

describe('tables', () => {
  it('parses GEMM rows and converts milliseconds to seconds', () => {
    expect(gemmRows(parseCsv(GEMM_CSV, 'gemm.csv'), 'gemm.csv')).toEqual([
      { device: 'NVIDIA H100 80GB HBM3', dtype: 'bfloat16', m: 1, n: 4096, k: 4096, seconds: 1.25e-5 },
    ]);
  });

  it('reads attention rows without a window_size column as full attention', () => {
    const csv =
      'framework,version,device,op_name,kernel_source,batch_size,isl,num_heads,num_key_value_heads,head_dim,' +
      'beam_width,attn_dtype,kv_cache_dtype,step,latency\n' +
      'VLLM,0.14.0,NVIDIA A100-SXM4-80GB,generation_attention,vllm_flash_attn,32,1,64,8,128,1,bfloat16,bfloat16,1023,0.05\n';
    const [row] = attentionRows(parseCsv(csv, 'gen.csv'), 'gen.csv');
    expect(row).toMatchObject({ batch: 32, isl: 1, step: 1023, windowSize: 0, seconds: 5e-5 });
  });

  it('reads both collective tables', () => {
    const nccl =
      'framework,version,device,op_name,kernel_source,nccl_dtype,num_gpus,message_size,latency\nT,2,D,all_reduce,NCCL,half,8,256,0.0156\n';
    const custom =
      'framework,version,device,op_name,kernel_source,allreduce_dtype,num_gpus,message_size,latency,backend\n' +
      'vLLM,0.24.0,D,all_reduce,vLLM_custom_graph,bfloat16,2,128,0.0043,vllm_graph\n';
    expect(collectiveRows(parseCsv(nccl, 'n'), 'n')[0]).toMatchObject({
      dtype: 'half',
      messageElements: 256,
    });
    expect(collectiveRows(parseCsv(custom, 'c'), 'c')[0]).toMatchObject({ dtype: 'bfloat16', numGpus: 2 });
    expect(dtypeBytes('half')).toBe(2);
    expect(dtypeBytes('int8')).toBe(1);
  });

  it('names the file, row and column of a bad value', () => {
    const bad = GEMM_CSV.replace('0.0125', 'fast');
    expect(() => gemmRows(parseCsv(bad, 'gemm.csv'), 'gemm.csv')).toThrow(
      'gemm.csv: row 2: column "latency"',
    );
  });
});
