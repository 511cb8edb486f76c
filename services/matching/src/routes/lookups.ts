import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { gazetteer, LEVEL_LABELS, Level, majorCatalog, type CatalogEntry } from '@chanjiao/domain';
import { ROLES } from '@chanjiao/platform';

/**
 * Reference lists for the console's pickers: the 2021 major catalog as a tree (大类 → 类 → 专业,
 * per level) and the places of the loaded schools and enterprises (city → districts, parks).
 * Any signed-in role may read them. Both carry an ETag and a private max-age, so a browser asks
 * again rarely and gets a 304 when nothing changed.
 */

const ANY_ROLE = { access: { roles: ROLES } };
const TAGS = ['lookups'];

const Major = z.object({ code: z.string(), name: z.string() });
const MajorClass = z.object({ code: z.string(), name: z.string(), majors: z.array(Major) });
const MajorCategory = z.object({ code: z.string(), name: z.string(), classes: z.array(MajorClass) });
export const CatalogTree = z.object({
  /** The catalog's edition: 职业教育专业目录（2021年）. */
  edition: z.literal('2021'),
  levels: z.array(z.object({ level: Level, label: z.string(), categories: z.array(MajorCategory) })),
});
export type CatalogTree = z.infer<typeof CatalogTree>;

export const Places = z.object({
  cities: z.array(
    z.object({
      city: z.string(),
      districts: z.array(z.string()),
      parks: z.array(z.string()),
      /** The district each park is in, where the gazetteer knows it (for a 城市 → 区县 → 园区 picker). */
      parkDistricts: z.record(z.string(), z.string()),
    }),
  ),
});
export type Places = z.infer<typeof Places>;

export const Terms = z.object({
  /** Newest first: each term the loaded posts name, in words, with its open posts. */
  terms: z.array(z.object({ term: z.string(), label: z.string(), openPosts: z.number().int() })),
});
export type Terms = z.infer<typeof Terms>;

const CatalogQuery = z.object({ level: Level.optional() }).strict();

/** The catalog tree of one level or all three (in the catalog's own order: 中职, 高职专科, 职业本科). */
export function catalogTree(level?: Level): CatalogTree {
  const entries = majorCatalog().entries;
  const children = new Map<string, CatalogEntry[]>();
  for (const e of entries) {
    if (e.parent === null) continue;
    const list = children.get(e.parent) ?? [];
    list.push(e);
    children.set(e.parent, list);
  }
  const levels: Level[] = [];
  for (const e of entries) if (!levels.includes(e.level) && (!level || e.level === level)) levels.push(e.level);
  return {
    edition: '2021',
    levels: levels.map((lv) => ({
      level: lv,
      label: LEVEL_LABELS[lv],
      categories: entries
        .filter((e) => e.level === lv && e.item === 'category')
        .map((cat) => ({
          code: cat.code,
          name: cat.name,
          classes: (children.get(cat.code) ?? []).map((cls) => ({
            code: cls.code,
            name: cls.name,
            majors: (children.get(cls.code) ?? []).map((m) => ({ code: m.code, name: m.name })),
          })),
        })),
    })),
  };
}

const zhSort = (a: string, b: string) => a.localeCompare(b, 'zh-Hans-CN');

