/** Where a catalog value came from. Every data entry carries at least one. */
export interface Source {
  /** Short citation: a file under shared data, a datasheet title, a paper table. */
  title: string;
  /** Address of the public document, when it has one. */
  url?: string;
  /** Which fields this source supports, when not all of them. */
  fields?: string[];
  /** Anything a reviewer should know (estimated, corrected, converted from GB to GiB…). */
  note?: string;
}
