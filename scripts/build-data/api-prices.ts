import type { z } from 'zod';
import type { apiPricesFileSchema } from '../../src/catalog/api-prices-file.js';
import type { SharedData } from './shared-data.js';

const DIR = 'api-prices';
const AS_OF = '2026-07-24';
/** Above this a per-million price is taken to be a unit fault in the source (the dearest real list prices are hundreds). */
const IMPLAUSIBLE_USD_PER_MILLION = 1000;
const MODES = new Set(['chat', 'completion']);

type ApiPricesFile = z.infer<typeof apiPricesFileSchema>;

/** `data/v1/api-prices.json` from LiteLLM's price table (via the shared CSV), chat and completion entries. */
export function buildApiPrices(shared: SharedData): ApiPricesFile {
  const rows = shared.csv(`${DIR}/litellm_token_prices.csv`);
  const zero: string[] = [];
  const implausible: string[] = [];
  let otherModes = 0;
  const prices: ApiPricesFile['prices'] = [];
  for (const row of rows) {
    if (!MODES.has(row.mode ?? '')) {
      otherModes += 1;
      continue;
    }
    const id = row.model ?? '';
    const input = Number(row.input_usd_per_million_tokens || 0);
    const output = Number(row.output_usd_per_million_tokens || 0);
    if (!(input > 0) || !(output > 0)) {
      zero.push(id);
      continue;
    }
    if (input > IMPLAUSIBLE_USD_PER_MILLION || output > IMPLAUSIBLE_USD_PER_MILLION) {
      implausible.push(`${id} ($${input}/$${output} per million)`);
      continue;
    }
    const maxInput = Number(row.max_input_tokens);
    prices.push({
      id,
      provider: row.provider ?? '',
      inputUsdPerMillionTokens: input,
      outputUsdPerMillionTokens: output,
      ...(Number.isInteger(maxInput) && maxInput > 0 ? { maxInputTokens: maxInput } : {}),
    });
  }
  prices.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    schemaVersion: 1,
    description:
      'Hosted LLM API list prices per million input and output tokens (base tier; no batch, cache or long-context tiers), chat and completion models, from LiteLLM’s price table.',
    asOf: AS_OF,
    sources: [
      {
        title: `shared data ${DIR}/litellm_token_prices.csv, from LiteLLM’s model_prices_and_context_window.json (BerriAI/litellm, MIT) via the RoCry/llm-api-price mirror at 8442b939, synced 2026-07-24`,
        url: 'https://github.com/BerriAI/litellm',
        fields: ['inputUsdPerMillionTokens', 'outputUsdPerMillionTokens', 'maxInputTokens'],
        note: 'USD per million tokens = LiteLLM’s USD per token × 1,000,000. asOf is the mirror’s sync time, not a per-entry date.',
      },
    ],
    dataNotes: [
      `Left out: ${otherModes} entries that are not chat or completion models (embedding, image, audio, rerank, …).`,
      `Left out: ${zero.length} zero-priced or half-priced entries (an input or output price of 0 or missing: free tiers, previews, routers): ${zero.join(', ')}.`,
      `Left out: ${implausible.length} entries priced above $${IMPLAUSIBLE_USD_PER_MILLION} per million tokens, taken to be unit faults in the source: ${implausible.join(', ')}.`,
    ],
    prices,
  };
}
