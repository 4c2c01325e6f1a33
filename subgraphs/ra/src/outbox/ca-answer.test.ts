import { classifyAnswer } from './ca-answer';

/** What graphql-request throws for an answer with errors. */
const answeredWith = (...codes: (string | undefined)[]) =>
  Object.assign(new Error(codes.join()), { response: { errors: codes.map((code) => ({ extensions: { code } })) } });

describe('what an answer of the certificate authority means (RA item 12)', () => {
  it.each([
    ['revoke_certificate', answeredWith('CERTIFICATE_ALREADY_REVOKED'), { outcome: 'delivered' }],
    ['suspend_certificate', answeredWith('CERTIFICATE_ALREADY_SUSPENDED'), { outcome: 'delivered' }],
    ['release_certificate', answeredWith('CERTIFICATE_NOT_SUSPENDED'), { outcome: 'delivered' }],
    [
      'suspend_certificate',
      answeredWith('CERTIFICATE_ALREADY_REVOKED'),
      { outcome: 'failed', code: 'CERTIFICATE_ALREADY_REVOKED' },
    ],
    [
      'release_certificate',
      answeredWith('CERTIFICATE_ALREADY_REVOKED'),
      { outcome: 'failed', code: 'CERTIFICATE_ALREADY_REVOKED' },
    ],
    ['revoke_certificate', answeredWith('CERTIFICATE_NOT_FOUND'), { outcome: 'failed', code: 'CERTIFICATE_NOT_FOUND' }],
    ['unlock_ekey', answeredWith('EKEY_NOT_LOCKED'), { outcome: 'failed', code: 'EKEY_NOT_LOCKED' }],
    ['create_enrollment', answeredWith('BAD_USER_INPUT'), { outcome: 'failed', code: 'BAD_USER_INPUT' }],
    ['create_enrollment', answeredWith('SERVICE_UNAVAILABLE'), { outcome: 'retry', code: 'SERVICE_UNAVAILABLE' }],
    ['revoke_certificate', answeredWith('INVALID_TOKEN'), { outcome: 'retry', code: 'INVALID_TOKEN' }],
    [
      'revoke_certificate',
      answeredWith('CERTIFICATE_NOT_FOUND', 'SERVICE_UNAVAILABLE'),
      { outcome: 'retry', code: 'SERVICE_UNAVAILABLE' },
    ],
    ['revoke_certificate', answeredWith(undefined), { outcome: 'retry', code: null }],
    ['revoke_certificate', new Error('The operation was aborted due to timeout'), { outcome: 'retry', code: null }],
    [
      'revoke_certificate',
      Object.assign(new Error('503'), { response: { status: 503 } }),
      { outcome: 'retry', code: null },
    ],
  ] as const)('%s answered %s', (kind, error, expected) => {
    expect(classifyAnswer(kind, error)).toEqual(expected);
  });

  it('counts an "already done" answer only for the kind it belongs to', () => {
    expect(classifyAnswer('suspend_certificate', answeredWith('CERTIFICATE_NOT_SUSPENDED'))).toEqual({
      outcome: 'failed',
      code: 'CERTIFICATE_NOT_SUSPENDED',
    });
  });
});
