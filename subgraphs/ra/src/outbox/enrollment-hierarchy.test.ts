import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '@tessera/kit';
import { CertificateApplication } from '../applications/certificate-application.entity';
import type { EnrollmentRequest } from '../certificate-authority/certificate-authority-client';
import { enrollingAuthority } from '../testing/enrolling-authority';
import { raDatabase } from '../testing/ra-database';
import { unitSubscriber } from '../testing/subscribers';
import { OutboxDispatcher } from './dispatcher';
import { Outbox } from './outbox';

let orm: MikroORM;
const log = createLogger({ service: 'ra-test', level: 'silent' });

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

/** An approved server application choosing `hierarchy` (none: the default), its enrollment delivered; the request sent. */
async function enrollmentOf(hierarchy?: 'international' | 'sm2'): Promise<EnrollmentRequest | undefined> {
  const em = orm.em.fork();
  const subscriber = unitSubscriber(em, { name: '太原钢铁' });
  const application = em.create(CertificateApplication, {
    businessType: 'new',
    certificateKind: 'server',
    dnsNames: ['gm.example.cn'],
    subscriber,
    ...(hierarchy ? { hierarchy } : {}),
  });
  await em.flush();
  await em.transactional(async (tx) => tx.persist(new Outbox().requestEnrollment(tx, application, subscriber)));
  const { authority, requests } = enrollingAuthority();
  await new OutboxDispatcher(orm.em, authority, log).dispatchDue();
  return requests.find((request) => request.applicationReference.includes(application.id));
}

describe('the algorithm an application chose goes with its enrollment (issue 14 item 2, RA-11)', () => {
  it('国密: an SM2 application asks the certificate subgraph for an enrollment under the SM2 hierarchy', async () => {
    expect((await enrollmentOf('sm2'))?.hierarchy).toBe('SM2');
  });

  it('国际: an application that chose nothing is international, as every application before the choice was', async () => {
    expect((await enrollmentOf())?.hierarchy).toBe('INTERNATIONAL');
    expect((await enrollmentOf('international'))?.hierarchy).toBe('INTERNATIONAL');
  });
});
