import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors/define.js';
import { Errors } from '../errors/catalogue.js';
import { issuesToFields } from '../errors/zod-fields.js';
import { Grant, Role, Scope, checkGrant, type Principal } from './roles.js';

/**
 * The part of the record store that API keys live in (`Store` of @chanjiao/store satisfies
 * it; the platform cannot import the store package, which depends on the platform).
 */
export interface DocumentStore {
  putDocument(collection: string, id: string, value: unknown): Promise<void>;
  getDocument<T>(collection: string, id: string): Promise<{ readonly id: string; readonly value: T } | undefined>;
  listDocuments<T>(collection: string, opts?: { prefix?: string }): Promise<Array<{ readonly id: string; readonly value: T }>>;
}

/** The store collection of API keys; documents are {@link ApiKeyRecord}s keyed by key id. */
export const API_KEY_COLLECTION = 'api-keys';

/**
 * `cjk_<key id: 16 hex>_<secret: 32 random bytes, base64url>`. The key id is not secret: it
 * names the key in lists, logs and revocations and finds its record without a scan.
 */
const KEY_PATTERN = /^cjk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const KeyLabel = z.string().trim().min(1).max(100);

/** What the store keeps per key: never the key itself, only its SHA-256. */
export const ApiKeyRecord = z.object({
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /**
   * SHA-256 of the whole key, hex. A fast hash is right here, unlike for passwords: the key
   * has 256 random bits, so there is nothing to guess and nothing a slow hash (bcrypt,
   * scrypt, argon2) would protect; a slow hash would instead cost ~50–100 ms of CPU on
   * every request, and every request carries the key.
   */
  secretHash: z.string().regex(/^[0-9a-f]{64}$/),
  role: Role,
  scope: Scope,
  label: KeyLabel,
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecord>;

/** A key as listed: everything but the secret hash. */
export const ApiKeyInfo = ApiKeyRecord.omit({ secretHash: true });
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

/** A new key: its role, the party it acts for, and a label that says whose it is. */
export const CreateApiKeyRequest = Grant.extend({ label: KeyLabel }).superRefine(checkGrant);
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

/** The reply to a create: the plaintext `key` appears here once and is stored nowhere. */
export const CreatedApiKey = ApiKeyInfo.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function info(record: ApiKeyRecord): ApiKeyInfo {
  const { secretHash: _s, ...rest } = record;
  return rest;
}

export interface ApiKeyServiceOptions {
  /** How long a resolved key (or a miss) is remembered; 0 asks the store every time. */
  cacheTtlMs?: number;
  /** Most cached lookups; the oldest go first. Bounds memory under a flood of made-up keys. */
  cacheMax?: number;
  /** Injected for tests. */
  now?: () => number;
}

/**
 * Creates, lists, revokes and resolves API keys kept hashed in the document store.
 * Lookups are cached briefly so a request costs one SHA-256 and a map lookup; a revocation
 * through this instance takes effect at once, one through another process after the TTL.
 */
export class ApiKeyService {
  readonly #store: DocumentStore;
  readonly #ttl: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #cache = new Map<string, { principal: Principal | null; expires: number }>();

  constructor(store: DocumentStore, opts: ApiKeyServiceOptions = {}) {
    this.#store = store;
    this.#ttl = opts.cacheTtlMs ?? 5_000;
    this.#max = opts.cacheMax ?? 10_000;
    this.#now = opts.now ?? Date.now;
  }

  /** A new key for a role and scope. The returned `key` is the only copy of it anywhere. */
  async create(request: z.input<typeof CreateApiKeyRequest>): Promise<CreatedApiKey> {
    const parsed = CreateApiKeyRequest.safeParse(request);
    if (!parsed.success) throw new AppError(Errors.REQUEST_VALIDATION_FAILED, { fields: issuesToFields(parsed.error.issues) });
    const { role, scope, label } = parsed.data;
    const keyId = randomBytes(8).toString('hex');
    const key = `cjk_${keyId}_${randomBytes(32).toString('base64url')}`;
    const record: ApiKeyRecord = {
      keyId,
      secretHash: sha256(key),
      role,
      scope,
      label,
      createdAt: new Date(this.#now()).toISOString(),
      revokedAt: null,
    };
    await this.#store.putDocument(API_KEY_COLLECTION, keyId, record);
    return { ...info(record), key };
  }

  /** Every key, revoked ones included (with `revokedAt`), oldest first; never a secret. */
  async list(): Promise<ApiKeyInfo[]> {
    const docs = await this.#store.listDocuments<unknown>(API_KEY_COLLECTION);
    const out: ApiKeyInfo[] = [];
    for (const d of docs) {
      const parsed = ApiKeyRecord.safeParse(d.value);
      if (parsed.success) out.push(info(parsed.data));
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
  }

  /** Revoke a key by id (idempotent: a revoked key keeps its first `revokedAt`). 404 AUTH_KEY_NOT_FOUND if there is none. */
  async revoke(keyId: string): Promise<ApiKeyInfo> {
    const record = await this.#record(keyId);
    if (!record) throw new AppError(Errors.AUTH_KEY_NOT_FOUND, { details: { keyId } });
    if (record.revokedAt === null) {
      record.revokedAt = new Date(this.#now()).toISOString();
      await this.#store.putDocument(API_KEY_COLLECTION, keyId, record);
    }
    for (const [hash, entry] of this.#cache) if (entry.principal?.keyId === keyId) this.#cache.delete(hash);
    return info(record);
  }

  /** The principal a presented key stands for, or null when the key is malformed, unknown or revoked. */
  async resolve(key: string): Promise<Principal | null> {
    const match = KEY_PATTERN.exec(key);
    if (!match) return null;
    const hash = sha256(key);
    const now = this.#now();
    const cached = this.#cache.get(hash);
    if (cached && cached.expires > now) return cached.principal;
    const record = await this.#record(match[1]!);
    const principal =
      record && record.revokedAt === null && timingSafeEqual(Buffer.from(record.secretHash, 'hex'), Buffer.from(hash, 'hex'))
        ? Object.freeze({ keyId: record.keyId, role: record.role, scope: Object.freeze({ ...record.scope }), label: record.label })
        : null;
    if (this.#ttl > 0) {
      this.#cache.delete(hash);
      if (this.#cache.size >= this.#max) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(hash, { principal, expires: now + this.#ttl });
    }
    return principal;
  }

  async #record(keyId: string): Promise<ApiKeyRecord | undefined> {
    const doc = await this.#store.getDocument<unknown>(API_KEY_COLLECTION, keyId);
    if (!doc) return undefined;
    const parsed = ApiKeyRecord.safeParse(doc.value);
    return parsed.success ? parsed.data : undefined;
  }
}

/** The ids the demo keys act for: taken from the loaded demo data by the caller. */
export interface DemoScopes {
  schoolId: string;
  enterpriseId: string;
  studentId: string;
}

const DEMO_LABEL_PREFIX = 'demo ';

/**
 * One fresh key per role for the demo start (which prints them). Demo keys of an earlier
 * start are revoked first, so only the printed ones work.
 */
export async function createDemoKeys(keys: ApiKeyService, scopes: DemoScopes): Promise<CreatedApiKey[]> {
  for (const k of await keys.list()) {
    if (k.label.startsWith(DEMO_LABEL_PREFIX) && k.revokedAt === null) await keys.revoke(k.keyId);
  }
  const grants: Array<Pick<z.input<typeof CreateApiKeyRequest>, 'role' | 'scope'>> = [
    { role: 'operator', scope: { schoolId: scopes.schoolId } },
    { role: 'hr', scope: { enterpriseId: scopes.enterpriseId } },
    { role: 'student', scope: { studentId: scopes.studentId } },
    { role: 'office', scope: {} },
    { role: 'admin', scope: {} },
  ];
  const out: CreatedApiKey[] = [];
  for (const g of grants) out.push(await keys.create({ ...g, label: `${DEMO_LABEL_PREFIX}${g.role}` }));
  return out;
}
