import fastJson, { type Schema } from 'fast-json-stringify';
import { z } from 'zod';
import { $ZodType } from 'zod/v4/core';

type JsonSchema = Record<string, unknown>;

/**
 * `anyOf: [X, {type: 'null'}]` (how zod writes `.nullable()` of an object) as `X` with `nullable`:
 * fast-json-stringify picks an `anyOf` branch by running a validator on every value, which costs
 * more than the write itself; `nullable` is one `=== null` test. A `const` beside its `type`
 * (`z.literal(true)`) is left to the type (the value is the reply's, as the zod writer writes it).
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) out[k] = simplify(v);
  if ('const' in out && typeof out.type === 'string') delete out.const;
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex((b) => (b as JsonSchema).type === 'null' && Object.keys(b as JsonSchema).length === 1);
    const other = anyOf[1 - nullAt] as JsonSchema | undefined;
    if (nullAt >= 0 && other && typeof other.type === 'string') {
      const { anyOf: _a, ...rest } = out;
      return { ...rest, ...other, nullable: true };
    }
  }
  return out;
}

/**
 * A reply writer compiled once per route from its zod response schema, for the routes a user
 * waits on many times a second (HR search): zod → JSON Schema (`z.toJSONSchema`, output side) →
 * fast-json-stringify. The app's default writer (fastify-type-provider-zod) parses every reply with
 * zod and then runs JSON.stringify: a copy of the whole page and a tenth of a search request's CPU.
 *
 * What the default writer guarantees and this one keeps: only the properties the schema names are
 * written, at every depth (objects are `additionalProperties: false`: the privacy net of the views
 * holds), and a required property that is missing fails the reply with a 500 instead of writing a
 * half record. It writes the same JSON value, with an object's required properties before its
 * optional ones (the zod writer keeps the schema's order). What it does not do is check values (a number where a string is declared is
 * written as a string, a float where an integer is declared is truncated): the contract of these
 * routes' values is checked by their tests, which parse each reply with the same zod schema
 * (`test/e2e/matching.e2e.test.ts`: "a search reply is written exactly as its zod schema reads it").
 * A schema that JSON Schema cannot express (a transform) fails at start-up, naming the route.
 */
/** Serializer compilers whose writers write the strings of the reply object and nothing else. */
const asGiven = new WeakSet<object>();

/**
 * Marks a route serializer compiler (fastify's `serializerCompiler` route option) whose writers
 * write the strings of the reply object and nothing else: no transform, no `toJSON` of their own,
 * only constants of the schema added. The personal-data guard then checks such a route's replies
 * as objects, before they are written, instead of parsing the written text back.
 */
export function writesAsGiven<T extends object>(compiler: T): T {
  asGiven.add(compiler);
  return compiler;
}

/** Whether a route's serializer compiler was marked with {@link writesAsGiven}. */
export function isWrittenAsGiven(compiler: unknown): boolean {
  return typeof compiler === 'function' && asGiven.has(compiler);
}

export function compiledReplySerializer({ schema, method, url }: { schema: unknown; method: string; url: string }): (data: unknown) => string {
  if (!(schema instanceof $ZodType)) throw new Error(`the reply schema of ${method} ${url} is not a zod schema`);
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'throw' }) as JsonSchema;
  } catch (err) {
    throw new Error(`the reply schema of ${method} ${url} cannot be compiled: ${(err as Error).message}`, { cause: err });
  }
  const { $schema: _drop, ...body } = simplify(json) as JsonSchema;
  return fastJson(body as unknown as Schema);
}
writesAsGiven(compiledReplySerializer);
