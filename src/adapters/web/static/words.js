// API issues in the page's words: CLI flags (--max-price) become the labels of the form's controls.

/** `--max-price` → `maxPrice`; a JSON field name stays as it is. */
export function fieldName(flagOrField) {
  if (typeof flagOrField !== 'string' || flagOrField === '') return null;
  const bare = flagOrField.startsWith('--') ? flagOrField.slice(2) : flagOrField;
  return bare.replace(/-([a-z])/g, (_, c) => c.toUpperCase()).split(/[.[]/)[0];
}

/** `gpuMemoryUtilization` → `gpu memory utilization`, for a flag the page has no control for. */
const spaced = (name) => name.replace(/([A-Z])/g, ' $1').toLowerCase();

/**
 * Rewrites an API message for the page: a leading `--flag: ` or `field: ` is dropped when the message
 * sits next to that field (`field`); a field inside the pasted config loses its `modelConfig.` prefix;
 * JSON field names the form has a control for, and CLI flags, become “Label” (`labelOf(name)`, else
 * spaced words); the hints about models — the API's (`GET /v1/models`, `modelConfig`) and the CLI's
 * (`infersave models`, `--model-config path/to/config.json`) — name the page's controls; the API's other
 * listings (`GET /v1/instances`, …), which the page has no place for, are left out.
 */
export function inPageWords(message, labelOf, field) {
  let text = String(message ?? '')
    // The API's hints about models (its listing endpoint, the modelConfig field) name the page's controls.
    .replace(/give the model's config\.json as modelConfig/g, 'paste a config.json')
    .replace(/\(list them: GET \/v1\/models;\s*/g, '(the Catalog model list; ')
    .replace(/\(GET \/v1\/models\)/g, '(the Catalog model list)')
    // Other listings (instances, GPUs, regions, a cloud's instances) have no place on the page: dropped.
    .replace(/\s*\(list them: GET \/v1\/[a-z]+\)/g, '')
    .replace(/;\s*list [^;:)]*: GET \/v1\/[^;)]*/g, '');
  const lead = /^(--[a-z0-9-]+|[a-z][A-Za-z0-9]*):\s*/.exec(text);
  if (lead && field && fieldName(lead[1]) === field) text = text.slice(lead[0].length);
  text = text.replace(/\bmodelConfig\./g, '');
  // A JSON field named in the sentence (inputTokens, maxPrice) that the form has a control for.
  text = text.replace(/\b[a-z]+[A-Z][A-Za-z0-9]*\b/g, (name) => {
    const label = labelOf(name);
    return label ? `“${label}”` : name;
  });
  return text
    .replace(/pass --model-config(\s+path\/to\/config\.json)?/g, 'paste a config.json')
    .replace(/--model-config(\s+path\/to\/config\.json)?/g, 'a pasted config.json')
    .replace(/\(list them: infersave models;\s*/g, '(the Catalog model list; ')
    .replace(/\binfersave models\b/g, 'the Catalog model list')
    .replace(/--([a-z][a-z0-9-]*)/g, (_, flag) => {
      const name = fieldName(`--${flag}`);
      return `“${labelOf(name) ?? spaced(name)}”`;
    });
}

/** The visible label of the page's control `name` (browser only), without a trailing colon. */
export function pageLabel(name) {
  const el = name ? document.getElementById(name) : null;
  const text = el?.labels?.[0]?.textContent?.trim();
  return text ? text.replace(/:$/, '') : undefined;
}

/** An API sentence shown in the results (a rejection, a warning), in the page's words. */
export const resultWords = (message) => inPageWords(message, pageLabel);
