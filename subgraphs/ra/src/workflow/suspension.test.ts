import { automaticReleaseDate, outlivesCertificate } from './suspension';

describe('suspension deadlines (RA-5)', () => {
  it('releases a suspension six months after it took effect', () => {
    expect(automaticReleaseDate(new Date('2026-03-15T09:30:00Z')).toISOString()).toBe('2026-09-15T09:30:00.000Z');
  });

  it('ends on the last day of a shorter month rather than spilling into the next', () => {
    expect(automaticReleaseDate(new Date('2026-08-31T00:00:00Z')).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });

  it('sends a suspension that outlives the certificate to review for revocation', () => {
    const suspendedAt = new Date('2026-11-01T00:00:00Z');
    expect(outlivesCertificate(suspendedAt, new Date('2027-03-01T00:00:00Z'))).toBe(true);
    expect(outlivesCertificate(suspendedAt, new Date('2027-12-31T00:00:00Z'))).toBe(false);
  });
});
