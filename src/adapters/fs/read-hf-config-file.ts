import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseHfConfig } from '../../catalog/parse-hf-config.js';
import type { Issue, Result } from '../../core/issue.js';
import type { ModelConfig } from '../../core/model-config.js';
import { readJsonFile } from './read-json-file.js';

const HUB_ID = /^[\w.-]+\/[\w.-]+$/;

/**
 * The model id `vllm serve` loads: the config's `_name_or_path` when it is a Hub id; else a file named as
 * the Hub cache names repos (`org--name_config.json` → `org/name`); else the folder holding the file.
 */
function defaultModelId(raw: unknown, path: string): { id: string; fromFolder: boolean } {
  if (typeof raw === 'object' && raw !== null) {
    const name = (raw as Record<string, unknown>)._name_or_path;
    if (typeof name === 'string' && HUB_ID.test(name)) return { id: name, fromFolder: false };
  }
  const hubFile = /^([\w.-]+?)--([\w.-]+?)_config\.json$/.exec(basename(path));
  if (hubFile) return { id: `${hubFile[1]}/${hubFile[2]}`, fromFolder: false };
  return { id: basename(dirname(resolve(path))), fromFolder: true };
}

/**
 * ModelOpt's `hf_quant_config.json` beside the config: in the checkpoint folder, or named after the
 * config file (`X_config.json` → `X_hf_quant_config.json`).
 */
function hfQuantConfigPath(path: string): string | undefined {
  const base = basename(path);
  const candidates = [join(dirname(path), 'hf_quant_config.json')];
  if (base.endsWith('_config.json'))
    candidates.unshift(join(dirname(path), `${base.slice(0, -'config.json'.length)}hf_quant_config.json`));
  return candidates.find((p) => existsSync(p));
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
  const named = id !== undefined ? { id, fromFolder: false } : defaultModelId(raw.value, path);
  const quantPath = hfQuantConfigPath(path);
  const quant = quantPath !== undefined ? readJsonFile(quantPath) : undefined;
  if (quant && !quant.ok) return quant;
  const sources = [{ title: `config.json read from ${path}` }];
  if (quantPath !== undefined) sources.push({ title: `hf_quant_config.json read from ${quantPath}` });
  const result = parseHfConfig(raw.value, named.id, sources, quant?.value);
  if (!result.ok) return { ok: false, issues: result.issues.map((issue) => withFile(issue, path)) };
  const warnings = result.warnings.map((warning) => withFile(warning, path));
  if (named.fromFolder)
    warnings.push({ code: 'model-id-from-folder', details: { id: named.id, file: path } });
  return { ...result, warnings };
}
