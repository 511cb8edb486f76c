import { gazetteer, majorCatalog, type MajorGaps, type MissingMajorDemand, type Post, type School, type SkillGapLine, type SkillGapsReply, type StudentProfile } from '@chanjiao/domain';
import { fieldChain, type MatchRules } from '@chanjiao/search';
import { acceptingCandidates, demandField, fieldName, Holdings, itemTableFor, postsByField, type ItemInfo } from './items.js';
import type { SkillMarket } from './market.js';

export const SCHOOL_GAPS_METHOD: readonly string[] = [
  '需求：本学期在学校所在城市开放的岗位，以及学校合作企业（含联合订单班的合作企业）在任何城市开放的岗位，按名额（seats）加权；岗位接受该专业（同一专业领域跨层次均计，不限专业的岗位计入每个专业）且层次相符才计入该专业。/ Demand: open posts of the term in the school\'s city and open posts of its partner enterprises anywhere, weighted by seats; a post counts for a major when it accepts it (the same field on any level; posts open to any major count for every major) and its level.',
  '必备（required）与优先（preferred）分列；缺口只按必备计：缺口 = 必备名额占比 − 持有学生占比。/ Required and preferred are counted apart; the gap uses required only: gap = required seats share − holder share.',
  '供给：本校该专业求职中（seeking）的学生中持有者的占比；另列本校该专业全部学生（任何状态）中的持有人数。同义词、更具体的技能（西门子PLC 覆盖 PLC编程）算持有；证书需达到岗位要求的等级。/ Supply: the share of the school\'s seeking students of the major who hold it (all students of the major also shown). Synonyms and more specific skills count; a certificate counts at or above the level asked.',
  '本校未开设的需求专业：需求岗位接受的专业类（跨层次，2 位代码按大类）中本校没有任何学生的，按名额排序。/ Majors not offered: fields (level-free 类, or 大类 for a 2-digit code) accepted by demand posts in which the school has no student, by seats.',
];

interface ItemCount {
  item: ItemInfo;
  requiredSeats: number;
  preferredSeats: number;
  requiredPosts: number;
  preferredPosts: number;
}

const share = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000);

/** The open posts of the term a school's gaps are measured against: its city, and its partners'. */
export function schoolDemandPosts(market: SkillMarket, school: School, term: string): Post[] {
  const partners = new Set(school.partnerEnterpriseIds);
  const city = gazetteer().cityKey(school.city);
  return market.posts.filter(
    (p) => p.status === 'open' && p.term === term && (gazetteer().cityKey(p.city) === city || partners.has(p.enterpriseId) || p.coEnterpriseIds.some((id) => partners.has(id))),
  );
}

/**
 * What the market asks of a school's majors that its students lack: per major the school has
 * students in, the skills and certificates the demand posts name, by seats, against the share of
 * the major's seeking students holding each; and the fields in demand it does not teach.
 */
