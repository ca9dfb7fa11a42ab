import { writeFileSync } from 'node:fs';
import { evaluateSimulate } from '../../app/evaluate-simulate.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import { simulateJson } from '../../app/simulate-json.js';
import { fail, ok, type Result } from '../../core/issue.js';
import type { CommandOutput } from '../command-output.js';
import { renderEnergy } from '../text/render-energy.js';
import { renderErrors } from '../text/render-issues.js';
import { renderSimulateTable, timelineCsv } from './render-simulate.js';

/** `infersave simulate`: one fleet of one placement, replaying a trace or a synthetic workload. */
export async function runSimulate(raw: Record<string, unknown>, data: PlannerData): Promise<CommandOutput> {
  const outcome = await evaluateSimulate(raw, data);
  if (!outcome.ok) {
    return { exitCode: outcome.exitCode, stdout: '', stderr: renderErrors(outcome.issues, 'simulate') };
  }
  const { settings, verdict, warnings, timelinePath } = outcome;
  const result = { summary: outcome.summary, timeline: outcome.timeline };
  const o = new OptionReader(raw);
  if (timelinePath !== undefined && result.timeline) {
    const written = writeText(timelinePath, timelineCsv(result.timeline));
    if (!written.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(written.issues, 'simulate') };
  }
  if (o.flag('json')) {
    const json = { ...simulateJson(settings, result.summary, verdict, warnings), energy: outcome.energy };
    return { exitCode: 0, stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '' };
  }
  const note = timelinePath !== undefined ? `Timeline written to ${timelinePath}.\n` : '';
  return {
    exitCode: 0,
    stdout: `${renderSimulateTable(settings, result.summary, verdict, warnings)}\n${renderEnergy(outcome.energy, settings.gpu).join('\n')}\n${note}`,
    stderr: '',
  };
}

function writeText(path: string, text: string): Result<true> {
  try {
    writeFileSync(path, text);
    return ok(true);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail({ code: 'invalid-option', path: '--timeline', message: `cannot write ${path}: ${reason}` });
  }
}
