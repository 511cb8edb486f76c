import type { Client } from '@elastic/elasticsearch';
import type { DocKind } from '../search-index.js';
import { esCall } from './errors.js';
import {
  aliasName,
  collectionSettings,
  ES_FORMAT_VERSION,
  indexTemplate,
  indexVersion,
  versionedIndexName,
  type TemplateOptions,
} from './templates.js';

/**
 * Index lifecycle: templates, versioned indices and the aliases in front of them. Every reader
 * and writer uses the alias (`chanjiao-students`); a reindex builds `…-v(n+1)` beside the live
 * index and moves the alias in one atomic `_aliases` call, so searches never see a half-built index.
 */

export const DOC_KINDS: readonly DocKind[] = ['student', 'post'];

/** Install (or update) the index templates of both collections. Idempotent. */
export async function putTemplates(client: Client, opts: TemplateOptions): Promise<void> {
  for (const kind of DOC_KINDS) await esCall(() => client.indices.putIndexTemplate(indexTemplate(kind, opts)));
}

/** The index the alias points at now, or null when the alias does not exist yet. */
export async function currentIndex(client: Client, prefix: string, kind: DocKind): Promise<string | null> {
  const res = await esCall(() => client.indices.getAlias({ name: aliasName(prefix, kind) }, { ignore: [404] }));
  const names = Object.keys(res as Record<string, unknown>).filter((k) => indexVersion(prefix, kind, k) !== null);
  if (names.length > 1) throw new Error(`alias ${aliasName(prefix, kind)} points at ${names.length} indices: ${names.join(', ')}`);
  return names[0] ?? null;
}

/** Every versioned index of a collection, oldest first. */
export async function listVersions(client: Client, prefix: string, kind: DocKind): Promise<string[]> {
  const res = await esCall(() =>
    client.indices.get({ index: `${aliasName(prefix, kind)}-v*`, allow_no_indices: true, expand_wildcards: 'all' }),
  );
  return Object.keys(res)
    .map((name) => ({ name, v: indexVersion(prefix, kind, name) }))
    .filter((x): x is { name: string; v: number } => x.v !== null)
    .sort((a, b) => a.v - b.v)
    .map((x) => x.name);
}

export interface CreateVersionOptions {
  /**
   * Settings for a bulk load: no refreshes and no replicas until {@link finishBulkLoad}
   * (the Elasticsearch guidance for initial loads). Off: the index is searchable as it fills.
   */
  forBulkLoad: boolean;
  /** Store change-feed position the load starts from, kept in the mapping `_meta` for indexers. */
  sourceSeq?: number;
}

/** Create the next versioned index (from the template) and return its name. */
export async function createNextVersion(
  client: Client,
  opts: TemplateOptions,
  kind: DocKind,
  create: CreateVersionOptions,
): Promise<string> {
  const existing = await listVersions(client, opts.prefix, kind);
  const last = existing.length === 0 ? 0 : (indexVersion(opts.prefix, kind, existing[existing.length - 1]!) ?? 0);
  const index = versionedIndexName(opts.prefix, kind, last + 1);
  await esCall(() =>
    client.indices.create({
      index,
      ...(create.forBulkLoad ? { settings: { refresh_interval: '-1', number_of_replicas: 0 } } : {}),
      mappings: { _meta: { format: ES_FORMAT_VERSION, kind, sourceSeq: create.sourceSeq ?? null } },
      wait_for_active_shards: 1,
    }),
  );
  return index;
}

/** After a bulk load: the template's refresh interval and replicas back, one refresh, primaries allocated. */
export async function finishBulkLoad(client: Client, opts: TemplateOptions, index: string): Promise<void> {
  const { number_of_replicas } = collectionSettings(opts);
  await esCall(() =>
    client.indices.putSettings({ index, settings: { refresh_interval: null, number_of_replicas } as never }),
  );
  await esCall(() => client.indices.refresh({ index }));
  await esCall(() => client.cluster.health({ index, wait_for_status: 'yellow', timeout: '60s' }));
}

/**
 * Point the alias at `index`, atomically: one `_aliases` request removes it from the old index
 * and adds it to the new one, so every search sees either the old or the new index, never neither.
 */
export async function swapAlias(
  client: Client,
  prefix: string,
  kind: DocKind,
  index: string,
  previous: string | null,
): Promise<void> {
  const alias = aliasName(prefix, kind);
  const actions = previous && previous !== index
    ? [{ remove: { index: previous, alias } }, { add: { index, alias, is_write_index: true } }]
    : [{ add: { index, alias, is_write_index: true } }];
  await esCall(() => client.indices.updateAliases({ actions }));
}

/** Delete old versions, keeping the `keep` newest that are not live (for a quick roll-back). */
export async function deleteOldVersions(client: Client, prefix: string, kind: DocKind, keep: number): Promise<string[]> {
  const live = await currentIndex(client, prefix, kind);
  const old = (await listVersions(client, prefix, kind)).filter((n) => n !== live);
  const doomed = old.slice(0, Math.max(0, old.length - keep));
  if (doomed.length > 0) await esCall(() => client.indices.delete({ index: doomed }));
  return doomed;
}

/**
 * First start: the templates, and for a collection without an alias an empty `v1` behind it.
 * Existing aliases are left alone. Returns the live index of each collection.
 */
export async function ensureCollections(client: Client, opts: TemplateOptions): Promise<Record<DocKind, string>> {
  await putTemplates(client, opts);
  const out = {} as Record<DocKind, string>;
  for (const kind of DOC_KINDS) {
    let index = await currentIndex(client, opts.prefix, kind);
    if (index === null) {
      try {
        index = await createNextVersion(client, opts, kind, { forBulkLoad: false });
        await swapAlias(client, opts.prefix, kind, index, null);
      } catch (err) {
        // Two services starting together: the other one created v1 first. Use what it aliased;
        // if it has not aliased it yet, fail this start (the orchestrator restarts it).
        index = await currentIndex(client, opts.prefix, kind);
        if (index === null) throw err;
      }
    }
    out[kind] = index;
  }
  return out;
}
