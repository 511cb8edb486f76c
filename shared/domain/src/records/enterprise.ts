import { z } from 'zod';
import { ExternalId, Name, Timestamp } from './common.js';

export const Enterprise = z.object({
  id: ExternalId,
  name: Name,
  city: Name,
  /** 园区: 高新区, 经开区, 开发区 … */
  park: Name.optional(),
  industry: Name,
  /** On the city's 重点企业名录. */
  keyEnterprise: z.boolean().default(false),
  /** Headcount, for the ≥ 10 % internship-post rule (嘉峪关) on enterprises above a size. */
  employees: z.number().int().min(0).max(10_000_000).optional(),
  technicalPositions: z.number().int().min(0).max(10_000_000).optional(),
  /** Schools with a signed 合作协议. */
  partnerSchoolIds: z.array(ExternalId).max(1000).default([]),
  updatedAt: Timestamp,
});
export type Enterprise = z.infer<typeof Enterprise>;
