import t from 'tap';
import { majorCatalog, type Post } from '@chanjiao/domain';
import { acceptingCandidates, postsByField } from '../../src/skills/items.js';

// next-skills looks at the posts in the buckets `acceptingCandidates` names instead of every post;
// a post the engine would accept but the buckets miss is silently never counted (bench:skills found
// this when counterparts moved from code digits to the catalog's names).
t.test('every post that lists a major the catalog calls the same 专业 is a candidate for it', async (t) => {
  const catalog = majorCatalog();
  let pairs = 0;
  const missed: string[] = [];
  for (const major of catalog.majors()) {
    for (const other of catalog.majors()) {
      if (other.code === major.code || catalog.relation(major.code, other.code) !== 'same_field_major') continue;
      pairs++;
      const post = { acceptedMajorCodes: [other.code] } as unknown as Post;
      if (!acceptingCandidates(postsByField([post]), 1, major.code).includes(0)) missed.push(`${major.code} ${major.name} ← ${other.code} ${other.name}`);
    }
  }
  t.ok(pairs > 100, `${pairs} pairs checked`);
  t.same(missed, [], 'no accepted pair is outside the buckets');
});
