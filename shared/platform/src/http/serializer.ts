import type { FastifySerializerCompiler } from 'fastify';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;
/** A route's response schema, as fastify-type-provider-zod accepts it. */
type ZodResponseSchema = z.ZodType | { properties: z.ZodType };

/**
 * `anyOf: [X, {type: 'null'}]` (how zod writes `.nullable()`) as `type: [X.type, 'null']`, which
 * fast-json-stringify writes with a type check; an `anyOf` makes it validate the value against
 * each branch with ajv first.
 */
function nullableAsTypeList(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableAsTypeList);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullableAsTypeList(value);
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex((b: JsonSchema) => b.type === 'null' && Object.keys(b).length === 1);
    const other = anyOf[1 - nullAt] as JsonSchema | undefined;
    if (nullAt >= 0 && other && typeof other.type === 'string' && !('anyOf' in other)) {
      delete out.anyOf;
      return { ...out, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/**
 * Replies are written by a serializer compiled from each route's zod response schema
 * (fast-json-stringify, as fastify itself does for JSON-schema routes) instead of zod's parse
 * followed by JSON.stringify: parsing a page of 20 candidates with their explanations cost about
 * 0.2 ms of the event loop per search (bench:api's profile: ~7 % of the host's main thread).
 *
 * What the schema guaranteed stays guaranteed where it matters: only the schema's properties
 * are written (a field a view let through by mistake, a phone number say, is dropped exactly as
 * zod's parse dropped it), and a required property that is missing fails the reply with a 500.
 * What is lost is the check of values against formats and ranges, which the views' own types
 * and tests cover. A schema JSON Schema cannot express falls back to zod's serializer.
 */
export const serializerCompiler: FastifySerializerCompiler<ZodResponseSchema> = (route) => {
  const schema = route.schema instanceof z.ZodType ? route.schema : route.schema.properties;
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }) as JsonSchema;
  } catch {
    return zodSerializerCompiler(route);
  }
  return fastJson(nullableAsTypeList(json) as Parameters<typeof fastJson>[0]);
};
