import { createHash } from 'node:crypto';
import type { CatalogueLine, ShortageCatalogueReply } from '@chanjiao/domain';
import type { Store } from '@chanjiao/store';
import type { CatalogueCounts } from './catalogue.js';
import { catalogueCityKey } from './cities.js';

/** Stored catalogues carry this; a reader refuses others (like the batch results). */
export const CATALOGUE_FORMAT = 1;
const COLLECTION = 'skills-catalogues';

interface StoredCatalogue extends ShortageCatalogueReply {
  readonly format: number;
  /** sha256 of what the numbers are (margin, totals, lines without the previous year): equal → same version. */
  readonly fingerprint: string;
}

const pad = (n: number) => String(n).padStart(6, '0');
/** A lone surrogate would make encodeURIComponent throw: replaced by U+FFFD, as a UTF-8 decoder would. */
export const wellFormed = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
/** Versions are kept per city, not per spelling of it (catalogueCityKey). */
const prefixOf = (city: string, year: number) => `${encodeURIComponent(wellFormed(catalogueCityKey(city)))}:${year}:`;

/**
 * Versions of the shortage catalogue per city and year, in the store's documents (collection
 * `skills-catalogues`, id `<city>:<year>:<000001>`): like batch results, a version is the last one
 * + 1 and is never rewritten. A catalogue is stored when its numbers differ from the latest
 * version's, so asking twice over unchanged data answers the same version.
 */
export class CatalogueVersions {
  readonly #store: Store;
  /** Publications one after another, so two requests never both take "latest + 1". */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: Store) {
    this.#store = store;
  }

  async #all(city: string, year: number): Promise<StoredCatalogue[]> {
    const docs = await this.#store.listDocuments<StoredCatalogue>(COLLECTION, { prefix: prefixOf(city, year) });
    return docs.map((d) => d.value).filter((v) => v.format === CATALOGUE_FORMAT).sort((a, b) => a.version - b.version);
  }

  async get(city: string, year: number, version: number | 'latest'): Promise<ShortageCatalogueReply | undefined> {
    if (version === 'latest') return strip((await this.#all(city, year)).at(-1));
    const doc = await this.#store.getDocument<StoredCatalogue>(COLLECTION, `${prefixOf(city, year)}${pad(version)}`);
    return doc && doc.value.format === CATALOGUE_FORMAT ? strip(doc.value) : undefined;
  }

  /** The catalogue of these numbers: the latest version when they are the same, else a new version. */
  publish(city: string, year: number, margin: number, method: string[], counts: CatalogueCounts, now: Date): Promise<ShortageCatalogueReply> {
    const run = this.#queue.then(() => this.#publish(city, year, margin, method, counts, now));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #publish(city: string, year: number, margin: number, method: string[], counts: CatalogueCounts, now: Date): Promise<ShortageCatalogueReply> {
    const fingerprint = createHash('sha256').update(JSON.stringify({ margin, totals: counts.totals, lines: counts.lines })).digest('hex');
    const versions = await this.#all(city, year);
    const latest = versions.at(-1);
    if (latest && latest.fingerprint === fingerprint) return strip(latest)!;

    const previous = await this.get(city, year - 1, 'latest');
    const before = new Map((previous?.lines ?? []).map((l) => [`${l.kind}:${l.key}`, l]));
    const lines: CatalogueLine[] = counts.lines.map((l, i) => {
      const p = before.get(`${l.kind}:${l.key}`);
      return {
        ...l,
        rank: i + 1,
        previousYear: previous ? { version: previous.version, demandSeats: p?.demandSeats ?? 0, supplyStudents: p?.supplyStudents ?? 0, rank: p?.rank ?? null } : null,
      };
    });
    const reply: ShortageCatalogueReply = {
      city,
      year,
      version: (latest?.version ?? 0) + 1,
      computedAt: now.toISOString(),
      margin,
      method,
      totals: counts.totals,
      lines,
    };
    await this.#store.putDocument(COLLECTION, `${prefixOf(city, year)}${pad(reply.version)}`, { ...reply, format: CATALOGUE_FORMAT, fingerprint });
    return reply;
  }
}

function strip(v: StoredCatalogue | undefined): ShortageCatalogueReply | undefined {
  if (!v) return undefined;
  const { format: _f, fingerprint: _p, ...reply } = v;
  return reply;
}
