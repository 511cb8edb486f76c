import { z } from 'zod';
import type {} from 'fastify';
import { ExternalId } from '@chanjiao/domain';

/**
 * Who calls the API. Each API key has exactly one role and, for the roles that act for one
 * party, the id of that party (its scope):
 * - `operator`: loads data (ingestion) for one school or one enterprise (schoolId or enterpriseId);
 * - `hr`: enterprise HR, searches students and keeps shortlists for one enterprise (enterpriseId);
 * - `student`: sees their own profile and recommendations only (studentId);
 * - `office`: the joint meeting office (校企合作联席会议办公室): batch jobs and reports, city-wide;
 * - `admin`: manages API keys.
 */
export const Role = z.enum(['operator', 'hr', 'student', 'office', 'admin']);
export type Role = z.infer<typeof Role>;
export const ROLES: readonly Role[] = Role.options;

/** The party a key acts for; also the owner of a record when a handler checks scope. */
export const Scope = z
  .object({ schoolId: ExternalId.optional(), enterpriseId: ExternalId.optional(), studentId: ExternalId.optional() })
  .strict();
export type Scope = z.infer<typeof Scope>;
export type ScopeField = keyof Scope;
const SCOPE_FIELDS: readonly ScopeField[] = ['schoolId', 'enterpriseId', 'studentId'];

/** For each role: the scope fields of which exactly one must be set (none: the role is unscoped). */
const SCOPE_OF_ROLE: Readonly<Record<Role, readonly ScopeField[]>> = {
  operator: ['schoolId', 'enterpriseId'],
  hr: ['enterpriseId'],
  student: ['studentId'],
  office: [],
  admin: [],
};

/** Problems with a role + scope pair, as messages keyed by scope field; empty when it is valid. */
export function scopeIssues(role: Role, scope: Scope): Array<{ field: ScopeField | 'scope'; message: string }> {
  const allowed = SCOPE_OF_ROLE[role];
  const set = SCOPE_FIELDS.filter((f) => scope[f] !== undefined);
  const issues: Array<{ field: ScopeField | 'scope'; message: string }> = [];
  for (const f of set) {
    if (!allowed.includes(f)) issues.push({ field: f, message: `role ${role} takes no ${f}` });
  }
  if (allowed.length > 0 && set.filter((f) => allowed.includes(f)).length !== 1) {
    issues.push({ field: 'scope', message: `role ${role} needs exactly one of: ${allowed.join(', ')}` });
  }
  return issues;
}

/** A key's role and scope, as sent when a key is created and as stored with it. Check it with {@link checkGrant}. */
export const Grant = z.object({ role: Role, scope: Scope.default({}) });

/** zod refinement: the scope fits the role (see {@link scopeIssues}). */
export function checkGrant(g: { role: Role; scope: Scope }, ctx: z.RefinementCtx): void {
  for (const i of scopeIssues(g.role, g.scope)) {
    ctx.addIssue({ code: 'custom', path: i.field === 'scope' ? ['scope'] : ['scope', i.field], message: i.message });
  }
}
export type Grant = z.infer<typeof Grant>;

/** The caller of a request, resolved from its API key. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  readonly scope: Readonly<Scope>;
  readonly label: string;
}

/**
 * What a route lets through, declared in its options: `config: { access: { roles: ['hr'] } }`,
 * or `config: { access: 'public' }` for routes that need no key. A route that declares
 * nothing is closed (403 AUTH_ROUTE_NOT_DECLARED) once the auth plugin is registered.
 */
export type RouteAccess = 'public' | { readonly roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; see {@link RouteAccess}. Without it the route is closed. */
    access?: RouteAccess;
  }
}

/**
 * May this principal touch a record owned by `owner`? Unscoped roles (office, admin) may;
 * a scoped key may when one of its scope ids is the owner's id for the same field — so an
 * operator of school S may load the students of S, an HR key of enterprise E reads E's
 * shortlists, a student key reads that student. The route's role list has already decided
 * whether the role may use the route at all.
 */
export function canAccess(principal: Principal, owner: Scope): boolean {
  const fields = SCOPE_OF_ROLE[principal.role];
  if (fields.length === 0) return true;
  return fields.some((f) => principal.scope[f] !== undefined && owner[f] === principal.scope[f]);
}
