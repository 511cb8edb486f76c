import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ExternalId, NextSkillsQuery, NextSkillsReply, ShortageCatalogueQuery, ShortageCatalogueReply, SkillGapsQuery, SkillGapsReply } from '@chanjiao/domain';
import { AppError, clipEcho, Errors } from '@chanjiao/platform';
import { createMatchRules, type MatchRules } from '@chanjiao/search';
import { checkScope } from '../routes/access.js';
import { catalogueMethod, knownCity, shortageCatalogue } from './catalogue.js';
import { CatalogueVersions, wellFormed } from './catalogue-store.js';
import { catalogueCsv, catalogueXlsx } from './export.js';
import { StoreMarket, type SkillMarket } from './market.js';
import { nextSkills, publishedTerms } from './next-skills.js';
import { schoolSkillGaps } from './school-gaps.js';

const TAGS = ['skills'];

/**
 * Skill-level supply and demand: what a student should learn next, what a school's students lack
 * against the market, and the city's shortage catalogue (versioned, CSV and .xlsx). Reads the
 * records through an in-memory market kept current from the change feed, and judges pairs with the
 * search engine's own `isEligible` / `matchScore`. Needs config, store and search (the analyzer).
 */
export const skillsRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const market = new StoreMarket(app.store);
  const versions = new CatalogueVersions(app.store);
  // The engine's weights (parsed and validated with the rest of the config); rules memoize names, so one per term.
  const weights = app.config.SEARCH_RERANK_WEIGHTS;
  const rulesByTerm = new Map<string, MatchRules>();
  const rulesFor = (term?: string) => {
    const key = term ?? '';
    let rules = rulesByTerm.get(key);
    if (!rules) {
      rules = createMatchRules({ analyzer: app.searcher.analyzer, ...(weights ? { weights } : {}), requireConsent: false, ...(term ? { term } : {}) });
      rulesByTerm.set(key, rules);
    }
    return rules;
  };

  /**
   * The term a student's next skills are asked for. Missing: a validation failure naming the known
   * terms. Unknown (no published post and no term record has it): 404 naming them, since counting
   * over no posts would answer an empty list that reads as "nothing to learn".
   */
  const knownTerm = async (current: SkillMarket, term: string | undefined): Promise<string> => {
    const known = publishedTerms(current);
    const list = known.length > 0 ? known.join(', ') : '—';
    if (term === undefined) {
      throw new AppError(Errors.REQUEST_VALIDATION_FAILED, {
        fields: [{ path: 'querystring.term', message: `required: one of ${list} (GET /v1/lookups/terms) / 必填，已知学期：${list}` }],
        details: { knownTerms: known },
      });
    }
    if (known.includes(term) || (await app.store.get('term', term))) return term;
    throw new AppError(Errors.SKILLS_TERM_NOT_FOUND, {
      fields: [{ path: 'querystring.term', message: `${term}: no published post and no term record is in this term; known terms: ${list} / 该学期没有岗位，已知学期：${list}` }],
      details: { term, knownTerms: known },
    });
  };

  app.get(
    '/v1/students/:studentId/next-skills',
    {
      config: { access: { roles: ['student', 'office', 'admin'] } },
      schema: {
        tags: TAGS,
        summary: 'What to learn next: the skills and certificates that would add the most posts the student fits (counterfactual: add it, re-run eligibility and scoring, count)',
        description:
          'Errors: 400 REQUEST_VALIDATION_FAILED (no `term`: the message names the known terms), 404 SKILLS_TERM_NOT_FOUND (no published post and no term record in `term`), 404 MATCH_STUDENT_NOT_FOUND, 409 SKILLS_STUDENT_NOT_SEEKING, 403 AUTH_FORBIDDEN_SCOPE (another student).',
        params: z.object({ studentId: ExternalId }),
        querystring: NextSkillsQuery,
        response: { 200: NextSkillsReply },
      },
    },
    async (request) => {
      const { studentId } = request.params;
      checkScope(request, { studentId });
      const current = await market.current();
      const term = await knownTerm(current, request.query.term);
      const student = market.student(studentId);
      if (!student) throw new AppError(Errors.MATCH_STUDENT_NOT_FOUND, { details: { studentId } });
      if (student.status !== 'seeking') throw new AppError(Errors.SKILLS_STUDENT_NOT_SEEKING, { details: { studentId, status: student.status } });
      const { limit, posts } = request.query;
      return nextSkills(current, rulesFor(term), student, { term, limit, posts, topN: app.config.SKILLS_TOP_N });
    },
  );

  app.get(
    '/v1/schools/:schoolId/skill-gaps',
    {
      config: { access: { roles: ['operator', 'office'] } },
      schema: {
        tags: TAGS,
        summary: "Per major of the school: the skills and certificates the market asks for (by seats) against the share of its seeking students holding each; majors in demand it does not teach",
        description: "Errors: 403 AUTH_FORBIDDEN_SCOPE (an operator key of another school or of an enterprise), 404 SKILLS_SCHOOL_NOT_FOUND, 404 SKILLS_TERM_NOT_FOUND (no published post and no term record in `term`).",
        params: z.object({ schoolId: ExternalId }),
        querystring: SkillGapsQuery,
        response: { 200: SkillGapsReply },
      },
    },
    async (request) => {
      const { schoolId } = request.params;
      // Scope before existence: another school's key learns nothing about which ids exist.
      checkScope(request, { schoolId });
      const current = await market.current();
      const school = current.schools.get(schoolId);
      if (!school) throw new AppError(Errors.SKILLS_SCHOOL_NOT_FOUND, { details: { schoolId } });
      // A term no post is in would answer "the market asks for nothing": named as unknown instead.
      return schoolSkillGaps(current, rulesFor(), school, await knownTerm(current, request.query.term), request.query.limit);
    },
  );

  app.get(
    '/v1/reports/shortage-catalogue',
    {
      config: { access: { roles: ['office'] } },
      schema: {
        tags: TAGS,
        summary: 'The city\'s shortage catalogue for a year: majors, skills and certificates whose demand exceeds supply by the margin, ranked, with the method; `format=csv|xlsx` to export',
        description: 'A new version is stored when the numbers change; `version=N` reads a stored one. Errors: 404 SKILLS_CATALOGUE_VERSION_NOT_FOUND, 404 SKILLS_CITY_NOT_FOUND, 400 REQUEST_VALIDATION_FAILED.',
        querystring: ShortageCatalogueQuery,
        response: { 200: ShortageCatalogueReply },
      },
    },
    async (request, reply) => {
      const { city, year, version, format } = request.query;
      let catalogue;
      if (version !== undefined) {
        catalogue = await versions.get(city, year, version);
        if (!catalogue) throw new AppError(Errors.SKILLS_CATALOGUE_VERSION_NOT_FOUND, { details: { city, year, version } });
      } else {
        const margin = request.query.margin ?? app.config.SKILLS_SHORTAGE_MARGIN;
        const current = await market.current();
        if (!knownCity(current, city)) {
          throw new AppError(Errors.SKILLS_CITY_NOT_FOUND, { fields: [{ path: 'querystring.city', message: `${clipEcho(city)}: no school, enterprise or post is in this city / 没有位于该城市的院校、企业或岗位` }] });
        }
        const counts = shortageCatalogue(current, rulesFor(), city, year, margin);
        catalogue = await versions.publish(city, year, margin, catalogueMethod(city, year, margin), counts, new Date());
      }
      const file = `shortage-catalogue-${year}-v${catalogue.version}`;
      const disposition = (ext: string) => `attachment; filename="${file}.${ext}"; filename*=UTF-8''${encodeURIComponent(wellFormed(`${city}-${file}.${ext}`))}`;
      if (format === 'csv') {
        // A string or buffer payload is sent as it is (no JSON serialization).
        return reply.type('text/csv; charset=utf-8').header('content-disposition', disposition('csv')).send(catalogueCsv(catalogue) as never);
      }
      if (format === 'xlsx') {
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', disposition('xlsx'))
          .send((await catalogueXlsx(catalogue)) as never);
      }
      return catalogue;
    },
  );
};
