import { certificateState } from './certificate-state';

const validity = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z') };
const during = new Date('2026-06-01T00:00:00Z');
const issued = { ...validity, issuedAt: new Date('2026-01-01T00:00:00Z') };

describe('certificate state (CT-2)', () => {
  it('CT-2: approved but not issued is a new application', () => {
    expect(certificateState({ ...validity, issuedAt: null }, during)).toBe('newApplication');
  });

  it('CT-2: issued and within validity is in use', () => {
    expect(certificateState(issued, during)).toBe('inUse');
  });

  it('CT-2: expired or not yet valid is cancelled, computed from the clock at query time', () => {
    expect(certificateState(issued, new Date('2027-01-01T00:00:01Z'))).toBe('cancelled');
    expect(certificateState(issued, new Date('2025-12-31T23:59:59Z'))).toBe('cancelled');
  });

  it('CT-2: a hold shows as suspended and any other revocation as revoked, even after expiry', () => {
    const held = { ...issued, revokedAt: during, revocationReason: 'certificateHold' as const };
    expect(certificateState(held, during)).toBe('suspended');
    const revoked = { ...issued, revokedAt: during, revocationReason: 'keyCompromise' as const };
    expect(certificateState(revoked, new Date('2030-01-01T00:00:00Z'))).toBe('revoked');
  });
});
