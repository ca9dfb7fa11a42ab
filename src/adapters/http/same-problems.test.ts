import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { evaluatePredict } from '../../app/evaluate-predict.js';
import { evaluateSimulate } from '../../app/evaluate-simulate.js';
import type { Issue } from '../../core/issue.js';
import { buildProgram } from '../cli/program.js';
import { readRecommendFlags } from '../cli/recommend-command.js';
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { createApp } from './create-app.js';

const app = createApp(fsPlannerData);

/** The options commander reads from `argv` for one command: what the CLI hands the use case. */
function flags(command: string, argv: string[]): Record<string, unknown> {
  const program = buildProgram(fsPlannerData, { out: () => {}, err: () => {}, exit: () => {} });
  const cmd = program.commands.find((c) => c.name() === command) as Command;
  cmd.parseOptions(argv);
  return cmd.opts();
}

type Problem = [code: string, field: string | null];
const sorted = (problems: Problem[]) => [...problems].sort((a, b) => `${a}`.localeCompare(`${b}`));
const cliProblems = (issues: Issue[]): Problem[] => sorted(issues.map((i) => [i.code, i.path ?? null]));

async function httpProblems(route: string, body: unknown) {
  const res = await app.request(route, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(400);
  const json = (await res.json()) as { issues: { code: string; field: string | null; message: string }[] };
  return {
    problems: sorted(json.issues.map((i) => [i.code, i.field])),
    messages: json.issues.map((i) => i.message),
  };
}

describe('the same bad input gives the same problems on the CLI and over HTTP', () => {
  it('recommend: a missing model, negative tokens, a zero budget and an unknown precision, all at once', async () => {
    const cli = readRecommendFlags(
      flags('recommend', [
        '--input-tokens=-1',
        '--output-tokens=512',
        '--batch-size=32',
        '--slo-tps=400',
        '--max-price=0',
        '--precision=fp7',
      ]),
      fsPlannerData,
    );
    if (cli.ok) throw new Error('the CLI accepted bad input');
    const http = await httpProblems('/v1/recommend', {
      inputTokens: -1,
      outputTokens: 512,
      batchSize: 32,
      sloTps: 400,
      maxPrice: 0,
      precision: 'fp7',
    });
    expect(http.problems).toEqual(cliProblems(cli.issues));
    expect(http.problems).toEqual([
      ['invalid-option', 'inputTokens'],
      ['invalid-option', 'maxPrice'],
      ['invalid-option', 'precision'],
      ['missing-option', 'model'],
    ]);
    // HTTP names JSON fields, never flags.
    for (const message of http.messages) expect(message).not.toMatch(/--[a-z]/);
    expect(http.messages).toContain("inputTokens: '-1' is not a positive whole number (1, 2, 3, …)");
  });

  it('predict: a word for a batch size, a zero tensor parallel and a negative SLO', async () => {
    const argv = ['--model=meta-llama/Llama-3.1-8B', '--input-tokens=1024', '--output-tokens=128'];
    const cli = evaluatePredict(
      flags('predict', [...argv, '--batch-size=abc', '--tensor-parallel=0', '--slo-tps=-5']),
      fsPlannerData,
    );
    if (cli.ok) throw new Error('the CLI accepted bad input');
    const http = await httpProblems('/v1/predict', {
      model: 'meta-llama/Llama-3.1-8B',
      inputTokens: 1024,
      outputTokens: 128,
      batchSize: 'abc',
      tensorParallel: 0,
      sloTps: -5,
    });
    expect(http.problems).toEqual(cliProblems(cli.issues));
    for (const message of http.messages) expect(message).not.toMatch(/--[a-z]/);
  });

  it('simulate: a bad rate and a missing output length', async () => {
    const cli = await evaluateSimulate(
      flags('simulate', [
        '--model=meta-llama/Llama-3.1-8B',
        '--instance=g6e.xlarge',
        '--rate=fast',
        '--requests=100',
        '--input-tokens=128',
      ]),
      fsPlannerData,
    );
    if (cli.ok) throw new Error('the CLI accepted bad input');
    const http = await httpProblems('/v1/simulate', {
      model: 'meta-llama/Llama-3.1-8B',
      instance: 'g6e.xlarge',
      rate: 'fast',
      requests: 100,
      inputTokens: 128,
    });
    expect(http.problems).toEqual(cliProblems(cli.issues));
    expect(http.problems.map(([, field]) => field)).toEqual(expect.arrayContaining(['outputTokens', 'rate']));
  });
});
