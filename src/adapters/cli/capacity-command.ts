import { capacityJson } from '../../app/capacity-json.js';
import { evaluateCapacity } from '../../app/evaluate-capacity.js';
import type { PlannerData } from '../../app/planner-data.js';
import { NO_PROGRESS, type Progress } from '../../app/progress.js';
import type { CommandOutput } from '../command-output.js';
import { renderErrors } from '../text/render-issues.js';
import { renderCapacityTable } from './render-capacity.js';

/** `infersave capacity`: the maximum serviceable rate of each instance type under P95 targets. */
export async function runCapacity(
  raw: Record<string, unknown>,
  data: PlannerData,
  progress: Progress = NO_PROGRESS,
): Promise<CommandOutput> {
  const outcome = await evaluateCapacity(raw, data, progress);
  if (!outcome.ok) return { exitCode: 2, stdout: '', stderr: renderErrors(outcome.issues, 'capacity') };
  const { settings, rows, rejected, warnings } = outcome;
  const exitCode = rows.length > 0 ? 0 : 1;
  if (raw.json === true) {
    const json = capacityJson(settings, rows, rejected, warnings);
    return { exitCode, stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '' };
  }
  return { exitCode, stdout: renderCapacityTable(settings, rows, rejected, warnings), stderr: '' };
}
