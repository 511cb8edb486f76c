import { z } from 'zod';
import {
  CertificateLevel,
  ExternalId,
  Level,
  LongText,
  MajorCode,
  Name,
  PostKind,
  SkillLevel,
  Timestamp,
} from './common.js';

export const Skill = z.object({ name: Name, level: SkillLevel.optional() });
export type Skill = z.infer<typeof Skill>;

export const Certificate = z.object({ name: Name, level: CertificateLevel.optional() });
export type Certificate = z.infer<typeof Certificate>;

export const StudentStatus = z.enum(['seeking', 'placed', 'inactive']);
export type StudentStatus = z.infer<typeof StudentStatus>;

export const StudentPreferences = z.object({
  postKinds: z.array(PostKind).max(5).default([]),
  cities: z.array(Name).max(20).default([]),
  parks: z.array(Name).max(20).default([]),
  industries: z.array(Name).max(20).default([]),
  /** Wants to stay in the school's city (local retention is a policy goal, 金湾 ≥ 300 a year). */
  stayLocal: z.boolean().default(false),
});
export type StudentPreferences = z.infer<typeof StudentPreferences>;

/**
 * What may be indexed, searched and shown (masked) to enterprises.
 * It has no personal field on purpose: name, phone and 身份证号 live in
 * {@link StudentPersonal}, stored apart and never handed to an index.
 */
export const StudentProfile = z.object({
  id: ExternalId,
  schoolId: ExternalId,
  majorCode: MajorCode,
  level: Level,
  /** 届: the year of graduation, e.g. 2027 for 2027届. */
  graduationYear: z.number().int().min(2000).max(2100),
  skills: z.array(Skill).max(100).default([]),
  certificates: z.array(Certificate).max(50).default([]),
  preferences: StudentPreferences.default({ postKinds: [], cities: [], parks: [], industries: [], stayLocal: false }),
  availability: z
    .object({
      /** First month the student can start, `YYYY-MM`. */
      from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2027-03').optional(),
      months: z.number().int().min(1).max(120).optional(),
    })
    .default({}),
  selfIntroduction: LongText.default(''),
  /** Consent to be found by enterprises (PIPL): without it HR search never returns the student. */
  consentToBeFound: z.boolean(),
  status: StudentStatus.default('seeking'),
  updatedAt: Timestamp,
});
export type StudentProfile = z.infer<typeof StudentProfile>;

/** PRC resident ID: 17 digits and a check character. */
const IdNumber = z.string().regex(/^\d{17}[\dXx]$/, 'an 18-character resident ID number');
/** Mainland mobile number. */
const Phone = z.string().regex(/^1\d{10}$/, 'an 11-digit mobile number starting with 1');

/** Personal data (个人信息). Never indexed, never shown in full to an enterprise. */
export const StudentPersonal = z.object({
  name: Name,
  phone: Phone.optional(),
  idNumber: IdNumber.optional(),
});
export type StudentPersonal = z.infer<typeof StudentPersonal>;

/** What an owner sends: the profile plus the personal data, which the store splits apart. */
export const StudentInput = StudentProfile.extend({ personal: StudentPersonal });
export type StudentInput = z.infer<typeof StudentInput>;
