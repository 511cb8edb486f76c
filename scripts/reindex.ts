/**
 * Rebuild the Elasticsearch index from the store, with no downtime:
 *
 *   tsx scripts/reindex.ts [--kinds student,post] [--keep 1] [--allow-drops] [--without-vectors]
 *   tsx scripts/reindex.ts --write-templates      (re-render infra/elasticsearch/*.json; no cluster)
 *
 * For each collection: a new versioned index from the template, every record of the store
 * (Store.scan, page by page) built into the shared index document and bulk-loaded with a
 * progress bar, then the alias moved atomically to it, older versions beyond --keep deleted.
 * Changes written to the store while it ran are replayed into the new index after the swap
 * (the change feed from the position noted before the scan), so nothing written meanwhile is lost.
 * Vectors come from the embedding service (EMBEDDING_URL) or, without it, from the model in this
 * process; both answer unchanged texts from the store's vector cache, so a reindex re-embeds only
 * what changed. Reads ELASTICSEARCH_* and DATA_DIR like the services.
 *
 * Exit codes: 0 every collection swapped; 1 a failure, or documents dropped (the live index was
 * left as it was); 2 bad arguments. The last line printed is one JSON object (the report).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Enterprise, Post, School, StudentProfile } from '@chanjiao/domain';
import { EmbeddingClient, createLocalEmbedder, postText, studentText, type Embedder } from '@chanjiao/embedding';
import { createHttpServer, loadConfig, type AppInstance, type Config } from '@chanjiao/platform';
import { buildIndexDocument, createAnalyzer, type Analyzer, type AnyIndexDocument, type DocKind } from '@chanjiao/search';
import {
  ElasticsearchIndex,
  bulkOptions,
  createElasticsearchClient,
  indexTemplate,
  rebuildIndices,
  templateOptions,
  type RebuildReport,
} from '@chanjiao/search/elasticsearch';
import { openStore, type Store } from '@chanjiao/store';

const USAGE = 'usage: reindex [--kinds student,post] [--keep N] [--allow-drops] [--without-vectors] | --write-templates';

/** Records embedded per call: one embedding request (or one model micro-batch run) per page. */
const EMBED_PAGE = 64;
/** Change-feed entries read per step of the catch-up. */
const CATCH_UP_PAGE = 1000;

/** Write the default rendering of both templates into infra/elasticsearch (what the docs show). */
export function renderTemplateFiles(): Record<string, string> {
  const opts = templateOptions(loadConfig({}));
  const out: Record<string, string> = {};
  for (const [kind, file] of [['student', 'students'], ['post', 'posts']] as const) {
    const { name: _name, ...body } = indexTemplate(kind, opts);
    out[`infra/elasticsearch/${file}.index-template.json`] = `${JSON.stringify(body, null, 2)}\n`;
  }
  return out;
}

/** Builds the index documents of records the way the services do: same analyzer, same texts, same cache. */
class DocumentBuilder {
  readonly #schools = new Map<string, School>();
  readonly #enterprises = new Map<string, Enterprise>();
  readonly store: Store;
  readonly analyzer: Analyzer;
  readonly embedder: Embedder | null;
  /** EMBEDDING_PROFILE_TOKENS, as the indexer uses it: the same texts hit the same cached vectors. */
  readonly profileTokens: number;

  constructor(store: Store, analyzer: Analyzer, embedder: Embedder | null, profileTokens: number) {
    this.store = store;
    this.analyzer = analyzer;
    this.embedder = embedder;
    this.profileTokens = profileTokens;
  }

  /** Schools and enterprises are few (thousands): they are read once, up front. */
  async loadReferences(): Promise<void> {
    for await (const s of this.store.scan('school')) this.#schools.set(s.id, s);
    for await (const e of this.store.scan('enterprise')) this.#enterprises.set(e.id, e);
  }

