import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Field names that may carry personal or secret data. Their values never reach a log line,
 * wherever they sit in a logged object.
 */
export const redactedKeys = [
  'password',
  'newPassword',
  'currentPassword',
  'idNumber',
  'cardNumber',
  'bankAccount',
  'phone',
  'mobile',
  'answer',
  'answers',
  'code',
  'authorization',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'privateKey',
  'clientSecret',
  'initialPassword',
  'totpCode',
  'captchaAnswer',
  'authorizationCode',
] as const;

const redactPaths = redactedKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `req.headers.${k}`]);

export interface LoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; standard output by default. Tests pass a stream to read them. */
  destination?: pino.DestinationStream;
}

/** A structured JSON logger for one service; every line carries `service`. */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    destination ?? pino.destination({ sync: false }),
  );
}
