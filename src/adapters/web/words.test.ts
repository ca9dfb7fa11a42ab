import { describe, expect, it } from 'vitest';
import { fieldName, inPageWords } from './static/words.js';

const LABELS: Record<string, string> = {
  inputTokens: 'Input tokens',
  maxPrice: 'Budget ($/hour)',
  model: 'Catalog model',
  modelConfig: 'config.json',
};
const labelOf = (name: string) => LABELS[name];

describe("API messages in the web planner's words", () => {
  it('drops the leading flag or field when the message sits beside that field', () => {
    const flag = "--input-tokens: '-5' is not a positive whole number (1, 2, 3, …)";
    const field = "inputTokens: '-5' is not a positive whole number (1, 2, 3, …)";
    expect(inPageWords(flag, labelOf, 'inputTokens')).toBe(
      "'-5' is not a positive whole number (1, 2, 3, …)",
    );
    expect(inPageWords(field, labelOf, 'inputTokens')).toBe(
      "'-5' is not a positive whole number (1, 2, 3, …)",
    );
  });

  it('names other flags and JSON fields by their labels, never as --flags', () => {
    expect(
      inPageWords('--model-config: give --model or --model-config, not both', labelOf, 'modelConfig'),
    ).toBe('give “Catalog model” or a pasted config.json, not both');
    expect(inPageWords('nothing within maxPrice $3.00/h on vLLM', labelOf)).toBe(
      'nothing within “Budget ($/hour)” $3.00/h on vLLM',
    );
    expect(inPageWords('raise --gpu-memory-utilization', labelOf)).toBe('raise “gpu memory utilization”');
  });

  it("words the API's hints about models as the page's controls", () => {
    const message =
      "unknown model 'facebook/opt-2.7' — did you mean facebook/opt-2.7b? (list them: GET /v1/models; or give the model's config.json as modelConfig)";
    expect(inPageWords(message, labelOf, 'model')).toBe(
      "unknown model 'facebook/opt-2.7' — did you mean facebook/opt-2.7b? (the Catalog model list; or paste a config.json)",
    );
    expect(
      inPageWords(
        "name a catalog model (GET /v1/models) or give the model's config.json as modelConfig",
        labelOf,
      ),
    ).toBe('name a catalog model (the Catalog model list) or paste a config.json');
  });

  it("leaves out the API's other listings, which the page has no place for", () => {
    expect(
      inPageWords(
        "unknown instance 'g6e.xlarg' — did you mean g6e.xlarge? (list them: GET /v1/instances)",
        labelOf,
      ),
    ).toBe("unknown instance 'g6e.xlarg' — did you mean g6e.xlarge?");
    expect(
      inPageWords(
        "unknown cloud 'oracel' (clouds: aws, azure, gcp, lambda; list a cloud's instances: GET /v1/instances with cloud NAME)",
        labelOf,
      ),
    ).toBe("unknown cloud 'oracel' (clouds: aws, azure, gcp, lambda)");
  });

  it("words the CLI's hints about models as the page's controls", () => {
    const message =
      "unknown model 'facebook/opt-2.7' — did you mean facebook/opt-2.7b? (list them: infersave models; or pass --model-config path/to/config.json)";
    expect(inPageWords(message, labelOf, 'model')).toBe(
      "unknown model 'facebook/opt-2.7' — did you mean facebook/opt-2.7b? (the Catalog model list; or paste a config.json)",
    );
  });

  it("a field inside the pasted config loses its modelConfig. prefix; paths map to the form's control", () => {
    expect(inPageWords("config.json has no 'modelConfig.hidden_size'", labelOf, 'modelConfig')).toBe(
      "config.json has no 'hidden_size'",
    );
    expect(fieldName('modelConfig.hidden_size')).toBe('modelConfig');
    expect(fieldName('--max-price')).toBe('maxPrice');
    expect(fieldName('measurements[0].gpu')).toBe('measurements');
    expect(fieldName('')).toBeNull();
  });
});
