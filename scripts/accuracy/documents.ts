import { stableStringify } from '../efficiency/report.js';
import { renderStepModelSection } from '../step-model/render.js';
import { stepModelReport } from '../step-model/report.js';
import { generateAccuracyData } from './generate.js';
import { accuracyJson, renderAccuracyDoc } from './render.js';

/** The two generated files' contents. */
export function accuracyDocuments(repoRoot: string, sharedDir: string): { markdown: string; json: string } {
  const data = generateAccuracyData({ repoRoot, sharedDir });
  // End-to-end steps of real engines, scored apart from the kernel-level datasets above (whose points
  // leave engine overheads out by construction): the engine step model, leave-one-group-out.
  const stepModel = renderStepModelSection(stepModelReport(sharedDir));
  return {
    markdown: `${renderAccuracyDoc(data).trimEnd()}\n\n${stepModel}`,
    json: stableStringify(accuracyJson(data)),
  };
}
