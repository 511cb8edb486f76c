export { ingestionApp } from './app.js';
export { ingest, type IngestOp, type IngestOptions, type IngestProgress, type ReportOf } from './pipeline.js';
export type { IngestFormat } from './formats.js';
export { MEDIA_TYPES } from './routes.js';
export { formatCsv, csvLines, CSV_COLUMNS, type CsvColumn, type CsvLang, type FormatCsvOptions, type InputOf } from './csv-spec.js';
export { UpsertReport, DeleteReport, RowError, type IngestReport } from './report.js';
