import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isWrittenAsGiven } from '../http/reply-serializer.js';
import { maskPersonalNumbers, mayNameAccount } from './personal-data.js';
import type { Role } from './roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route replies with personal data its owner chose to share with this caller (a student's
     * contact on an accepted invitation), and only that: the guard leaves its replies alone.
     */
    consentedPersonalData?: boolean;
  }
}

/**
 * In identifiers (`id`, `studentId`, cursors …) only a number standing alone is masked: an id such
 * as `STU-13800000001` must reach HR intact to be usable, and ids are checked (ExternalId) on the
 * way in. Free text gets the full search (any separators, prefixes, full-width digits, e-mail).
 */
const STANDALONE_PHONE = /(?<![\w.-])1\d{10}(?![\w-])/g;
const STANDALONE_ID_NUMBER = /(?<![\w.-])\d{17}[\dXx](?![\w-])/g;
const IDENTIFIER_KEY = /^(id|[a-z]\w*Ids?|nextCursor|cursor)$/;

function maskIdentifier(text: string): { text: string; masked: number } {
  let masked = 0;
  const out = text
    .replace(STANDALONE_ID_NUMBER, () => (masked++, '*'.repeat(18)))
    .replace(STANDALONE_PHONE, () => (masked++, '*'.repeat(11)));
  return { text: out, masked };
}

/**
 * A reply that cannot hold personal data: plain ASCII with fewer than 10 digits, no '@' and no
 * account label (a landline needs 10 digits, a mobile 11, an ID 17; anything outside ASCII may be a
 * full-width digit or an invisible character, and is searched).
 */
function cannotHold(payload: string): boolean {
  if (!/^[\x00-\x7f]*$/.test(payload) || payload.includes('@')) return false;
  // An account needs few digits or none: a label for one means search (the labels the masking reads).
  if (mayNameAccount(payload)) return false;
  let digits = 0;
  for (let i = 0; i < payload.length; i++) {
    const c = payload.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++digits >= 10) return false;
  }
  return true;
}

/**
 * Free-text strings found to hold nothing to mask, kept so the next reply that carries them (skill
 * names, explanation notes, the same students' introductions: most of a page of hits repeats
 * across searches) skips the search, which normalizes each string first (NFKC) and was a tenth of
 * a search request's CPU. Only strings with nothing to mask are kept; cleared when full.
 */
const CLEAN_MAX = 20_000;
const clean = new Set<string>();

function maskText(text: string): { text: string; masked: number } {
  if (clean.has(text)) return { text, masked: 0 };
  const r = maskPersonalNumbers(text);
  if (r.masked === 0) {
    if (clean.size >= CLEAN_MAX) clean.clear();
    clean.add(text);
  }
  return r;
}

/** Whether a key names an identifier, per key: a reply has a few dozen keys and thousands of strings. */
const identifierKeys = new Map<string, boolean>();
function isIdentifierKey(key: string): boolean {
  let known = identifierKeys.get(key);
  if (known === undefined) {
    known = IDENTIFIER_KEY.test(key);
    // Keys come from schemas and from records' keys (facet names): few, but bounded all the same.
    if (identifierKeys.size >= 10_000) identifierKeys.clear();
    identifierKeys.set(key, known);
  }
  return known;
}

function maskString(text: string, key: string): { text: string; masked: number } {
  return isIdentifierKey(key) ? maskIdentifier(text) : maskText(text);
}

/** How many strings of a parsed reply hold something to mask (the first pass: most replies hold none, and are sent as they are). */
function countMasked(value: unknown, key = ''): number {
  if (typeof value === 'string') return maskString(value, key).masked;
  let n = 0;
  if (Array.isArray(value)) for (const v of value) n += countMasked(v, key);
  else if (value && typeof value === 'object') for (const k in value) n += countMasked((value as Record<string, unknown>)[k], k);
  return n;
}

/**
 * Frozen objects found to hold nothing to mask, with everything in them frozen too: they cannot
 * change, so they are not searched again (the students' views are kept frozen and come back on
 * page after page). Plain objects only, never arrays: an object's strings are checked under its
 * own keys, whereas an array's strings take the key of wherever the array is found.
 */
const cleanFrozen = new WeakSet<object>();
/** Whether everything {@link countMaskedPlain} has walked in the current object is frozen. */
let allFrozen = true;

/**
 * {@link countMasked} on a reply object before it is written, or -1 when the object holds anything
 * but plain objects, arrays, strings, numbers, booleans and null (a Date, a class instance, a
 * function such as a `toJSON`, a Map): what the writer makes of those is not in the object, so
 * the written text is checked instead.
 */
