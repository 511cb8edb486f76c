import { Client } from '@elastic/elasticsearch';
import { Post, StudentProfile } from '@chanjiao/domain';
import { loadConfig } from '@chanjiao/platform';
import { createAnalyzer, type Analyzer } from '../../src/analyzer.js';
import { buildIndexDocument } from '../../src/documents.js';
import { ElasticsearchIndex } from '../../src/elasticsearch/index.js';
import type { PostDocument, StudentDocument } from '../../src/search-index.js';
import { recordingConnection, type RecordedRequest, type Responder } from './recording-connection.js';

/** One analyzer for the whole test file: jieba's dictionary takes a moment to load. */
let analyzer: Analyzer | undefined;
export function testAnalyzer(): Analyzer {
  analyzer ??= createAnalyzer();
  return analyzer;
}

/** The config the tests run with: defaults, plus a cluster URL that is never dialled. */
export const config = loadConfig({ ELASTICSEARCH_URL: 'http://es.test:9200' });

/** A unit vector along axis `i` (512-d). */
export function axis(i: number, dims = 512): Float32Array {
  const v = new Float32Array(dims);
  v[i] = 1;
  return v;
}

export function student(over: Partial<StudentProfile> = {}): StudentProfile {
  return StudentProfile.parse({
    id: 's1',
    schoolId: 'sch1',
    majorCode: '460306',
    level: 'higher',
    graduationYear: 2027,
    skills: [{ name: 'PLC', level: 'advanced' }],
    certificates: [{ name: '电工证', level: 'intermediate' }],
    selfIntroduction: '熟悉电气控制',
    consentToBeFound: true,
    updatedAt: '2026-09-01T00:00:00.000Z',
    ...over,
  });
}

export function post(over: Partial<Post> = {}): Post {
  return Post.parse({
    id: 'p1',
    enterpriseId: 'e1',
    kind: 'job',
    title: '电气工程师',
    description: '负责设备调试',
    acceptedMajorCodes: ['4603'],
    requiredSkills: ['PLC'],
    seats: 3,
    term: '2027-spring',
    city: '珠海',
    updatedAt: '2026-09-01T00:00:00.000Z',
    ...over,
  });
}

export function studentDoc(over: Partial<StudentProfile> = {}, vector: Float32Array | null = axis(0)): StudentDocument {
  return buildIndexDocument({ profile: student(over), vector }, testAnalyzer());
}

export function postDoc(over: Partial<Post> = {}, vector: Float32Array | null = axis(1)): PostDocument {
  return buildIndexDocument({ post: post(over), vector }, testAnalyzer());
}

/** A client on a recording connection, and an index over it. */
export function recorded(respond?: Responder): {
  client: Client;
  index: ElasticsearchIndex;
  requests: RecordedRequest[];
} {
  const rec = recordingConnection(respond);
  const client = new Client({ node: 'http://es.test:9200', Connection: rec.Connection, maxRetries: 0 });
  const index = new ElasticsearchIndex({ client, analyzer: testAnalyzer(), config });
  return { client, index, requests: rec.requests };
}

/** The request line and body, the parts the tests pin. */
export function summary(r: RecordedRequest): { method: string; path: string; querystring: string; body: unknown } {
  return { method: r.method, path: r.path, querystring: r.querystring, body: r.body };
}

/** A bulk response for an ndjson body: every operation succeeds unless `status` says otherwise. */
export function bulkReply(lines: unknown[], status: (op: string, id: string) => number = () => 201): {
  errors: boolean;
  items: unknown[];
} {
  const items: unknown[] = [];
  let errors = false;
  for (const line of lines) {
    const [op, meta] = Object.entries(line as Record<string, { _id?: string; _index?: string }>)[0] ?? [];
    if (!op || !['index', 'create', 'delete', 'update'].includes(op)) continue;
    const id = String(meta?._id ?? '');
    const s = status(op, id);
    if (s >= 400) errors = true;
    items.push({
      [op]: {
        _index: meta?._index ?? 'chanjiao-students-v1',
        _id: id,
        status: s,
        ...(s >= 400
          ? { error: { type: s === 429 ? 'es_rejected_execution_exception' : 'document_parsing_exception', reason: 'no' } }
          : { result: op === 'delete' ? (s === 404 ? 'not_found' : 'deleted') : 'created' }),
      },
    });
  }
  return { errors, items };
}
