import type { Issue } from '../core/issue.js';
import { fieldRef } from './wording.js';

type Detail = NonNullable<Issue['details']>[string] | undefined;

const text = (value: Detail): string =>
  value === undefined ? '?' : Array.isArray(value) ? value.join(', ') : String(value);
const at = (issue: Issue): string => (issue.path ? `${fieldRef(issue.path)}: ` : '');

/** Sentences for cloud and region selection, spot pricing and self-host vs API comparisons. */
export const cloudMessages: Record<string, (issue: Issue) => string> = {
  'unknown-cloud': (i) =>
    `${at(i)}unknown cloud '${text(i.details?.value)}'${
      i.details?.suggestion ? ` — did you mean ${text(i.details.suggestion)}?` : ''
    } (clouds: ${text(i.details?.known)}; list a cloud's instances: {{@instances}} with {{cloud}} NAME)`,
  'unknown-region': (i) =>
    `${at(i)}no instance is priced in '${text(i.details?.value)}' on ${text(i.details?.clouds)}${
      i.details?.suggestion ? ` — did you mean ${text(i.details.suggestion)}?` : ''
    } (list them: {{@regions}})`,
  'clouds-left-out-by-region': (i) =>
    `${at(i)}${text(i.details?.regions)} prices ${text(i.details?.searched)}; ${text(i.details?.clouds)} ${
      Array.isArray(i.details?.clouds) && i.details.clouds.length > 1 ? 'are' : 'is'
    } left out (none of their regions is named) — to search them too, add cloud:region for each (list them: {{@regions}})`,
  'region-cloud-not-selected': (i) =>
    `${at(i)}'${text(i.details?.value)}' names cloud '${text(i.details?.cloud)}', which is not selected ({{cloud}} ${text(i.details?.selected)}) — add it to {{cloud}}`,
  'two-regions-for-one-cloud': (i) =>
    `${at(i)}two regions for ${text(i.details?.cloud)} (${text(i.details?.regions)}) — give one region per cloud, or run once per region`,
  'no-spot-price': (i) =>
    `no spot price in ${text(i.details?.region)} (the catalog has none for this instance there)`,
  'clouds-without-spot': (i) =>
    `${text(i.details?.clouds)} ha${
      Array.isArray(i.details?.clouds) && i.details.clouds.length > 1 ? 've' : 's'
    } no spot prices in the catalog (priced in ${text(i.details?.regions)}): spot searched on ${text(i.details?.searched)} only`,
  'spot-unavailable': (i) =>
    `${at(i)}${text(i.details?.clouds)} sell${
      Array.isArray(i.details?.clouds) && i.details.clouds.length > 1 ? '' : 's'
    } no spot capacity in the catalog${i.details?.regions ? ` (priced in ${text(i.details.regions)})` : ''} — drop spot from {{pricing}}, or ${
      i.details?.chosenWith === 'catalog'
        ? 'choose another {{catalog}}'
        : `drop ${text(i.details?.clouds)} from {{cloud}}`
    }${i.details?.cloudsWithSpot ? ` (clouds with spot prices: ${text(i.details.cloudsWithSpot)}; or another {{region}})` : ''}`,
  'api-price-not-positive': (i) =>
    `${at(i)}an API price must be more than $0 per million tokens (got ${text(i.details?.value)}); a free tier cannot break even — give the list price`,
  'unknown-api-model': (i) =>
    `${at(i)}no hosted API price for '${text(i.details?.value)}'${
      i.details?.suggestion ? ` — did you mean ${text(i.details.suggestion)}?` : ''
    } (ids are LiteLLM's, e.g. together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo; or give {{apiUsdPerMillionInput}} and {{apiUsdPerMillionOutput}})`,
  'no-self-host-option': (i) =>
    `no instance of ${text(i.details?.clouds)} can serve ${text(i.details?.model)} for this workload (${text(i.details?.reason)}) — allow more clouds or a smaller precision`,
};