function countMaskedPlain(value: unknown, key = ''): number {
  switch (typeof value) {
    case 'string':
      return maskString(value, key).masked;
    case 'number':
    case 'boolean':
    case 'undefined':
      return 0;
    case 'object': {
      if (value === null) return 0;
      let n = 0;
      if (Array.isArray(value)) {
        if (!Object.isFrozen(value)) allFrozen = false;
        for (const v of value) {
          const m = countMaskedPlain(v, key);
          if (m < 0) return -1;
          n += m;
        }
        return n;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return -1;
      if (cleanFrozen.has(value)) return 0;
      const outer = allFrozen;
      allFrozen = Object.isFrozen(value);
      for (const k in value) {
        const m = countMaskedPlain((value as Record<string, unknown>)[k], k);
        if (m < 0) return -1;
        n += m;
      }
      if (n === 0 && allFrozen) cleanFrozen.add(value);
      allFrozen = outer && allFrozen;
      return n;
    }
    default:
      return -1;
  }
}

function maskStrings(value: unknown, count: { n: number }, key = ''): unknown {
  if (typeof value === 'string') {
    const r = maskString(value, key);
    count.n += r.masked;
    return r.text;
  }
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, count, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskStrings(v, count, k);
    return out;
  }
  return value;
}

/**
 * Defence in depth for PIPL: the routes mask students' personal fields themselves, but free text
 * written by a student (a self-introduction with "电话 138…") would still carry them. For callers
 * of an enterprise-facing role, every JSON and text reply is scanned before it is sent and phone
 * and ID numbers (in any rendering) and e-mail addresses are masked (in JSON: inside string values
 * only, so scores and counts are never touched). Each masking is counted (`chanjiao_personal_numbers_masked_total`, when the metrics
 * plugin is there) and logged with the route, never the value, so the source can be fixed.
 * The auth plugin installs it (option `maskPersonalNumbersFor`, default `['hr']`).
 */
export function installPersonalDataGuard(app: FastifyInstance, forRoles: readonly Role[]): void {
  if (forRoles.length === 0) return;
  const roles = new Set<Role>(forRoles);
  const counter = app.hasDecorator('metrics')
    ? app.metrics.counter({ name: 'chanjiao_personal_numbers_masked_total', help: 'Phone or ID numbers masked in replies to enterprise-facing keys', labelNames: ['route'] as const })
    : null;
  const facesEnterprise = (request: FastifyRequest) => {
    const role = request.principal?.role;
    return role !== undefined && roles.has(role);
  };

  const note = (request: FastifyRequest, n: number) => {
    if (n === 0) return;
    const route = request.routeOptions.url ?? '(unmatched)';
    counter?.inc({ route }, n);
    request.log.warn({ route, masked: n }, 'personal numbers masked in a reply to an enterprise-facing key');
  };

  /**
   * Routes whose replies are written by a writer that writes the strings of the reply object and
   * nothing else (`writesAsGiven`, e.g. compiledReplySerializer: no transform can run in it, only
   * the schema's constant defaults are added), so their replies are checked as objects, before they are written.
   * Parsing the written JSON back was a tenth of an HR search request's CPU, and the strings a
   * parse makes are new each time, so the memo of clean strings had to hash every one of them again.
   */
  const writtenAsGiven = new Set<string>();
  app.addHook('onRoute', (route) => {
    if (!isWrittenAsGiven(route.serializerCompiler)) return;
    for (const method of [route.method].flat()) writtenAsGiven.add(`${method} ${route.url}`);
  });
  const checked = new WeakSet<FastifyReply>();

  app.addHook('preSerialization', async (request, reply, payload: unknown) => {
    if (!facesEnterprise(request) || request.routeOptions.config.consentedPersonalData === true) return payload;
    if (!writtenAsGiven.has(`${request.method} ${request.routeOptions.url}`)) return payload;
    allFrozen = true;
    const n = countMaskedPlain(payload);
    if (n < 0) return payload;
    checked.add(reply);
    if (n === 0) return payload;
    const count = { n: 0 };
    const out = maskStrings(payload, count);
    note(request, count.n);
    return out;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // Checked as an object before it was written (above), by the writer that adds nothing.
    if (typeof payload !== 'string' || checked.has(reply) || !facesEnterprise(request) || cannotHold(payload)) return payload;
    if (request.routeOptions.config.consentedPersonalData === true) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    let out: string;
    const count = { n: 0 };
    if (type.startsWith('application/json')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload);
      } catch {
        return payload;
      }
      // A copy with the masks only when there is something to mask.
      out = countMasked(parsed) > 0 ? JSON.stringify(maskStrings(parsed, count)) : payload;
    } else if (type.startsWith('text/')) {
      const r = maskPersonalNumbers(payload);
      count.n = r.masked;
      out = r.text;
    } else {
      return payload;
    }
    note(request, count.n);
    return out;
  });
}
