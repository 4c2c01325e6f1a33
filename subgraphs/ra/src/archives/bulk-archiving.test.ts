import type { MikroORM } from '@mikro-orm/postgresql';
import type { StaffRole } from '@tessera/kit';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { OperationLogEntry } from '../records/operation-log-entry.entity';
import { raDatabase } from '../testing/ra-database';
import { unitSubscriber } from '../testing/subscribers';
import type { Actor } from '../workflow/actor';
import { ArchivedFile } from './archived-file.entity';
import { BulkArchiving } from './bulk-archiving';

const staff = (id: string, ...roles: StaffRole[]): Actor => ({
  id,
  kind: 'staff',
  roles: new Set(roles),
  realNameVerified: false,
});
const archiveClerk = staff('archive-1', 'ARCHIVE_CLERK');

let orm: MikroORM;
const bulk = new BulkArchiving();

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

async function inState(state: CertificateApplication['state'], businessType: 'new' | 'revocation' = 'new') {
  const em = orm.em.fork();
  const application = em.create(CertificateApplication, { businessType, state, subscriber: unitSubscriber(em) });
  await em.flush();
  return application;
}

describe('bulk archiving (issue 17 item 7, RA-14, RA-16)', () => {
  it('archives each application as its own logged step, and reports the ones that fail per item in the caller’s language', async () => {
    const delivered = await inState('delivered');
    const executed = await inState('executed', 'revocation');
    const notDelivered = await inState('issued');
    const moved = await inState('delivered');
    const missing = '00000000-0000-4000-8000-000000000000';
    const outcomes = await bulk.archive(
      orm.em.fork(),
      [
        { applicationId: delivered.id, expectedVersion: delivered.version },
        { applicationId: notDelivered.id, expectedVersion: notDelivered.version },
        { applicationId: moved.id, expectedVersion: moved.version + 1 },
        { applicationId: missing, expectedVersion: 1 },
        { applicationId: executed.id, expectedVersion: executed.version },
        { applicationId: delivered.id, expectedVersion: delivered.version },
      ],
      archiveClerk,
      'zh-CN',
    );
    expect(outcomes.map((o) => [o.applicationId, o.application?.state ?? null, o.error?.code ?? null])).toEqual([
      [delivered.id, 'archived', null],
      [notDelivered.id, null, 'TRANSITION_NOT_ALLOWED'],
      [moved.id, null, 'CONFLICT'],
      [missing, null, 'APPLICATION_NOT_FOUND'],
      [executed.id, 'archived', null],
      [delivered.id, null, 'CONFLICT'],
    ]);
    for (const outcome of outcomes.filter((o) => o.error)) expect(outcome.error?.message).toMatch(/[\u4e00-\u9fff]/);

    const em = orm.em.fork();
    const states = await em.find(CertificateApplication, {
      id: [delivered.id, notDelivered.id, moved.id, executed.id],
    });
    expect(Object.fromEntries(states.map((a) => [a.id, a.state]))).toEqual({
      [delivered.id]: 'archived',
      [notDelivered.id]: 'issued',
      [moved.id]: 'delivered',
      [executed.id]: 'archived',
    });
    const logged = await em.find(OperationLogEntry, { operation: 'archive' });
    expect(logged.map((e) => [e.applicationId, e.maker]).sort()).toEqual(
      [
        [delivered.id, 'archive-1'],
        [executed.id, 'archive-1'],
      ].sort(),
    );
    expect(await em.count(ArchivedFile, {})).toBe(2);
  });

  it('refuses a clerk without the archive role for every item, and an empty or oversized request as a whole', async () => {
    const delivered = await inState('delivered');
    const [outcome] = await bulk.archive(
      orm.em.fork(),
      [{ applicationId: delivered.id, expectedVersion: delivered.version }],
      staff('entry-1', 'ENTRY_CLERK'),
      'en',
    );
    expect(outcome?.error).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/\S/) });
    await expect(bulk.archive(orm.em.fork(), [], archiveClerk, 'en')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const many = Array.from({ length: 101 }, () => ({ applicationId: delivered.id, expectedVersion: 1 }));
    await expect(bulk.archive(orm.em.fork(), many, archiveClerk, 'en')).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });
});
