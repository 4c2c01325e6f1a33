import { randomUUID } from 'node:crypto';
import type { RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { Subscriber } from '../subscribers/subscriber.entity';

/** An insured unit with made-up contact data and a fresh social-insurance number; `fields` override any of it. */
export function unitSubscriber(em: EntityManager, fields: Partial<RequiredEntityData<Subscriber>> = {}): Subscriber {
  return em.create(Subscriber, {
    kind: 'unit',
    socialInsuranceNumber: `SI-${randomUUID()}`.slice(0, 20),
    name: 'unit',
    contactName: 'c',
    contactPhone: '13800138000',
    region: 'r',
    agency: 'a',
    ...fields,
  });
}

/** A new organisation certificate applied for at the counter by a new unit, stored. */
export async function counterApplication(orm: MikroORM): Promise<CertificateApplication> {
  const em = orm.em.fork();
  const application = em.create(CertificateApplication, {
    businessType: 'new',
    certificateKind: 'organization',
    subscriber: unitSubscriber(em),
  });
  await em.flush();
  return application;
}

/** A valid resident ID number (GB 11643 check digit) for the applicant or officer of test applications (RA-14). */
export const officerIdNumber = '440303198503121239';
