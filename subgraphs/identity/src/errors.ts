import { DomainError, type identityErrors } from '@tessera/kit';
import { GraphQLError } from 'graphql';

export type IdentityErrorCode = keyof typeof identityErrors;

/** The failure of an identity rule, raised with its catalogue code; `params` go to `extensions`. */
export function identityError(code: IdentityErrorCode, params: Record<string, string | number> = {}): DomainError {
  return new DomainError(code, params);
}

/** Reads the code off an error thrown by `identityError` (for tests and callers that branch). */
export function errorCodeOf(error: unknown): string | undefined {
  return error instanceof GraphQLError ? (error.extensions.code as string | undefined) : undefined;
}
