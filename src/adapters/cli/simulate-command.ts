import { evaluateSimulate } from '../../app/evaluate-simulate.js';
import { OptionReader } from '../../app/option-reader.js';
import type { PlannerData } from '../../app/planner-data.js';
import { simulateJson } from '../../app/simulate-json.js';
import { fail, type Issue, ok, type Result } from '../../core/issue.js';
import type { CommandOutput } from '../command-output.js';
import { outputFileIssues, writeOutputFile } from '../fs/output-file.js';
import { renderEnergy } from '../text/render-energy.js';
import { renderErrors } from '../text/render-issues.js';
import { renderSimulateTable, timelineCsv } from './render-simulate.js';

/** `infersave simulate`: one fleet of one placement, replaying a trace or a synthetic workload. */
export async function runSimulate(raw: Record<string, unknown>, data: PlannerData): Promise<CommandOutput> {
  // Before the simulation, so no run is thrown away on a file that may not be written.
  const timeline = timelineFileIssues(new OptionReader(raw));
  if (timeline.length > 0) return { exitCode: 2, stdout: '', stderr: renderErrors(timeline, 'simulate') };
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
    const json = {
      ...simulateJson(settings, result.summary, verdict, warnings, outcome.uncertainty),
      energy: outcome.energy,
    };
    return { exitCode: 0, stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '' };
  }
  const note = timelinePath !== undefined ? `Timeline written to ${timelinePath}.\n` : '';
  return {
    exitCode: 0,
    stdout: `${renderSimulateTable(settings, result.summary, verdict, warnings, outcome.uncertainty)}\n${renderEnergy(outcome.energy, settings.gpu).join('\n')}\n${note}`,
    stderr: '',
  };
}

function timelineFileIssues(o: OptionReader): Issue[] {
  const path = o.text('timeline');
  if (path === undefined) return [];
  const inputs = [o.text('trace'), o.text('modelConfig'), o.text('calibration')].filter(
    (f): f is string => f !== undefined,
  );
  return outputFileIssues(path, '--timeline', { force: o.flag('force'), inputs });
}

function writeText(path: string, text: string): Result<true> {
  const reason = writeOutputFile(path, text);
  if (reason === undefined) return ok(true);
  return fail({ code: 'invalid-option', path: '--timeline', message: `cannot write ${path}: ${reason}` });
}
