import { GraphQLError } from 'graphql';
import { catalogue, type ErrorCode, type ErrorEntry, messageFor } from './catalogue';

/**
 * An expected failure of a domain rule. Services throw it; the error formatter renders its message
 * in the caller's language. `data` goes to `extensions` (clients read it: "retry in N s") and fills
 * the message's placeholders.
 */
export class DomainError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    data: Record<string, unknown> = {},
  ) {
    const params = Object.fromEntries(
      Object.entries(data).filter((e): e is [string, string | number] => ['string', 'number'].includes(typeof e[1])),
    );
    super(messageFor(code, 'en', params), { extensions: { ...data, code } });
    this.name = 'DomainError';
  }

  /**
   * An error that ends the whole request before execution (say, a bad token): it also sets the
   * HTTP status of its catalogue entry. Errors of single fields never do: the rest of the
   * response is still data.
   */
  static ofRequest(code: ErrorCode, data: Record<string, unknown> = {}): DomainError {
    const error = new DomainError(code, data);
    const { httpStatus }: ErrorEntry = catalogue[code];
    if (httpStatus) error.extensions.http = { status: httpStatus };
    return error;
  }
}
