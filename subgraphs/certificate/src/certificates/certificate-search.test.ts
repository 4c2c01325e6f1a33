import type { MikroORM } from '@mikro-orm/postgresql';
import { type CertificateState, certificateState } from '../revocation/certificate-state';
import { openTestDatabase } from '../testing/test-database';
import { Certificate } from './certificate.entity';
import { certificateView } from './certificate.view';
import { searchCertificates } from './certificate-search';

const now = new Date('2026-06-01T00:00:00Z');
const states: CertificateState[] = ['newApplication', 'inUse', 'cancelled', 'suspended', 'revoked'];

describe("administrators' certificate search (CT-2, RA-5)", () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openTestDatabase();
    const em = orm.em.fork();
    const row = (serial: string, fields: Partial<Certificate>) =>
      em.create(Certificate, {
        serialNumber: serial,
        subject: `CN=${serial}`,
        kind: 'personal',
        usage: 'signing',
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2027-01-01T00:00:00Z'),
        issuedAt: new Date('2026-01-01T00:00:00Z'),
        ...fields,
      });
    row('a1', { issuedAt: null });
    row('b2', {});
    row('c3', { notAfter: new Date('2026-05-01T00:00:00Z') });
    row('d4', { notBefore: new Date('2026-07-01T00:00:00Z') });
    row('e5', { revokedAt: new Date('2026-03-01T00:00:00Z'), revocationReason: 'certificateHold' });
    row('f6', { revokedAt: new Date('2026-03-01T00:00:00Z'), revocationReason: 'keyCompromise' });
    row('g7', { revokedAt: new Date('2026-05-20T00:00:00Z'), revocationReason: 'certificateHold' });
    await em.flush();
  });
  afterAll(() => orm.close());

  it.each(states)('CT-2: filtering by state %s finds exactly the rows whose derived state it is', async (state) => {
    const [rows] = await searchCertificates(orm.em.fork(), { state }, { first: 50, offset: 0 }, now);
    const all = await orm.em.fork().find(Certificate, {});
    const expected = all
      .filter((c) => certificateState(c, now) === state)
      .map((c) => c.serialNumber)
      .sort();
    expect(rows.map((c) => c.serialNumber).sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('filters by serial and expiry window', async () => {
    const [bySerial] = await searchCertificates(orm.em.fork(), { serialNumber: '00B2' }, { first: 50, offset: 0 }, now);
    expect(bySerial.map((c) => c.serialNumber)).toEqual(['b2']);
    const [expiring] = await searchCertificates(
      orm.em.fork(),
      { expiresFrom: new Date('2026-04-01T00:00:00Z'), expiresUntil: new Date('2026-06-01T00:00:00Z') },
      { first: 50, offset: 0 },
      now,
    );
    expect(expiring.map((c) => c.serialNumber)).toEqual(['c3']);
  });

  it('RA-5: suspendedBefore finds the suspensions that began before it, and suspendedAt says when', async () => {
    const suspendedBefore = async (at: string) =>
      (await searchCertificates(orm.em.fork(), { suspendedBefore: new Date(at) }, { first: 50, offset: 0 }, now))[0]
        .map((c) => c.serialNumber)
        .sort();
    expect(await suspendedBefore('2026-05-01T00:00:00Z')).toEqual(['e5']);
    expect(await suspendedBefore('2026-06-01T00:00:00Z')).toEqual(['e5', 'g7']);
    expect(await suspendedBefore('2026-02-01T00:00:00Z')).toEqual([]);
    const views = (await orm.em.fork().find(Certificate, {}, { orderBy: { serialNumber: 'asc' } })).map(
      certificateView,
    );
    expect(Object.fromEntries(views.map((v) => [v.serialNumber, v.suspendedAt?.toISOString() ?? null]))).toEqual({
      a1: null,
      b2: null,
      c3: null,
      d4: null,
      e5: '2026-03-01T00:00:00.000Z',
      f6: null,
      g7: '2026-05-20T00:00:00.000Z',
    });
  });
});
