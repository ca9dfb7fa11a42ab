import type { PlannerData } from '../../app/planner-data.js';
import { parseHfConfig } from '../../catalog/parse-hf-config.js';
import type { Issue } from '../../core/issue.js';

const HUB_ID = /^[\w.-]+\/[\w.-]+$/;
/** The id a sent config plans under when it names no Hub id and the body no servedModelName. */
export const INLINE_MODEL_ID = 'custom-model';

/** An issue about the sent config names its field inside `modelConfig` (e.g. `modelConfig.hidden_size`). */
function inModelConfig(issue: Issue): Issue {
  const path = issue.path && issue.path !== '(root)' ? `modelConfig.${issue.path}` : 'modelConfig';
  return { ...issue, path };
}

/**
 * A request that sends a Hugging Face config.json as JSON (`modelConfig`: the object, never a path):
 * the options the app layer reads (`modelConfig` as a marker, so it resolves the model through
 * `hfConfig`) and planner data whose `hfConfig` parses that object, as `--model-config` parses a file.
 * The served id: `servedModelName`, else the config's `_name_or_path` when it is a Hub id.
 */
export function withInlineModelConfig(
  raw: Record<string, unknown>,
  data: PlannerData,
): { raw: Record<string, unknown>; data: PlannerData } {
  const config = raw.modelConfig;
  if (config === undefined) return { raw, data };
  const name = (config as Record<string, unknown>)._name_or_path;
  const id =
    typeof raw.servedModelName === 'string'
      ? raw.servedModelName
      : typeof name === 'string' && HUB_ID.test(name)
        ? name
        : INLINE_MODEL_ID;
  const hfConfig: PlannerData['hfConfig'] = () => {
    const parsed = parseHfConfig(config, id, [{ title: 'config.json sent in the request body' }]);
    return parsed.ok
      ? { ...parsed, warnings: parsed.warnings.map(inModelConfig) }
      : { ok: false, issues: parsed.issues.map(inModelConfig) };
  };
  return { raw: { ...raw, modelConfig: 'request body' }, data: { ...data, hfConfig } };
}