const etagOf = (body: unknown) => `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;

/** 304 when the client has this version, else the body; either way with the caching headers. */
function cacheable<T>(request: FastifyRequest, reply: FastifyReply, body: T, etag: string, maxAgeSeconds: number): T | FastifyReply {
  reply.header('etag', etag).header('cache-control', `private, max-age=${maxAgeSeconds}`).header('vary', 'cookie, authorization');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return body;
}

/** How long the places list is kept before the store is read again (new schools show within this). */
const PLACES_TTL_MS = 60_000;

export const lookupRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  const trees = new Map<string, { body: CatalogTree; etag: string }>();
  app.get(
    '/v1/lookups/catalog',
    {
      config: ANY_ROLE,
      schema: {
        tags: TAGS,
        summary: 'The 2021 vocational major catalog as a tree: level → 大类 → 类 → 专业 (for the major picker)',
        description: 'Filters take any of the codes (2-digit 大类, 4-digit 类, 6-digit 专业). ETag + Cache-Control: private, max-age=86400.',
        querystring: CatalogQuery,
        response: { 200: CatalogTree, 304: z.null().describe('Not modified') },
      },
    },
    async (request, reply) => {
      const key = request.query.level ?? 'all';
      let cached = trees.get(key);
      if (!cached) {
        const body = catalogTree(request.query.level);
        cached = { body, etag: etagOf(body) };
        trees.set(key, cached);
      }
      return cacheable(request, reply, cached.body, cached.etag, 86_400);
    },
  );

  const sendPlaces = storeLookup(async (): Promise<Places> => {
    const byCity = new Map<string, { districts: Set<string>; parks: Set<string> }>();
    const at = (city: string) => {
      let c = byCity.get(city);
      if (!c) byCity.set(city, (c = { districts: new Set(), parks: new Set() }));
      return c;
    };
    for await (const s of app.store.scan('school')) {
      const c = at(s.city);
      if (s.district) c.districts.add(s.district);
    }
    for await (const e of app.store.scan('enterprise')) {
      const c = at(e.city);
      if (e.park) c.parks.add(e.park);
    }
    const districtOf = (park: string) => gazetteer().get(park)?.district;
    return {
      cities: [...byCity.entries()]
        .sort(([a], [b]) => zhSort(a, b))
        .map(([city, c]) => {
          const parks = [...c.parks].sort(zhSort);
          const parkDistricts = Object.fromEntries(
            parks.flatMap((p): Array<[string, string]> => {
              const district = districtOf(p);
              return district ? [[p, district]] : [];
            }),
          );
          for (const d of Object.values(parkDistricts)) c.districts.add(d);
          return { city, districts: [...c.districts].sort(zhSort), parks, parkDistricts };
        }),
    };
  });

  app.get(
    '/v1/lookups/places',
    {
      config: ANY_ROLE,
      schema: {
        tags: TAGS,
        summary: 'Cities with their districts (of the schools and the parks) and parks (of the enterprises) in the loaded data, each park with its district where known (for the place picker)',
        description: 'Search filters take `cities`, `districts` (HR search) and `parks` by name. Re-read from the store at most once a minute. ETag + Cache-Control: private, max-age=300.',
        response: { 200: Places, 304: z.null().describe('Not modified') },
      },
    },
    async (request, reply) => sendPlaces(request, reply),
  );

  const sendTerms = storeLookup(async (): Promise<Terms> => {
    const open = new Map<string, number>();
    for await (const p of app.store.scan('post')) {
      if (p.status === 'draft') continue;
      open.set(p.term, (open.get(p.term) ?? 0) + (p.status === 'open' ? 1 : 0));
    }
    return {
      terms: [...open.entries()].sort(([a], [b]) => termOrder(b) - termOrder(a) || (a < b ? 1 : a > b ? -1 : 0)).map(([term, openPosts]) => ({ term, label: termLabel(term), openPosts })),
    };
  });
  app.get(
    '/v1/lookups/terms',
    {
      config: ANY_ROLE,
      schema: {
        tags: TAGS,
        summary: 'The terms of the loaded posts (published, not drafts), newest first, in words, with their open posts (for the term picker)',
        description: 'Re-read from the store at most once a minute. ETag + Cache-Control: private, max-age=300.',
        response: { 200: Terms, 304: z.null().describe('Not modified') },
      },
    },
    async (request, reply) => sendTerms(request, reply),
  );
};

/**
 * Where a term falls in time: a school year's spring term comes before its autumn term, which
 * the ids' letters put the other way round (`2027-autumn` < `2027-spring` as strings); an id of
 * another shape sorts by its text alone.
 */
function termOrder(term: string): number {
  const m = /^(\d{4})-(spring|autumn)$/.exec(term);
  return m ? Number(m[1]) * 2 + (m[2] === 'autumn' ? 1 : 0) : 0;
}

/** `2027-spring` → 2027年春季学期. */
function termLabel(term: string): string {
  const m = /^(\d{4})-(spring|autumn)$/.exec(term);
  return m ? `${m[1]}年${m[2] === 'spring' ? '春' : '秋'}季学期` : term;
}

/** A reference list read from the store at most once a TTL, served with its ETag. */
function storeLookup<T>(load: () => Promise<T>) {
  let cached: { body: T; etag: string; at: number } | undefined;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const now = Date.now();
    if (!cached || now - cached.at > PLACES_TTL_MS) {
      const body = await load();
      cached = { body, etag: etagOf(body), at: now };
    }
    return cacheable(request, reply, cached.body, cached.etag, 300);
  };
}
