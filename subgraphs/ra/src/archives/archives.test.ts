import type { MikroORM } from '@mikro-orm/postgresql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { Subscriber } from '../subscribers/subscriber.entity';
import { raDatabase } from '../testing/ra-database';
import { unitSubscriber } from '../testing/subscribers';
import { ArchiveBox } from './archive-box.entity';
import { Archives, boxesPerCabinet, boxLabel } from './archives';

let orm: MikroORM;
const archives = new Archives();

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

async function archiveMany(businessType: 'new' | 'renewal', count: number, offset: number) {
  const em = orm.em.fork();
  const items = Array.from({ length: count }, (_, i) => {
    const subscriber = unitSubscriber(em, {
      socialInsuranceNumber: `SI${String(offset + count - i).padStart(6, '0')}`,
      name: `unit ${offset + i}`,
    });
    return { subscriber, application: em.create(CertificateApplication, { businessType, subscriber }) };
  });
  await em.flush();
  for (const {
    subscriber,
    application: { id },
  } of items) {
    await em.fork().transactional(async (tx) => {
      const application = await tx.findOneOrFail(CertificateApplication, id);
      for (const write of await archives.place(tx, application, subscriber, 'archive-1'))
        await tx.getConnection().execute(write.sql, [...write.bindings], 'run', tx.getTransactionContext());
    });
  }
}

describe('paper archives (RA-16)', () => {
  it('puts 100 new-issuance files in a box and opens the next one for the 101st', async () => {
    await archiveMany('new', 101, 0);
    const boxes = await orm.em.fork().find(ArchiveBox, { series: 'new' }, { orderBy: { number: 'asc' } });
    expect(boxes.map((b) => [b.number, b.fileCount, b.capacity])).toEqual([
      [1, 100, 100],
      [2, 1, 100],
    ]);
  });

  it('puts 150 renewal files in a box', async () => {
    await archiveMany('renewal', 151, 1000);
    const boxes = await orm.em.fork().find(ArchiveBox, { series: 'renewal' }, { orderBy: { number: 'asc' } });
    expect(boxes.map((b) => b.fileCount)).toEqual([150, 1]);
  });

  it('lists a box in social-insurance-number order and labels it with its cabinet', async () => {
    const box = await orm.em.fork().findOneOrFail(ArchiveBox, { series: 'new', number: 1 });
    const files = await archives.contents(orm.em.fork(), box);
    const numbers = files.map((f) => f.socialInsuranceNumber);
    expect(numbers).toEqual([...numbers].sort());
    expect(boxLabel(box)).toBe('新制-0001 (柜 1)');
    expect(boxLabel({ series: 'renewal', number: boxesPerCabinet + 1, cabinet: 2 })).toBe('更新-0021 (柜 2)');
  });

  it('lists the cabinets of each series with their boxes in number order', async () => {
    const cabinets = await archives.cabinets(orm.em.fork());
    expect(cabinets.map((c) => [c.series, c.number, c.boxes.map((b) => b.number)])).toEqual([
      ['new', 1, [1, 2]],
      ['renewal', 1, [1, 2]],
    ]);
  });

  it('finds the box of an application and its place in the box; not archived yet is null, no such application an error', async () => {
    const em = orm.em.fork();
    const box = await em.findOneOrFail(ArchiveBox, { series: 'new', number: 1 });
    const files = await archives.contents(em, box);
    const tenth = files[9] as (typeof files)[number];
    const found = await archives.fileOf(orm.em.fork(), tenth.application.id);
    expect(found?.box.id).toBe(box.id);
    expect(await archives.position(orm.em.fork(), found as NonNullable<typeof found>)).toBe(10);

    const waiting = orm.em.fork();
    const subscriber = await waiting.findOneOrFail(Subscriber, { socialInsuranceNumber: 'SI000001' });
    const pending = waiting.create(CertificateApplication, { businessType: 'new', subscriber });
    await waiting.flush();
    expect(await archives.fileOf(orm.em.fork(), pending.id)).toBeNull();
    await expect(archives.fileOf(orm.em.fork(), '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      code: 'APPLICATION_NOT_FOUND',
    });
    await expect(archives.fileOf(orm.em.fork(), 'not-an-id')).rejects.toMatchObject({ code: 'APPLICATION_NOT_FOUND' });
  });

  it('prints a label with the series, box, cabinet, count and the range of social-insurance numbers', async () => {
    const box = await orm.em.fork().findOneOrFail(ArchiveBox, { series: 'new', number: 1 });
    const label = await archives.label(orm.em.fork(), box);
    expect(label).toMatchObject({
      title: '新制-0001 (柜 1)',
      series: '新制',
      box: 1,
      cabinet: 1,
      fileCount: 100,
      capacity: 100,
      firstSocialInsuranceNumber: 'SI000002',
      lastSocialInsuranceNumber: 'SI000101',
    });
    expect(label.firstArchivedAt?.getTime()).toBeLessThanOrEqual(label.lastArchivedAt?.getTime() as number);
  });
});
