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

/**
 * Errors as pino serializes them, plus their classification under a name redaction leaves alone: `code`
 * is redacted everywhere (it also names SMS and authorization codes), so an error's `code` (`ECONNREFUSED`,
 * a SQLSTATE, a catalogue code) is written as `errorCode` too.
 */
function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  const code = (error as { code?: unknown } | null)?.code;
  if (serialized && typeof serialized === 'object' && (typeof code === 'string' || typeof code === 'number')) {
    return { ...serialized, errorCode: code };
  }
  return serialized;
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
      serializers: { err: serializeError },
    },
    destination ?? pino.destination({ sync: false }),
  );
}
