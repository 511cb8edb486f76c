import type { ErrorDefinition } from './define.js';
import { CommonErrors } from './codes/common.js';
import { ElasticsearchErrors } from './codes/elasticsearch.js';
import { EmbeddingErrors } from './codes/embedding.js';
import { IngestionErrors } from './codes/ingestion.js';
import { AuthErrors } from './codes/auth.js';
import { BatchErrors } from './codes/batch.js';
import { MatchingErrors } from './codes/matching.js';
import { SkillsErrors } from './codes/skills.js';

/**
 * Every error code the services answer with. Each area keeps its codes in `codes/<area>.ts`
 * and is listed here once. Codes are never reused: `ERROR_GROUPS` lets a test prove that no
 * two areas claim one code, and that the README lists each of them.
 */
export const ERROR_GROUPS = { common: CommonErrors, elasticsearch: ElasticsearchErrors, embedding: EmbeddingErrors, ingestion: IngestionErrors, auth: AuthErrors, batch: BatchErrors, matching: MatchingErrors, skills: SkillsErrors } as const;

export const Errors = Object.freeze({ ...CommonErrors, ...ElasticsearchErrors, ...EmbeddingErrors, ...IngestionErrors, ...AuthErrors, ...BatchErrors, ...MatchingErrors, ...SkillsErrors });

export const ErrorCatalogue: Readonly<Record<string, ErrorDefinition>> = Errors;
