import type { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { OperationLog } from '../records/operation-log';
import { OperationLogEntry } from '../records/operation-log-entry.entity';
import { raDatabase } from '../testing/ra-database';
import { unitSubscriber } from '../testing/subscribers';
import type { Actor } from '../workflow/actor';
import { CaCalls } from './ca-calls';
import { OutboxMessage } from './outbox-message.entity';

let orm: MikroORM;
beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

const administrator: Actor = {
  id: 'admin-1',
  kind: 'staff',
  roles: new Set(['ADMINISTRATOR']),
  realNameVerified: false,
};
const auditor: Actor = { id: 'audit-1', kind: 'staff', roles: new Set(['AUDITOR']), realNameVerified: false };
const now = new Date('2026-11-23T08:00:00Z');
const calls = new CaCalls(new OperationLog(), () => now);

/** A suspension whose call to the CA is in `state` after `attempts` failures. */
async function call(state: OutboxMessage['state'], attempts: number): Promise<OutboxMessage> {
  const em = orm.em.fork();
  const subscriber = unitSubscriber(em, { name: '太原钢铁', region: '太原市' });
  const application = em.create(CertificateApplication, {
    businessType: 'suspension',
    certificateKind: 'organization',
    subscriber,
    state: 'executed',
  });
  const message = em.create(OutboxMessage, {
    kind: 'suspend_certificate',
    applicationId: application.id,
    idempotencyKey: `application:${application.id}:suspend_certificate`,
    payload: {},
    state,
    attempts,
    lastErrorCode: state === 'failed' ? 'CERTIFICATE_ALREADY_REVOKED' : 'SERVICE_UNAVAILABLE',
    failedAt: state === 'failed' ? now : undefined,
    deliveredAt: state === 'delivered' ? now : undefined,
  });
  await em.flush();
  return message;
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (error: unknown) => (error instanceof DomainError ? error.extensions.code : String(error)),
  );

describe('operators and the calls the CA refused (RA item 12)', () => {
  it('lists failed calls and pending ones past the attempt threshold, not fresh or finished ones', async () => {
    const failed = await call('failed', 1);
    const stuck = await call('pending', 6);
    const fresh = await call('pending', 1);
    const delivered = await call('delivered', 7);
    const ids = (await calls.undelivered(orm.em.fork(), 5)).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([failed.id, stuck.id]));
    expect(ids).not.toContain(fresh.id);
    expect(ids).not.toContain(delivered.id);
  });

  it('retries a failed call now, and records who did it in the operation log', async () => {
    const failed = await call('failed', 1);
    const retried = await calls.retry(orm.em.fork(), failed.id, administrator);
    expect(retried).toMatchObject({ state: 'pending', failedAt: undefined, nextAttemptAt: now, attempts: 1 });
    const [entry] = await orm.em.fork().find(OperationLogEntry, { applicationId: failed.applicationId });
    expect(entry).toMatchObject({ operation: 'retry_ca_call', maker: 'admin-1', detail: 'suspend_certificate' });
  });

  it('settles a failed call only with a reason, kept on the call and in the hash-chained log', async () => {
    const failed = await call('failed', 1);
    expect(await codeOf(calls.settle(orm.em.fork(), failed.id, '   ', administrator))).toBe(
      'SETTLEMENT_REASON_REQUIRED',
    );
    const settled = await calls.settle(orm.em.fork(), failed.id, ' 证书已吊销，无需暂停 ', administrator);
    expect(settled).toMatchObject({
      state: 'settled',
      settledAt: now,
      settledBy: 'admin-1',
      settlementReason: '证书已吊销，无需暂停',
    });
    const [entry] = await orm.em.fork().find(OperationLogEntry, { applicationId: failed.applicationId });
    expect(entry).toMatchObject({
      operation: 'settle_ca_call',
      maker: 'admin-1',
      region: '太原市',
      businessType: 'suspension',
      detail: 'suspend_certificate: 证书已吊销，无需暂停',
    });
    await expect(new OperationLog().verify(orm.em.fork())).resolves.toMatchObject({ intact: true });
    expect(await codeOf(calls.retry(orm.em.fork(), failed.id, administrator))).toBe('CA_CALL_STEP_NOT_ALLOWED');
    expect(await codeOf(calls.settle(orm.em.fork(), failed.id, 'again', administrator))).toBe(
      'CA_CALL_STEP_NOT_ALLOWED',
    );
  });

  it('refuses to touch a delivered call, an unknown one, or anything for a non-administrator', async () => {
    const delivered = await call('delivered', 0);
    expect(await codeOf(calls.retry(orm.em.fork(), delivered.id, administrator))).toBe('CA_CALL_STEP_NOT_ALLOWED');
    expect(await codeOf(calls.retry(orm.em.fork(), '6f1c9a5e-2b1d-4c8e-9a51-000000000009', administrator))).toBe(
      'CA_CALL_NOT_FOUND',
    );
    const failed = await call('failed', 1);
    expect(await codeOf(calls.settle(orm.em.fork(), failed.id, 'why', auditor))).toBe('FORBIDDEN');
  });
});
