import { fail, type Issue, ok, type Result } from '../core/issue.js';
import type { ModelConfig } from '../core/model-config.js';
import { duplicateIdIssues } from './duplicate-id-issues.js';
import { modelsFileSchema } from './models-file-schema.js';
import { parseHfConfig } from './parse-hf-config.js';
import { schemaIssues } from './schema-issues.js';

function prefixed(issue: Issue, prefix: string): Issue {
  return { ...issue, path: issue.path ? `${prefix}.${issue.path}` : prefix };
}

/** Parses `data/v1/models.json` (already JSON-decoded), each entry's config through parseHfConfig. */
export function parseModelsFile(raw: unknown): Result<ModelConfig[]> {
  const parsed = modelsFileSchema.safeParse(raw);
  if (!parsed.success) return fail(...schemaIssues(parsed.error));
  const entries = parsed.data.models;
  const issues: Issue[] = duplicateIdIssues(
    entries.map((entry) => entry.id),
    (index) => `models[${index}].id`,
  );
  const warnings: Issue[] = [];
  const models: ModelConfig[] = [];
  entries.forEach((entry, index) => {
    const prefix = `models[${index}].config`;
    const result = parseHfConfig(entry.config, entry.id, entry.sources);
    if (!result.ok) {
      issues.push(...result.issues.map((issue) => prefixed(issue, prefix)));
      return;
    }
    warnings.push(...result.warnings.map((warning) => prefixed(warning, prefix)));
    const model = result.value;
    if (entry.publishedParameterCount !== undefined)
      model.publishedParameterCount = entry.publishedParameterCount;
    models.push(model);
  });
  if (issues.length > 0) return fail(...issues);
  return ok(models, warnings);
}
