import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { ApiKeyService } from '@chanjiao/platform';
import { SqliteStore } from '@chanjiao/store';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function keys(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args, '--data-dir', dataDir], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

t.test('keys CLI against the SQLite store: create, list, revoke; the key is stored only hashed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chanjiao-keys-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));

  const created = await keys(dir, 'create', '--role', 'hr', '--enterprise', 'ENT001', '--label', 'HR of ENT001', '--json');
  t.equal(created.code, 0, created.stderr);
  const key = JSON.parse(created.stdout) as { key: string; keyId: string; role: string; scope: object; label: string; revokedAt: null };
  t.same({ role: key.role, scope: key.scope, label: key.label, revokedAt: key.revokedAt }, { role: 'hr', scope: { enterpriseId: 'ENT001' }, label: 'HR of ENT001', revokedAt: null });

  // Every file of the store (database, WAL, shared memory): neither the key nor its secret part.
  const files = readdirSync(dir).filter((f) => f.startsWith('store.sqlite'));
  t.ok(files.includes('store.sqlite'));
  // The secret is everything after `cjk_<key id>_`; base64url has '_' in its alphabet, so
  // splitting the key on '_' would cut the secret short (a short piece can be in any file).
  const secret = key.key.slice('cjk_'.length + 16 + 1);
  t.equal(secret.length, 43, 'the secret part is 32 bytes of base64url');
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    t.equal(bytes.indexOf(key.key), -1, `${f} has no plaintext key`);
    t.equal(bytes.indexOf(secret), -1, `${f} has no secret part`);
  }

  const store = new SqliteStore({ path: join(dir, 'store.sqlite') });
  const service = new ApiKeyService(store, { cacheTtlMs: 0 });
  t.same(await service.resolve(key.key), { keyId: key.keyId, role: 'hr', scope: { enterpriseId: 'ENT001' }, label: 'HR of ENT001' });

  const list = await keys(dir, 'list', '--json');
  t.equal(list.code, 0);
  t.same(JSON.parse(list.stdout).map((k: { keyId: string; revokedAt: string | null }) => [k.keyId, k.revokedAt]), [[key.keyId, null]]);
  t.notOk(list.stdout.includes('secretHash') || list.stdout.includes('cjk_'));

  const revoked = await keys(dir, 'revoke', key.keyId);
  t.equal(revoked.code, 0);
  t.match(revoked.stdout, new RegExp(`^revoked ${key.keyId} at \\d{4}-`));
  t.equal(await service.resolve(key.key), null, 'revoked key no longer resolves');
  await store.close();

  const bad = await keys(dir, 'create', '--role', 'hr', '--label', 'no enterprise');
  t.equal(bad.code, 2);
  t.equal(bad.stderr, `REQUEST_VALIDATION_FAILED: The request is invalid; see fields. / 请求参数不合法，详见 fields。\n  scope: role hr needs exactly one of: enterpriseId\n`);
  const missing = await keys(dir, 'revoke', '0000000000000000');
  t.same([missing.code, missing.stderr.split(':')[0]], [1, 'AUTH_KEY_NOT_FOUND']);
});
