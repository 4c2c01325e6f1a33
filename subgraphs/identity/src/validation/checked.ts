import { type IdentityErrorCode, identityError } from '../errors';

/** The outcome of checking one input: the normalised value, or the rule it breaks. */
export type Checked<T> =
  | { ok: true; value: T }
  | { ok: false; code: IdentityErrorCode; params?: Record<string, string | number> };

export function accepted<T>(value: T): Checked<T> {
  return { ok: true, value };
}

export function refused<T>(code: IdentityErrorCode, params?: Record<string, string | number>): Checked<T> {
  return params ? { ok: false, code, params } : { ok: false, code };
}

/** The value, or the rule's error thrown: for services that stop at the first broken rule. */
export function required<T>(checked: Checked<T>): T {
  if (!checked.ok) throw identityError(checked.code, checked.params);
  return checked.value;
}
