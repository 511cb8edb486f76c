import { z } from 'zod';
import { ExternalId, Level, Name, Timestamp } from './common.js';

/** 技工院校 classes count as 中专 / 大专 / 本科 (中级工班 / 高级工班 / 预备技师班), see docs/domain.md. */
export const SchoolKind = z.enum(['secondary_vocational', 'higher_vocational', 'vocational_bachelor', 'technician_college']);
export type SchoolKind = z.infer<typeof SchoolKind>;

export const School = z.object({
  id: ExternalId,
  name: Name,
  kind: SchoolKind,
  /** The catalog levels the school teaches at. */
  levels: z.array(Level).min(1).max(3),
  city: Name,
  district: Name.optional(),
  /** Enterprises with a signed 合作协议. */
  partnerEnterpriseIds: z.array(ExternalId).max(1000).default([]),
  updatedAt: Timestamp,
});
export type School = z.infer<typeof School>;
