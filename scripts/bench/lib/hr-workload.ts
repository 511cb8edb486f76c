/**
 * The HR query workload that bench:search and bench:recall-real share, so both measure the same
 * kind of query: the text a recruiter types (a major and two skills of a profile) and a filter
 * of varied selectivity, always on top of what HR search itself requires.
 */
import type { Random } from '@chanjiao/demo-data';
import type { StudentProfile, majorCatalog } from '@chanjiao/domain';
import type { StudentFilter } from '@chanjiao/search/internal';

/** What every HR search filters on: consenting, seeking students. */
export const HR_BASE: StudentFilter = { consent: true, statuses: ['seeking'] };

/** A major and two skills of a profile, the way recruiters type. */
export function hrQueryText(s: Pick<StudentProfile, 'majorCode' | 'skills'>, catalog: ReturnType<typeof majorCatalog>): string {
  return [catalog.get(s.majorCode)?.name ?? '', ...s.skills.slice(0, 2).map((k) => k.name)].join(' ');
}

/** 40 % graduation year, 30 % major class, 20 % city, 10 % skill + year. */
export function hrQueryFilter(s: Pick<StudentProfile, 'majorCode' | 'skills' | 'graduationYear'>, random: Random, cities: readonly string[]): StudentFilter {
  const roll = random.next();
  return roll < 0.4
    ? { graduationYears: [s.graduationYear] }
    : roll < 0.7
      ? { majorCodes: [s.majorCode.slice(0, 4)] }
      : roll < 0.9
        ? { cities: [random.pick(cities)] }
        : { skills: [s.skills[0]?.name ?? 'PLC编程'], graduationYears: [s.graduationYear] };
}