  async #vectors(texts: string[]): Promise<Array<Float32Array | null>> {
    return this.embedder ? this.embedder.embed(texts, { priority: 'bulk' }) : texts.map(() => null);
  }

  async students(profiles: ReadonlyArray<StudentProfile>): Promise<AnyIndexDocument[]> {
    const vectors = await this.#vectors(profiles.map((p) => studentText(p, { tokens: this.profileTokens })));
    return profiles.map((profile, i) =>
      buildIndexDocument({ profile, school: this.#schools.get(profile.schoolId), vector: vectors[i] ?? null }, this.analyzer),
    );
  }

  async posts(posts: ReadonlyArray<Post>): Promise<AnyIndexDocument[]> {
    const vectors = await this.#vectors(posts.map((p) => postText(p, this.#enterprises.get(p.enterpriseId), { tokens: this.profileTokens })));
    return posts.map((post, i) =>
      buildIndexDocument({ post, enterprise: this.#enterprises.get(post.enterpriseId), vector: vectors[i] ?? null }, this.analyzer),
    );
  }

  /** Every document of a collection, read from the store in pages and embedded page by page. */
  async *all(kind: DocKind): AsyncGenerator<AnyIndexDocument> {
    let page: unknown[] = [];
    const flush = async () => {
      const built =
        kind === 'student'
          ? await this.students(page as Array<StudentProfile>)
          : await this.posts(page as Array<Post>);
      page = [];
      return built;
    };
    for await (const record of this.store.scan(kind)) {
      page.push(record);
      if (page.length >= EMBED_PAGE) yield* await flush();
    }
    if (page.length > 0) yield* await flush();
  }

  async one(kind: DocKind, id: string): Promise<AnyIndexDocument | undefined> {
    if (kind === 'student') {
      const p = await this.store.get('student', id);
      return p ? (await this.students([p]))[0] : undefined;
    }
    const p = await this.store.get('post', id);
    return p ? (await this.posts([p]))[0] : undefined;
  }
}

/** Replay the store's changes since `afterSeq` into the (new) index behind the alias. */
async function catchUp(store: Store, index: ElasticsearchIndex, builder: DocumentBuilder, kinds: readonly DocKind[], afterSeq: number): Promise<number> {
  let seq = afterSeq;
  let applied = 0;
  for (;;) {
    const changes = await store.changes(seq, CATCH_UP_PAGE);
    for (const c of changes) {
      if ((kinds as readonly string[]).includes(c.type)) {
        const kind = c.type as DocKind;
        const doc = c.op === 'upsert' ? await builder.one(kind, c.id) : undefined;
        if (doc) await index.upsert([doc]);
        else await index.delete(kind, [c.id]);
        applied++;
      }
      seq = c.seq;
    }
    if (changes.length < CATCH_UP_PAGE) return applied;
  }
}

async function openEmbedder(config: Config, store: Store, log: AppInstance['log']): Promise<Embedder> {
  if (config.EMBEDDING_URL) {
    return new EmbeddingClient({ baseUrl: config.EMBEDDING_URL, maxInputs: config.EMBED_MAX_INPUTS, readinessIntervalMs: 0 });
  }
  return createLocalEmbedder({ config, cache: store, logger: log });
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        kinds: { type: 'string', default: 'student,post' },
        keep: { type: 'string', default: '1' },
        'allow-drops': { type: 'boolean', default: false },
        'without-vectors': { type: 'boolean', default: false },
        'write-templates': { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args['write-templates']) {
    const root = fileURLToPath(new URL('..', import.meta.url));
    for (const [path, text] of Object.entries(renderTemplateFiles())) {
      writeFileSync(`${root}${path}`, text);
      console.log(`wrote ${path}`);
    }
    return 0;
  }
  const kinds = args.kinds.split(',').filter(Boolean);
  const keep = Number(args.keep);
  if (kinds.length === 0 || !kinds.every((k): k is DocKind => k === 'student' || k === 'post') || !Number.isInteger(keep) || keep < 0) {
    console.error(USAGE);
    return 2;
  }

  const config = loadConfig();
  if (!config.ELASTICSEARCH_URL) {
    console.error('reindex: ELASTICSEARCH_URL is not set');
    return 2;
  }
  // The house logger (pino with redaction), as the services have it; the server never listens.
  const host = createHttpServer(config, { name: 'reindex' });
  const store = openStore(config);
  const client = createElasticsearchClient(config);
  const embedder = args['without-vectors'] ? null : await openEmbedder(config, store, host.log);
  const analyzer = createAnalyzer();
  const builder = new DocumentBuilder(store, analyzer, embedder, config.EMBEDDING_PROFILE_TOKENS);
  const bars = new cliProgress.MultiBar(
    { format: ' {kind} [{bar}] {value}/{total} {percentage}% | {eta_formatted} left | {index}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  try {
    await builder.loadReferences();
    const sourceSeq = await store.lastSeq();
    const barOf = new Map<DocKind, cliProgress.SingleBar>();
    const reports: RebuildReport[] = await rebuildIndices(
      client,
      templateOptions(config),
      { kinds, sourceSeq, documents: (kind) => builder.all(kind) },
      {
        bulk: bulkOptions(config),
        keep,
        allowDrops: args['allow-drops'],
        onStart: (kind, index) => {
          void store.count(kind).then((total) => barOf.set(kind, bars.create(total, 0, { kind: kind.padEnd(7), index })));
        },
        onProgress: (kind, s) => barOf.get(kind)?.update(s.successful + s.failed),
      },
    );
    bars.stop();
    const swapped = reports.filter((r) => r.swapped).map((r) => r.kind);
    const index = new ElasticsearchIndex({ client, analyzer, config });
    const replayed = swapped.length > 0 ? await catchUp(store, index, builder, swapped, sourceSeq) : 0;
    for (const r of reports) {
      console.log(
        `${r.kind}: ${r.stats.successful} indexed, ${r.stats.failed} dropped into ${r.index}` +
          (r.swapped ? `; alias moved from ${r.previous ?? '(none)'}` : '; NOT swapped, the live index is unchanged') +
          (r.deleted.length ? `; deleted ${r.deleted.join(', ')}` : ''),
      );
      for (const d of r.dropped.slice(0, 10)) console.log(`  dropped ${d.id}: ${d.status} ${d.reason}`);
    }
    console.log(
      JSON.stringify({
        seconds: Math.round((Date.now() - started) / 100) / 10,
        replayedChanges: replayed,
        collections: Object.fromEntries(
          reports.map((r) => [
            r.kind,
            { index: r.index, previous: r.previous, indexed: r.stats.successful, dropped: r.stats.failed, swapped: r.swapped, deleted: r.deleted },
          ]),
        ),
      }),
    );
    return reports.every((r) => r.swapped) ? 0 : 1;
  } catch (err) {
    bars.stop();
    console.error(`reindex: failed: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof Error && err.cause) console.error(`reindex: cause: ${String((err.cause as Error).message ?? err.cause)}`);
    return 1;
  } finally {
    await embedder?.close();
    await client.close();
    await store.close();
    await host.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
