import type { FastifyInstance, FastifyRequest } from 'fastify';
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
 * A mainland mobile number standing alone: not part of a longer digit run, a decimal, or an
 * identifier such as `STU-13800000001` (ids must reach HR intact; Chinese text around a number
 * is not \w, so "电话13800000001" is found).
 */
const PHONE = /(?<![\w.-])1\d{10}(?![\w-])/g;
/** A resident ID number: 17 digits and a check character, standing alone in the same way. */
const ID_NUMBER = /(?<![\w.-])\d{17}[\dXx](?![\w-])/g;

/**
 * Both patterns need a run of at least 11 digits, and JSON.stringify never escapes a digit, so a
 * reply without such a run cannot hold either: the guard then skips parsing it (most replies).
 * A run right after a '.' is a float's fraction (scores: 0.79412345678901) and is passed over;
 * neither pattern may start after a '.' or a digit, so nothing maskable is missed (an escape such
 * as \u0010 before a number only makes the run longer, and starts it after the 'u').
 */
const LONG_DIGIT_RUN = /(?<![.\d])\d{11}/;

/**
 * Mask phone and resident-ID numbers in free text, the usual way: `138****0001`,
 * `4404**********0318`. Returns the text and how many numbers were masked.
 */
export function maskPersonalNumbers(text: string): { text: string; masked: number } {
  let masked = 0;
  const out = text
    .replace(ID_NUMBER, (m) => {
      masked++;
      return `${m.slice(0, 4)}${'*'.repeat(10)}${m.slice(14)}`;
    })
    .replace(PHONE, (m) => {
      masked++;
      return `${m.slice(0, 3)}****${m.slice(7)}`;
    });
  return { text: out, masked };
}

/**
 * Replace phone and resident-ID numbers in free text with asterisks, every digit of them. For text
 * that is indexed and embedded: the usual masking keeps 7 of a phone's 11 digits (139****5678),
 * and the embedding of a typed-in phone number lands next to a text holding those 7 (measured: a
 * search for the full number put its owner first). No digit left, nothing to be found by.
 * `remove`: a space instead of the asterisks (a search query: nothing left to embed).
 */
export function redactPersonalNumbers(text: string, opts: { remove?: boolean } = {}): string {
  const by = (m: string) => (opts.remove ? ' ' : '*'.repeat(m.length));
  return text.replace(ID_NUMBER, by).replace(PHONE, by);
}

function maskStrings(value: unknown, count: { n: number }): unknown {
  if (typeof value === 'string') {
    const r = maskPersonalNumbers(value);
    count.n += r.masked;
    return r.text;
  }
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, count));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskStrings(v, count);
    return out;
  }
  return value;
}

/**
 * Defence in depth for PIPL: the routes mask students' personal fields themselves, but free text
 * written by a student (a self-introduction with "电话 138…") would still carry them. For callers
 * of an enterprise-facing role, every JSON and text reply is scanned before it is sent and phone
 * and ID numbers are masked (in JSON: inside string values only, so scores and counts are never
 * touched). Each masking is counted (`chanjiao_personal_numbers_masked_total`, when the metrics
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

  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || !facesEnterprise(request) || !LONG_DIGIT_RUN.test(payload)) return payload;
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
      const masked = maskStrings(parsed, count);
      out = count.n > 0 ? JSON.stringify(masked) : payload;
    } else if (type.startsWith('text/')) {
      const r = maskPersonalNumbers(payload);
      count.n = r.masked;
      out = r.text;
    } else {
      return payload;
    }
    if (count.n > 0) {
      const route = request.routeOptions.url ?? '(unmatched)';
      counter?.inc({ route }, count.n);
      request.log.warn({ route, masked: count.n }, 'personal numbers masked in a reply to an enterprise-facing key');
    }
    return out;
  });
}
