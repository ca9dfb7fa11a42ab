import { basename, dirname, resolve } from 'node:path';
import { parseHfConfig } from '../../catalog/parse-hf-config.js';
import type { Issue, Result } from '../../core/issue.js';
import type { ModelConfig } from '../../core/model-config.js';
import { readJsonFile } from './read-json-file.js';

/** `org/name` from the config's `_name_or_path` when it is a Hub id, else the folder holding the file. */
function defaultModelId(raw: unknown, path: string): string {
  if (typeof raw === 'object' && raw !== null) {
    const name = (raw as Record<string, unknown>)._name_or_path;
    if (typeof name === 'string' && /^[\w.-]+\/[\w.-]+$/.test(name)) return name;
  }
  return basename(dirname(resolve(path)));
}

function withFile(issue: Issue, file: string): Issue {
  return { ...issue, details: { ...issue.details, file } };
}

/**
 * Reads a user's Hugging Face `config.json` and maps it to a ModelConfig. Unreadable files, invalid JSON
 * (with line and column) and bad fields (by name) all come back as issues; `id` defaults to the config's
 * Hub id or its folder's name.
 */
export function readHfConfigFile(path: string, id?: string): Result<ModelConfig> {
  const raw = readJsonFile(path);
  if (!raw.ok) return raw;
  const modelId = id ?? defaultModelId(raw.value, path);
  const result = parseHfConfig(raw.value, modelId, [{ title: `config.json read from ${path}` }]);
  if (!result.ok) return { ok: false, issues: result.issues.map((issue) => withFile(issue, path)) };
  return { ...result, warnings: result.warnings.map((warning) => withFile(warning, path)) };
}
