// Types of words.js (a browser module, not compiled) for its tests.
export function fieldName(flagOrField: string): string | null;
export function inPageWords(
  message: string,
  labelOf: (name: string) => string | undefined,
  field?: string,
): string;
export function pageLabel(name: string): string | undefined;
export function resultWords(message: string): string;
