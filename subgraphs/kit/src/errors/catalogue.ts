import type { Locale } from '../config/config';
import { certificateErrors } from './codes/certificate';
import { commonErrors } from './codes/common';
import { customerServiceErrors } from './codes/customer-service';
import { identityErrors } from './codes/identity';
import { raErrors } from './codes/ra';
import { timestampErrors } from './codes/timestamps';

export interface ErrorEntry {
  /** Message per locale; `{name}` placeholders are filled from the error's params. */
  messages: Record<Locale, string>;
  /** HTTP status when the error ends the whole request (before execution). */
  httpStatus?: number;
  /** Keep the technical detail of the underlying error (safe, developer-facing) after the message. */
  withDetail?: boolean;
}

/**
 * The one catalogue of error codes the graph returns in `extensions.code`, one file per bounded
 * context under `codes/`. Codes are stable API: clients switch on them, never on messages.
 */
export const catalogue = {
  ...commonErrors,
  ...identityErrors,
  ...certificateErrors,
  ...raErrors,
  ...customerServiceErrors,
  ...timestampErrors,
} as const satisfies Record<string, ErrorEntry>;

export type ErrorCode = keyof typeof catalogue;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(catalogue, code);
}

export function messageFor(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  const template: string = catalogue[code].messages[locale];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
