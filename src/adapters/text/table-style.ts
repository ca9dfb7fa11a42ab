/** cli-table3 options for compact tables: a header rule and no lines between rows. */
export const COMPACT_TABLE = {
  style: { head: [] as string[], border: [] as string[], compact: true },
  chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
};
