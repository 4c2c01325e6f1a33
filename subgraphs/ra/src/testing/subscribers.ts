import { randomUUID } from 'node:crypto';
import type { RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { Subscriber } from '../subscribers/subscriber.entity';
import { type SubscriberInput, Subscribers } from '../subscribers/subscribers';

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

let registeredUnits = 0;

/** An insured unit registered through the RA's own checks (RA-15), with a fresh social-insurance number. */
export function registeredUnit(em: EntityManager, fields: Partial<SubscriberInput> = {}): Promise<Subscriber> {
  registeredUnits += 1;
  return new Subscribers().register(em, {
    kind: 'unit',
    socialInsuranceNumber: `14010${String(1000 + registeredUnits)}`,
    name: 'Taiyuan Steel Works',
    creditCode: '91440300MA5F0K3R4P',
    contactName: '王五',
    contactPhone: '13800138000',
    region: '太原市',
    agency: '太原市社会保险管理中心',
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
