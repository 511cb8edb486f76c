import { z } from 'zod';

/**
 * An id given by the data owner (school, enterprise, office). We never mint ids:
 * re-importing the owner's file must hit the same records (idempotent ingestion).
 */
export const ExternalId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'id: letters, digits and _ . : - only')
  // Ids are shown to enterprises, and the reply guard masks a phone or ID number standing alone in
  // one (shared/platform's personal-data guard, the same two patterns): a 学号 that is a phone or
  // an ID number would reach HR as asterisks, useless to act on, or leak. Refused at the door.
  .regex(/^(?!.*(?<![\w.-])(?:1\d{10}|\d{17}[\dXx])(?![\w-]))/, 'id: must not hold a phone or resident ID number (ids are shown to enterprises) / 编号不能含手机号或身份证号');

/**
 * A number read from a query string, where every value is text. Missing or not a number is said in
 * words (`required`, `not a number: abc`), where coercion said "received NaN" and read `1e2`,
 * `true` or a repeated parameter (`?limit=1&limit=2`) as numbers. Request bodies are JSON and use
 * plain numbers.
 */
export const queryNumber = (bounds: { min: number; max: number; int?: boolean }) => {
  const n = z.number().min(bounds.min).max(bounds.max);
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'required' : `not a number: ${String(issue.input)}`) })
    .regex(bounds.int ? /^\d+$/ : /^\d+(\.\d+)?$/, { error: (issue) => `${bounds.int ? 'not a whole number' : 'not a number'}: ${String(issue.input)}` })
    .transform(Number)
    .pipe(bounds.int ? n.int() : n);
};

/** ISO-8601 instant. Set by the data owner, or by ingestion when the row has none. */
export const Timestamp = z.iso.datetime({ offset: true });

/** 中职 / 高职专科 / 职业本科, the three levels of the 2021 catalog. */
export const Level = z.enum(['secondary', 'higher', 'bachelor']);
export type Level = z.infer<typeof Level>;

export const LEVEL_LABELS: Readonly<Record<Level, string>> = Object.freeze({
  secondary: '中职',
  higher: '高职专科',
  bachelor: '职业本科',
});

/** A 6-digit catalog 专业 code, with the optional trailing K of nationally controlled majors. */
export const MajorCode = z.string().regex(/^\d{6}K?$/, 'a 6-digit major code (optionally ending in K)');
/** 2-digit 大类, 4-digit 类 or 6-digit 专业: used where a post accepts a whole field. */
export const MajorCodePrefix = z.string().regex(/^(\d{2}|\d{4}|\d{6}K?)$/, 'a 2-, 4- or 6-digit major code');

/** `2027-spring` / `2027-autumn`: batch matching runs once a term. */
export const TermId = z.string().regex(/^\d{4}-(spring|autumn)$/, 'a term like 2027-spring or 2027-autumn');

/** 初级 / 中级 / 高级 (and the 技师 grades of 技工院校 certificates). */
export const CertificateLevel = z.enum(['junior', 'intermediate', 'senior', 'technician', 'senior_technician']);
export type CertificateLevel = z.infer<typeof CertificateLevel>;
export const CERTIFICATE_LEVEL_LABELS: Readonly<Record<CertificateLevel, string>> = Object.freeze({
  junior: '初级',
  intermediate: '中级',
  senior: '高级',
  technician: '技师',
  senior_technician: '高级技师',
});
/** Ordinal rank, so "at least 中级" is a comparison. */
export const CERTIFICATE_LEVEL_RANK: Readonly<Record<CertificateLevel, number>> = Object.freeze({
  junior: 1,
  intermediate: 2,
  senior: 3,
  technician: 4,
  senior_technician: 5,
});

export const SkillLevel = z.enum(['basic', 'intermediate', 'advanced']);
export type SkillLevel = z.infer<typeof SkillLevel>;

export const PostKind = z.enum(['job', 'internship', 'order_class', 'apprenticeship', 'project_class']);
export type PostKind = z.infer<typeof PostKind>;
export const POST_KIND_LABELS: Readonly<Record<PostKind, string>> = Object.freeze({
  job: '就业岗位',
  internship: '实习岗位',
  order_class: '订单班',
  apprenticeship: '现代学徒制',
  project_class: '项目班',
});

/** Short free text: names, titles, places. */
export const Name = z.string().trim().min(1).max(100);
/** Long free text: self-introductions and post descriptions. */
export const LongText = z.string().max(4000);
