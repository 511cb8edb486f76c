import { z } from 'zod';
import { Name, TermId, Timestamp } from './common.js';

const IsoDate = z.iso.date();

export const Term = z
  .object({
    id: TermId,
    name: Name.optional(),
    startsOn: IsoDate,
    endsOn: IsoDate,
    /** Order-class applications are filed with the joint meeting office in June and December. */
    applicationMonth: z.union([z.literal(6), z.literal(12)]),
    updatedAt: Timestamp,
  })
  .refine((t) => t.startsOn < t.endsOn, { path: ['endsOn'], message: 'endsOn must be after startsOn' });
export type Term = z.infer<typeof Term>;
