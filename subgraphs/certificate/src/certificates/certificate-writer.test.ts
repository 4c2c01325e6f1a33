import type { MikroORM } from '@mikro-orm/postgresql';
import { UnnestInsert } from '@tessera/kit';
import { SoftwareKeyBackend } from '../keys/software/software-key-backend';
import { createPki } from '../pki';
import { openTestDatabase } from '../testing/test-database';
import { subscriberRequest } from '../testing/test-pki';
import { Certificate } from './certificate.entity';
import { CertificateWriter } from './certificate-writer';

describe('group commit of issued certificates', () => {
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openTestDatabase();
  });
  afterAll(() => orm.close());

  const row = (serialNumber: string) =>
    orm.em.fork().create(
      Certificate,
      {
        serialNumber,
        subject: `CN=${serialNumber}`,
        kind: 'personal',
        usage: 'signing',
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2027-01-01T00:00:00Z'),
        der: Buffer.from(serialNumber),
        issuedAt: new Date('2026-01-01T00:00:00Z'),
      },
      { persist: false },
    );

  it('CT-4: issuances running together share one INSERT, and each gets its own certificate', async () => {
    const pki = createPki(orm.em, new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 9) }), {
      publicUrl: 'http://pki.tessera.test',
    });
    await pki.start();
    const { csr } = await subscriberRequest();
    const statements = jest.spyOn(UnnestInsert.prototype, 'insert');
    try {
      const issued = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          pki.issuer.issue({ kind: 'personal', usage: 'signing', subject: `CN=Together ${i}`, csr }),
        ),
      );
      expect(statements.mock.calls.length).toBeGreaterThan(0);
      expect(statements.mock.calls.length).toBeLessThan(issued.length);
      const stored = await orm.em.fork().find(Certificate, { id: issued.map((certificate) => certificate.id) });
      expect(stored.map((certificate) => certificate.subject).sort()).toEqual(
        issued.map((certificate) => certificate.subject).sort(),
      );
    } finally {
      statements.mockRestore();
    }
  });

  it('a row that fails fails alone: the rest of its batch is committed, the failed row is nowhere', async () => {
    await orm.em.fork().insert(row('0a0a'));
    const writer = new CertificateWriter({ em: orm.em });
    const statements = jest.spyOn(UnnestInsert.prototype, 'insert');
    const results = await Promise.allSettled(
      ['0b01', '0b02', '0a0a', '0b03'].map((serial) => Promise.resolve().then(() => writer.insert(row(serial)))),
    );
    // One statement for the four, refused whole; then each row alone.
    expect(statements.mock.calls.map((call) => (call[1] as unknown[]).length)).toEqual([4, 1, 1, 1, 1]);
    statements.mockRestore();
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = await orm.em.fork().find(Certificate, { serialNumber: { $in: ['0a0a', '0b01', '0b02', '0b03'] } });
    expect(stored.map((certificate) => certificate.subject).sort()).toEqual([
      'CN=0a0a',
      'CN=0b01',
      'CN=0b02',
      'CN=0b03',
    ]);
  });

  it('a lone issuance is written at once, without waiting for company', async () => {
    const writer = new CertificateWriter({ em: orm.em });
    await writer.insert(row('0c01'));
    expect(await orm.em.fork().count(Certificate, { serialNumber: '0c01' })).toBe(1);
  });

  it('rows arriving while a batch is written form the next batch, and shutdown waits for both', async () => {
    const writer = new CertificateWriter({ em: orm.em });
    const statements = jest.spyOn(UnnestInsert.prototype, 'insert');
    try {
      const first = writer.insert(row('0d01'));
      await new Promise((resolve) => setImmediate(resolve));
      const later = ['0d02', '0d03', '0d04'].map((serial) => writer.insert(row(serial)));
      await writer.idle();
      await Promise.all([first, ...later]);
      expect(statements.mock.calls.map((call) => (call[1] as unknown[]).length)).toEqual([1, 3]);
    } finally {
      statements.mockRestore();
    }
    expect(await orm.em.fork().count(Certificate, { serialNumber: { $like: '0d%' } })).toBe(4);
  });
});
