/** Human formatting of base units, for messages and tables. */

export function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(bytes >= 10 * 2 ** 30 ? 1 : 2)} GiB`;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 1e-3) return `${(seconds * 1e6).toFixed(0)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toFixed(1)} ms`;
  if (seconds < 600) return `${seconds.toFixed(2)} s`;
  return `${(seconds / 3600).toFixed(2)} h`;
}

export function formatUsd(usd: number): string {
  return usd >= 100 ? `$${usd.toFixed(0)}` : usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(3)}`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction > 0 && fraction < 0.01 ? 2 : 0)}%`;
}

const numberFormats = new Map<number, Intl.NumberFormat>();

/** Grouped thousands, fixed decimals. One Intl.NumberFormat per digit count: building one costs ~50 µs. */
export function formatNumber(value: number, digits = 1): string {
  let format = numberFormats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    numberFormats.set(digits, format);
  }
  return format.format(value);
}
