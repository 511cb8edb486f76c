/**
 * API keys, managed directly in the store file (no server needed — this is how the first
 * admin key is made):
 *
 *   tsx scripts/keys.ts create --role hr --enterprise ENT001 --label "HR of ENT001" [--data-dir .data]
 *   tsx scripts/keys.ts create --role operator --school SCH001 --label "教务处 import"
 *   tsx scripts/keys.ts create --role admin --label "ops"
 *   tsx scripts/keys.ts list [--json]
 *   tsx scripts/keys.ts revoke <keyId>
 *
 * `create` prints the key once; only its SHA-256 is stored. Exit codes: 0 ok, 1 failure,
 * 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { ApiKeyService, isAppError, loadConfig, type ApiKeyInfo } from '@chanjiao/platform';
import { openStore } from '@chanjiao/store';

const USAGE = `usage:
  keys create --role operator|hr|student|office|admin [--school ID | --enterprise ID | --student ID] --label TEXT [--data-dir DIR]
  keys list [--json] [--data-dir DIR]
  keys revoke KEY_ID [--data-dir DIR]`;

function scopeText(k: ApiKeyInfo): string {
  return Object.entries(k.scope).map(([f, v]) => `${f}=${v}`).join(' ') || '-';
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      school: { type: 'string' },
      enterprise: { type: 'string' },
      student: { type: 'string' },
      label: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(process.env, values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {});
  const store = openStore(config);
  try {
    const keys = new ApiKeyService(store, { cacheTtlMs: 0 });
    switch (command) {
      case 'create': {
        const scope = {
          ...(values.school ? { schoolId: values.school } : {}),
          ...(values.enterprise ? { enterpriseId: values.enterprise } : {}),
          ...(values.student ? { studentId: values.student } : {}),
        };
        const created = await keys.create({ role: values.role as never, scope, label: values.label ?? '' });
        // The API refuses a scope naming a record that is not loaded; here keys may come before the
        // data (the first ones of a new city), so a missing record is only pointed out.
        for (const [type, id] of [['school', values.school], ['enterprise', values.enterprise], ['student', values.student]] as const) {
          if (id && (await store.get(type, id)) === undefined) console.error(`warning: no ${type} ${id} is loaded yet; the key works for it once it is (check the id if it should be there)`);
        }
        if (values.json) {
          console.log(JSON.stringify(created));
        } else {
          console.log(`created key ${created.keyId}: role ${created.role}, scope ${scopeText(created)}, label "${created.label}"`);
          console.log('the key (shown only now, store it safely):');
          console.log(created.key);
        }
        return 0;
      }
      case 'list': {
        const list = await keys.list();
        if (values.json) {
          console.log(JSON.stringify(list));
        } else {
          for (const k of list) {
            console.log([k.keyId, k.role.padEnd(8), scopeText(k).padEnd(28), k.createdAt, k.revokedAt ? `revoked ${k.revokedAt}` : 'active', k.label].join('  '));
          }
          console.log(`${list.length} keys`);
        }
        return 0;
      }
      case 'revoke': {
        if (rest.length !== 1) {
          console.error(USAGE);
          return 2;
        }
        const revoked = await keys.revoke(rest[0]!);
        console.log(`revoked ${revoked.keyId} at ${revoked.revokedAt}`);
        return 0;
      }
      default:
        console.error(`unknown command ${command}\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (!isAppError(err)) throw err;
    console.error(`${err.code}: ${err.message}`);
    for (const f of err.fields ?? []) console.error(`  ${f.path}: ${f.message}`);
    return err.statusCode === 404 ? 1 : 2;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
