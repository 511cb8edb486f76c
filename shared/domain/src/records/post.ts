import { z } from 'zod';
import {
  CertificateLevel,
  ExternalId,
  Level,
  LongText,
  MajorCodePrefix,
  Name,
  PostKind,
  TermId,
  Timestamp,
} from './common.js';

/** 跟岗实习 (shadow, ≥ 3 months) or 顶岗实习 (on-post, ≥ 6 months). */
export const InternshipMode = z.enum(['shadow', 'on_post']);
export type InternshipMode = z.infer<typeof InternshipMode>;
export const INTERNSHIP_MIN_MONTHS: Readonly<Record<InternshipMode, number>> = Object.freeze({ shadow: 3, on_post: 6 });

export const CertificateRequirement = z.object({ name: Name, minLevel: CertificateLevel.optional() });
export type CertificateRequirement = z.infer<typeof CertificateRequirement>;

export const PostStatus = z.enum(['draft', 'open', 'closed']);
export type PostStatus = z.infer<typeof PostStatus>;

export const Post = z
  .object({
    id: ExternalId,
    enterpriseId: ExternalId,
    /** Several enterprises of one park may open one joint order class. */
    coEnterpriseIds: z.array(ExternalId).max(20).default([]),
    kind: PostKind,
    internshipMode: InternshipMode.optional(),
    title: Name,
    description: LongText.default(''),
    /** Codes or prefixes (大类 / 类 / 专业). Empty: any major. */
    acceptedMajorCodes: z.array(MajorCodePrefix).max(200).default([]),
    acceptedLevels: z.array(Level).max(3).default([]),
    acceptedGraduationYears: z.array(z.number().int().min(2000).max(2100)).max(10).default([]),
    requiredSkills: z.array(Name).max(50).default([]),
    preferredSkills: z.array(Name).max(50).default([]),
    requiredCertificates: z.array(CertificateRequirement).max(20).default([]),
    preferredCertificates: z.array(CertificateRequirement).max(20).default([]),
    /** Headcount for jobs and internships, seats for classes. */
    seats: z.number().int().min(1).max(100_000),
    term: TermId,
    city: Name,
    park: Name.optional(),
    salary: z
      .object({ min: z.number().min(0).max(1_000_000), max: z.number().min(0).max(1_000_000) })
      .refine((s) => s.min <= s.max, { path: ['max'], message: 'max must be ≥ min' })
      .optional(),
    durationMonths: z.number().int().min(1).max(120).optional(),
    /** 3+1, 2+1, 2.5+1.5, 2+2, 工学交替 … */
    trainingMode: Name.optional(),
    status: PostStatus.default('open'),
    updatedAt: Timestamp,
  })
  .superRefine((p, ctx) => {
    if (p.kind === 'internship' && !p.internshipMode) {
      ctx.addIssue({ code: 'custom', path: ['internshipMode'], message: 'an internship is shadow (跟岗) or on_post (顶岗)' });
    }
    if (p.kind !== 'internship' && p.internshipMode) {
      ctx.addIssue({ code: 'custom', path: ['internshipMode'], message: 'only internships have an internshipMode' });
    }
    if (p.kind === 'internship' && p.internshipMode && p.durationMonths !== undefined) {
      const min = INTERNSHIP_MIN_MONTHS[p.internshipMode];
      if (p.durationMonths < min) {
        ctx.addIssue({
          code: 'custom',
          path: ['durationMonths'],
          message: `${p.internshipMode === 'shadow' ? '跟岗' : '顶岗'}实习 lasts at least ${min} months`,
        });
      }
    }
  });
export type Post = z.infer<typeof Post>;
