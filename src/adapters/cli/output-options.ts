import { Option } from 'commander';

/** `--force` on every command that writes a file: replacing an existing file is asked for, never silent. */
export const forceOption = (): Option =>
  new Option('--force', 'replace an existing output file (never the command’s own input)');
