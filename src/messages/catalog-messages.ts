import type { Issue } from '../core/issue.js';

type Detail = NonNullable<Issue['details']>[string] | undefined;

function text(value: Detail): string {
  if (value === undefined) return '?';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

const where = (issue: Issue): string => issue.path ?? 'the data';

/** Sentences for the issue codes the catalog parsers and the file-system data loaders produce. */
export const catalogMessages: Record<string, (issue: Issue) => string> = {
  'schema-invalid': (issue) =>
    `${where(issue)}: ${issue.message ?? 'invalid value'}${
      issue.details?.keys ? ` (${text(issue.details.keys)})` : ''
    } — fix the data file (see data/README.md for its fields).`,
  'mig-layout-invalid': (issue) => `data/v1/mig.json ${issue.path}: ${issue.message}`,
  'catalog-duplicate-id': (issue) =>
    `${where(issue)}: id '${text(issue.details?.id)}' appears more than once — ids must be unique.`,
  'catalog-duplicate-region': (issue) =>
    `${where(issue)}: region '${text(issue.details?.id)}' is priced twice for one instance — keep one price per region.`,
  'catalog-unknown-gpu': (issue) =>
    `${where(issue)}: instance '${text(issue.details?.instance)}' uses GPU '${text(
      issue.details?.gpuId,
    )}', which no GPU list defines — known GPUs: ${text(issue.details?.known)}.`,
  'catalog-inconsistent': (issue) =>
    `${where(issue)}: ${issue.message ?? 'values contradict each other'} (instance '${text(issue.details?.instance)}').`,
  'catalog-default-region-unpriced': (issue) =>
    `catalog '${text(issue.details?.catalog)}' has no instance priced in its default region '${text(
      issue.details?.region,
    )}' — choose a region with {{region}}.`,
  'config-not-object': (issue) =>
    `config of '${text(issue.details?.id)}' is ${text(issue.details?.received)}, not a JSON object — pass a Hugging Face config.json.`,
  'config-field-missing': (issue) =>
    `config.json of '${text(issue.details?.id)}' has no '${where(issue)}' — add it from the model's Hugging Face config.json.`,
  'config-field-invalid': (issue) =>
    `config.json of '${text(issue.details?.id)}': '${where(issue)}' is ${text(issue.details?.value)}, expected ${text(
      issue.details?.expected,
    )}.`,
  'config-unsupported-model-type': (issue) =>
    `config.json of '${text(issue.details?.id)}': model_type ${text(
      issue.details?.modelType,
    )} is not supported — supported types: ${text(issue.details?.supported)}.`,
  'config-inconsistent': (issue) => {
    const numbers = Object.entries(issue.details ?? {})
      .filter(([key]) => key !== 'id')
      .map(([key, value]) => `${key} ${text(value)}`)
      .join(', ');
    return `config.json of '${text(issue.details?.id)}': '${where(issue)}' does not fit the other fields (${numbers}).`;
  },
  'config-architecture-unsupported': (issue) =>
    `config.json of '${text(issue.details?.id)}': model_type ${text(issue.details?.modelType)} uses ${text(
      issue.details?.feature,
    )} ('${where(issue)}'), which InferSave does not model yet${
      issue.details?.kvBytesPerTokenBf16 !== undefined
        ? ` (its KV cache: ${Number(issue.details.kvBytesPerTokenBf16).toLocaleString('en-US')} bytes per token in bf16)`
        : ''
    } — see docs/model-formats.md.`,
  'config-field-defaulted': (issue) =>
    `config.json of '${text(issue.details?.id)}' has no '${where(issue)}'; assuming ${text(issue.details?.value)}.`,
  'config-approximated': (issue) =>
    `config.json of '${text(issue.details?.id)}': '${where(issue)}' is not modelled — ${
      issue.message ?? 'the estimate is approximate'
    }.`,
  'config-quantization-unsupported': (issue) =>
    `config.json of '${text(issue.details?.id)}': '${where(issue)}' is ${text(
      issue.details?.value,
    )}, a quantization InferSave cannot plan — supported: ${text(issue.details?.supported)} (docs/model-formats.md).`,
  'model-id-from-folder': (issue) =>
    `${text(issue.details?.file)} names no Hub id (_name_or_path): the model is called '${text(
      issue.details?.id,
    )}' after its folder — pass {{servedModelName}} ORG/NAME (or the checkpoint path) for what vllm serve loads.`,
  'file-unreadable': (issue) =>
    `cannot read ${text(issue.details?.file)}: ${issue.message ?? 'unknown error'}.`,
  'file-invalid-json': (issue) =>
    `${text(issue.details?.file)} is not valid JSON${
      issue.details?.line !== undefined
        ? ` at line ${text(issue.details.line)}, column ${text(issue.details.column)}`
        : ''
    }: ${issue.message ?? 'syntax error'}.`,
  'builtin-data-missing': (issue) =>
    `the built-in data file ${text(issue.details?.file)} is missing: ${
      issue.message ?? 'unknown error'
    } — reinstall infersave or run \`npm run data\`.`,
  'builtin-catalog-unknown': (issue) =>
    `unknown catalog '${text(issue.details?.id)}' — built-in catalogs: ${text(issue.details?.known)}.`,
};
