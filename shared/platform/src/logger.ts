import type { LoggerOptions } from 'pino';
import type { Config } from './config/index.js';

/**
 * Paths pino removes from every log line: credentials, and the personal fields of a student
 * wherever a record or a reply body is logged (PIPL: they never reach the logs).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  '*.personal',
  '*.phone',
  '*.idNumber',
  '*.*.personal',
  '*.*.phone',
  '*.*.idNumber',
  'apiKey',
  'password',
];

/** The one place logger options are built from config. */
export function loggerOptions(config: Pick<Config, 'LOG_LEVEL' | 'LOG_PRETTY'>, name: string): LoggerOptions {
  const pretty = config.LOG_PRETTY ?? process.stdout.isTTY === true;
  return {
    name,
    level: config.LOG_LEVEL,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
}
