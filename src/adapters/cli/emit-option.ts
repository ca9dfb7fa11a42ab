import type { OptionReader } from '../../app/option-reader.js';
import type { CommandOutput } from '../command-output.js';
import { EMIT_TARGETS, type EmitTarget, emitPlan } from '../emit/emit.js';
import type { DeployPlan } from '../emit/plan.js';
import { outputFileIssues, writeOutputFile } from '../fs/output-file.js';
import { renderErrors } from '../text/render-issues.js';

export interface EmitRequest {
  target: EmitTarget;
  /** Write here instead of printing. */
  out?: string;
}

/** Reads `--emit` and `--emit-out` (recommend, both modes). */
export function readEmit(o: OptionReader): EmitRequest | undefined {
  const target = o.oneOf('emit', EMIT_TARGETS);
  const out = o.text('emitOut');
  if (out !== undefined && target === undefined && o.text('emit') === undefined) {
    o.issues.push({
      code: 'invalid-option',
      path: '--emit-out',
      message: `writes what --emit produces: add --emit ${EMIT_TARGETS.join('|')}`,
    });
  }
  if (out !== undefined) {
    const inputs = [o.text('modelConfig'), o.text('calibration'), o.text('trace')].filter(
      (f): f is string => f !== undefined,
    );
    o.issues.push(...outputFileIssues(out, '--emit-out', { force: o.flag('force'), inputs }));
  }
  if (target === undefined) return undefined;
  return out !== undefined ? { target, out } : { target };
}

/**
 * With --emit, the deployable text replaces stdout; with --emit-out it goes to that file and the usual
 * output stays. Without a pick nothing is emitted, and stderr says so.
 */
export function applyEmit(
  output: CommandOutput,
  emit: EmitRequest | undefined,
  plan: DeployPlan | undefined,
): CommandOutput {
  if (!emit) return output;
  if (!plan) {
    return { ...output, stderr: `${output.stderr}--emit ${emit.target}: no pick, nothing emitted.\n` };
  }
  const text = emitPlan(emit.target, plan);
  if (emit.out === undefined) return { ...output, stdout: text };
  const reason = writeOutputFile(emit.out, text);
  if (reason !== undefined) {
    return {
      exitCode: 2,
      stdout: '',
      stderr: renderErrors(
        [{ code: 'invalid-option', path: '--emit-out', message: `cannot write ${emit.out}: ${reason}` }],
        'recommend',
      ),
    };
  }
  return { ...output, stderr: `${output.stderr}Wrote the ${emit.target} deployment to ${emit.out}.\n` };
}
