/**
 * How a surface names a request field. Issues carry field names (`maxPrice`, `inputTokens`) in `path`, and
 * sentences refer to other fields as `{{maxPrice}}`; each surface words them its own way: the CLI as flags
 * (`--max-price`), HTTP and the library as the JSON field (`maxPrice`).
 */
export interface Wording {
  surface: 'cli' | 'fields';
  /** A request field (`maxPrice`) as this surface names it. */
  field(name: string): string;
  /** Where this surface lists a catalog (`models`, `instances`, `gpus`, `regions`): a command or an endpoint. */
  listing(catalog: string): string;
}

const IDENTIFIER = /^[a-z][A-Za-z0-9]*$/;

/** `maxPrice` → `max-price`; `sloE2eP95` → `slo-e2e-p95`. */
export function kebabCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `max-price` → `maxPrice`. */
export function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The JSON field names, as HTTP and the library take them; a legacy `--flag` path becomes its field. */
export const FIELD_WORDING: Wording = {
  surface: 'fields',
  field: (name) => {
    if (name.startsWith('--no-')) return camelCase(name.slice(5));
    if (name.startsWith('--')) return camelCase(name.slice(2));
    // A negated flag (`noChunkedPrefill`, from --no-chunked-prefill) is the field set to false.
    if (/^no[A-Z]/.test(name)) return `${name.charAt(2).toLowerCase()}${name.slice(3)}`;
    return name;
  },
  // Regions have no endpoint of their own: each instance in GET /v1/instances names its region.
  listing: (catalog) => (catalog === 'regions' ? 'GET /v1/instances' : `GET /v1/${catalog}`),
};

/** Command-line flags. Paths that are no field (a file row such as `gpus[3].id`) stay as they are. */
export const CLI_WORDING: Wording = {
  surface: 'cli',
  field: (name) => (IDENTIFIER.test(name) ? `--${kebabCase(name)}` : name),
  listing: (catalog) => `infersave ${catalog}`,
};

/** Replaces each `{{field}}` in a sentence with the surface's name for it, and each `{{@catalog}}` with where it lists that catalog. */
export function wordFields(text: string, wording: Wording): string {
  return text
    .replace(/\{\{@([a-z]+)\}\}/g, (_, catalog: string) => wording.listing(catalog))
    .replace(/\{\{([a-z][A-Za-z0-9]*)\}\}/g, (_, name: string) => wording.field(name));
}

/** A path as a `{{field}}` token when it is a request field; a data location (`gpus[3].id`) as it is. */
export function fieldRef(path: string): string {
  if (path.startsWith('--')) return path;
  return IDENTIFIER.test(path) ? `{{${path}}}` : path;
}
