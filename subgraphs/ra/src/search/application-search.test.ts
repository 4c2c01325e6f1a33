import type { MikroORM } from '@mikro-orm/postgresql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { raDatabase } from '../testing/ra-database';
import { unitSubscriber } from '../testing/subscribers';
import { searchApplications } from './application-search';

let orm: MikroORM;
let steel: CertificateApplication;
let steelRenewal: CertificateApplication;
let mine: CertificateApplication;

beforeAll(async () => {
  orm = await raDatabase();
  const em = orm.em.fork();
  const steelWorks = unitSubscriber(em, {
    name: '太原钢铁（集团）有限公司',
    socialInsuranceNumber: '140100012345',
    creditCode: '91140100MA0K3R4P5Q',
  });
  const mining = unitSubscriber(em, {
    name: '晋阳煤业 100%_股份',
    socialInsuranceNumber: '140200054321',
    creditCode: '91140200MA0XYZ1234',
  });
  steel = em.create(CertificateApplication, { businessType: 'new', subscriber: steelWorks });
  steelRenewal = em.create(CertificateApplication, {
    businessType: 'renewal',
    subscriber: steelWorks,
    state: 'entered',
  });
  mine = em.create(CertificateApplication, { businessType: 'new', subscriber: mining });
  await em.flush();
});
afterAll(() => orm?.close());

const ids = async (text: string, options?: Parameters<typeof searchApplications>[2]) =>
  (await searchApplications(orm.em.fork(), text, options)).map((a) => a.id).sort();

describe('one search by name, social-insurance number, credit code or application number (issue 17 item 7)', () => {
  it('finds by part of the subscriber’s name, whatever its case, with LIKE’s wildcards taken literally', async () => {
    expect(await ids('钢铁')).toEqual([steel.id, steelRenewal.id].sort());
    expect(await ids('100%_')).toEqual([mine.id]);
    expect(await ids('%')).toEqual([mine.id]);
    expect(await ids('_')).toEqual([mine.id]);
  });

  it('finds by the social-insurance number from its start, not from its middle', async () => {
    expect(await ids('140100012345')).toEqual([steel.id, steelRenewal.id].sort());
    expect(await ids('1402')).toEqual([mine.id]);
    expect(await ids('00054321')).toEqual([]);
  });

  it('finds by the unified social credit code in any case', async () => {
    expect(await ids('91140200ma0xyz1234')).toEqual([mine.id]);
    expect(await ids(' 91140100MA0K3R4P5Q ')).toEqual([steel.id, steelRenewal.id].sort());
  });

  it('finds by the application number printed on the form, whole or its first eight characters, in any case', async () => {
    expect(await ids(mine.id)).toEqual([mine.id]);
    expect(await ids(mine.id.toUpperCase())).toEqual([mine.id]);
    expect(await ids(steelRenewal.id.slice(0, 8))).toEqual([steelRenewal.id]);
  });

  it('keeps to one state when asked (a queue), and refuses an empty or overlong text as bad input', async () => {
    expect(await ids('钢铁', { state: 'entered' })).toEqual([steelRenewal.id]);
    await expect(searchApplications(orm.em.fork(), '  ')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(searchApplications(orm.em.fork(), 'x'.repeat(101))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