export function schoolSkillGaps(market: SkillMarket, rules: MatchRules, school: School, term: string, limit: number): SkillGapsReply {
  const catalog = majorCatalog();
  const table = itemTableFor(rules);
  const posts = schoolDemandPosts(market, school, term);
  const items = posts.map((p) => table.ofPost(p));
  const holdings = new Holdings(rules, items.flatMap((i) => [...i.required, ...i.preferred]));

  const byMajor = new Map<string, StudentProfile[]>();
  for (const s of market.students) {
    if (s.schoolId !== school.id) continue;
    const list = byMajor.get(s.majorCode);
    if (list) list.push(s);
    else byMajor.set(s.majorCode, [s]);
  }

  // A major can only be accepted by the posts of its own field's bucket: `accepts` runs on those alone.
  const buckets = postsByField(posts);

  const majors: MajorGaps[] = [];
  for (const [majorCode, students] of [...byMajor.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const level = students[0]!.level;
    const seeking = students.filter((s) => s.status === 'seeking');
    const held = students.map((s) => holdings.held(s));
    const counts = new Map<string, ItemCount>();
    let demandPosts = 0;
    let demandSeats = 0;
    acceptingCandidates(buckets, posts.length, majorCode).forEach((i) => {
      const post = posts[i]!;
      if (!rules.accepts(majorCode, post.acceptedMajorCodes)) return;
      if (post.acceptedLevels.length > 0 && !post.acceptedLevels.includes(level)) return;
      demandPosts++;
      demandSeats += post.seats;
      const { required, preferred } = items[i]!;
      for (const [list, req] of [[required, true], [preferred, false]] as const) {
        for (const item of list) {
          let c = counts.get(item.item.key);
          if (!c) counts.set(item.item.key, (c = { item, requiredSeats: 0, preferredSeats: 0, requiredPosts: 0, preferredPosts: 0 }));
          if (req) {
            c.requiredSeats += post.seats;
            c.requiredPosts++;
          } else {
            c.preferredSeats += post.seats;
            c.preferredPosts++;
          }
        }
      }
    });
    // Holders of each demanded item in one pass over the major's students.
    const holders = new Map<string, { seeking: number; all: number }>();
    students.forEach((s, i) => {
      for (const key of held[i]!) {
        if (!counts.has(key)) continue;
        let h = holders.get(key);
        if (!h) holders.set(key, (h = { seeking: 0, all: 0 }));
        h.all++;
        if (s.status === 'seeking') h.seeking++;
      }
    });
    const lines: SkillGapLine[] = [];
    for (const c of counts.values()) {
      const h = holders.get(c.item.item.key);
      const allHolders = h?.all ?? 0;
      const seekingHolders = h?.seeking ?? 0;
      const demandShare = share(c.requiredSeats, demandSeats);
      const holderShare = share(seekingHolders, seeking.length);
      lines.push({
        item: c.item.item,
        requiredSeats: c.requiredSeats,
        preferredSeats: c.preferredSeats,
        requiredPosts: c.requiredPosts,
        preferredPosts: c.preferredPosts,
        demandShare,
        holders: seekingHolders,
        holderShare,
        allHolders,
        gap: Math.round((demandShare - holderShare) * 10000) / 10000,
      });
    }
    lines.sort((a, b) => b.gap - a.gap || b.requiredSeats - a.requiredSeats || b.preferredSeats - a.preferredSeats || (a.item.key < b.item.key ? -1 : 1));
    majors.push({
      majorCode,
      majorName: catalog.get(majorCode)?.name ?? majorCode,
      seekingStudents: seeking.length,
      allStudents: students.length,
      demandPosts,
      demandSeats,
      lines: lines.slice(0, limit),
    });
  }

  // Fields in demand the school has no student in.
  const taught = new Set<string>();
  for (const code of byMajor.keys()) for (const f of fieldChain(code)) taught.add(f);
  const missing = new Map<string, { posts: number; seats: number }>();
  for (const post of posts) {
    const fields = new Set(post.acceptedMajorCodes.map(demandField).filter((f): f is string => f !== null));
    for (const f of fields) {
      if (taught.has(f)) continue;
      const m = missing.get(f) ?? { posts: 0, seats: 0 };
      m.posts++;
      m.seats += post.seats;
      missing.set(f, m);
    }
  }
  const majorsNotOffered: MissingMajorDemand[] = [...missing.entries()]
    .map(([field, m]) => ({ field, fieldName: fieldName(field), demandPosts: m.posts, demandSeats: m.seats }))
    .sort((a, b) => b.demandSeats - a.demandSeats || (a.field < b.field ? -1 : 1));

  return {
    schoolId: school.id,
    term,
    city: school.city,
    demandPosts: posts.length,
    demandSeats: posts.reduce((a, p) => a + p.seats, 0),
    majors,
    majorsNotOffered,
    method: [...SCHOOL_GAPS_METHOD],
  };
}
