import { z } from 'zod';

/** A data entry's citation, mirroring core's `Source`. */
export const sourceSchema = z.strictObject({
  title: z.string().min(1),
  url: z.url().optional(),
  fields: z.array(z.string().min(1)).min(1).optional(),
  note: z.string().min(1).optional(),
});

/** Every data entry cites at least one source. */
export const sourcesSchema = z.array(sourceSchema).min(1);
