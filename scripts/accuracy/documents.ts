import { stableStringify } from '../efficiency/report.js';
import { generateAccuracyData } from './generate.js';
import { accuracyJson, renderAccuracyDoc } from './render.js';

/** The two generated files' contents. */
export function accuracyDocuments(repoRoot: string, sharedDir: string): { markdown: string; json: string } {
  const data = generateAccuracyData({ repoRoot, sharedDir });
  return { markdown: renderAccuracyDoc(data), json: stableStringify(accuracyJson(data)) };
}
