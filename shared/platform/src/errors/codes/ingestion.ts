import { defineErrors } from '../define.js';

/**
 * Bulk ingestion (`/v1/ingest/...`). Two kinds of code live here:
 *
 * - whole-request failures (4xx replies in the catalogue shape): the body as a whole cannot be
 *   read. When the failure is found part-way through a streamed body, `details.committed` says
 *   exactly which rows before it were saved.
 * - row codes (status 422, never an HTTP reply of their own): they appear in `errors[].code` of a
 *   200 ingest report, one entry per failing field of a rejected row. The rest of the file lands.
 */
export const IngestionErrors = defineErrors({
  INGEST_UNKNOWN_RECORD_TYPE: {
    statusCode: 404,
    message: 'No such record type; use school, student, enterprise, post or term. / 没有该数据类型，可用：school、student、enterprise、post、term。',
  },
  INGEST_UNSUPPORTED_CHARSET: {
    statusCode: 415,
    message: 'This charset is not accepted; send UTF-8 or GBK/GB18030. / 不支持该字符集，请使用 UTF-8 或 GBK/GB18030。',
  },
  INGEST_BAD_ENCODING: {
    statusCode: 400,
    message: 'The body is not valid text in its character set. / 请求体的字符编码无效。',
  },
  INGEST_MALFORMED_CSV: {
    statusCode: 400,
    message: 'A CSV line cannot be read (quotes or number of fields). / CSV 某行格式错误（引号或列数不对）。',
  },
  INGEST_CSV_NO_HEADER: {
    statusCode: 400,
    message: 'The CSV has no header line. / CSV 缺少表头行。',
  },
  INGEST_CSV_UNKNOWN_COLUMN: {
    statusCode: 400,
    message: 'The CSV header has a column this record type does not have. / CSV 表头含有该数据类型不存在的列。',
  },
  INGEST_CSV_DUPLICATE_COLUMN: {
    statusCode: 400,
    message: 'Two CSV columns name the same field. / CSV 表头中有两列对应同一字段。',
  },
  INGEST_CSV_MISSING_COLUMN: {
    statusCode: 400,
    message: 'The CSV header lacks a required column. / CSV 表头缺少必填列。',
  },
  INGEST_MALFORMED_NDJSON: {
    statusCode: 400,
    message: 'An NDJSON line is not valid JSON. / NDJSON 某行不是合法的 JSON。',
  },
  INGEST_MALFORMED_JSON: {
    statusCode: 400,
    message: 'The JSON body is not valid JSON. / JSON 请求体格式错误。',
  },
  INGEST_JSON_NOT_ARRAY: {
    statusCode: 400,
    message: 'A JSON body must be an array of records. / JSON 请求体必须是记录数组。',
  },
  INGEST_ROW_MISSING_FIELD: {
    statusCode: 422,
    message: 'Row rejected: a required field is missing. / 该行被拒绝：缺少必填字段。',
  },
  INGEST_ROW_WRONG_TYPE: {
    statusCode: 422,
    message: 'Row rejected: a field has the wrong type. / 该行被拒绝：字段类型错误。',
  },
  INGEST_ROW_INVALID_VALUE: {
    statusCode: 422,
    message: 'Row rejected: a field has an invalid value. / 该行被拒绝：字段取值无效。',
  },
  INGEST_ROW_OUT_OF_SCOPE: {
    statusCode: 403,
    message: 'Row rejected: this API key may not write this record (it belongs to another school or enterprise). / 该行被拒绝：当前 API 密钥无权写入该记录（属于其他学校或企业）。',
  },
  INGEST_ROW_UNKNOWN_MAJOR: {
    statusCode: 422,
    message: 'Row rejected: the major code is not in the 2021 catalog; see suggestions. / 该行被拒绝：专业代码不在 2021 年专业目录中，见建议。',
  },
  INGEST_ROW_UNKNOWN_REFERENCE: {
    statusCode: 422,
    message: 'Row rejected: it names a school or enterprise that is not stored (a post\'s enterprise, an enterprise\'s partner school, a student\'s school); load that one first. / 该行被拒绝：所引用的学校或企业不存在（岗位的企业、企业的合作院校、学生的学校），请先导入。',
  },
  INGEST_BAD_XLSX: {
    statusCode: 400,
    message: 'The body is not a readable .xlsx workbook, or it has no rows; save it from Excel as .xlsx (or send CSV). / 请求体不是可读取的 .xlsx 工作簿或没有数据行，请在 Excel 中另存为 .xlsx（或改用 CSV）。',
  },
});
