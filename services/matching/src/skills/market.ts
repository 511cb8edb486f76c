import type { Enterprise, Post, School, StudentProfile } from '@chanjiao/domain';
import type { Store } from '@chanjiao/store';

/**
 * The records skill-level supply and demand reads: every student profile (any status; each view
 * filters), every post, the schools and enterprises. Plain data, so the computations are pure
 * functions that tests and the benchmark call without a store.
 */
export interface SkillMarket {
  readonly students: readonly StudentProfile[];
  readonly posts: readonly Post[];
  readonly schools: ReadonlyMap<string, School>;
  readonly enterprises: ReadonlyMap<string, Enterprise>;
  /** Changes whenever the records do: lets callers cache what they derive from one snapshot. */
  readonly version: number;
}

/** A market from plain arrays (tests, the benchmark). */
export function marketOf(parts: {
  students: readonly StudentProfile[];
  posts: readonly Post[];
  schools: Iterable<School>;
  enterprises: Iterable<Enterprise>;
}): SkillMarket {
  return {
    students: parts.students,
    posts: parts.posts,
    schools: new Map([...parts.schools].map((s) => [s.id, s])),
    enterprises: new Map([...parts.enterprises].map((e) => [e.id, e])),
    version: 1,
  };
}

const FEED_PAGE = 2000;

/**
 * The market kept in memory and current from the store's change feed (the indexer's pattern): the
 * first request scans every record once, later ones apply only the changes since. A city (100k
 * students, 10k posts) is a few hundred MB of profiles at most, and rescanning it per request
 * would cost seconds; following the feed costs one indexed query when nothing changed.
 */
export class StoreMarket {
  readonly #store: Store;
  #seq = 0;
  #loaded = false;
  #students = new Map<string, StudentProfile>();
  #posts = new Map<string, Post>();
  #schools = new Map<string, School>();
  #enterprises = new Map<string, Enterprise>();
  #snapshot: SkillMarket | null = null;
  #version = 0;
  /** One refresh at a time; concurrent requests share it. */
  #refreshing: Promise<SkillMarket> | null = null;

  constructor(store: Store) {
    this.#store = store;
  }

  /** The market as of now (the change feed applied). */
  current(): Promise<SkillMarket> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  /** One student's profile as of the last refresh. */
  student(id: string): StudentProfile | undefined {
    return this.#students.get(id);
  }

  async #refresh(): Promise<SkillMarket> {
    let changed = false;
    if (!this.#loaded) {
      // The position first: changes made during the scan are applied again below (idempotent).
      this.#seq = await this.#store.lastSeq();
      for await (const s of this.#store.scan('student')) this.#students.set(s.id, s);
      for await (const p of this.#store.scan('post')) this.#posts.set(p.id, p);
      for await (const s of this.#store.scan('school')) this.#schools.set(s.id, s);
      for await (const e of this.#store.scan('enterprise')) this.#enterprises.set(e.id, e);
      this.#loaded = true;
      changed = true;
    }
    for (;;) {
      const changes = await this.#store.changes(this.#seq, FEED_PAGE);
      if (changes.length === 0) break;
      const byType = { student: [] as string[], post: [] as string[], school: [] as string[], enterprise: [] as string[] };
      for (const c of changes) {
        if (c.type === 'term') continue;
        const map = this.#mapOf(c.type);
        if (c.op === 'delete') map.delete(c.id);
        else byType[c.type].push(c.id);
      }
      for (const type of ['student', 'post', 'school', 'enterprise'] as const) {
        const ids = byType[type];
        if (ids.length === 0) continue;
        const records = await this.#store.getMany(type, ids);
        const map = this.#mapOf(type) as Map<string, (typeof records)[number] & object>;
        records.forEach((r, i) => (r ? map.set(r.id, r) : map.delete(ids[i]!)));
      }
      this.#seq = changes[changes.length - 1]!.seq;
      changed = true;
    }
    if (changed || !this.#snapshot) {
      this.#snapshot = {
        students: [...this.#students.values()],
        posts: [...this.#posts.values()],
        schools: new Map(this.#schools),
        enterprises: new Map(this.#enterprises),
        version: ++this.#version,
      };
    }
    return this.#snapshot;
  }

  #mapOf(type: 'student' | 'post' | 'school' | 'enterprise'): Map<string, unknown> {
    switch (type) {
      case 'student':
        return this.#students;
      case 'post':
        return this.#posts;
      case 'school':
        return this.#schools;
      case 'enterprise':
        return this.#enterprises;
    }
  }
}
