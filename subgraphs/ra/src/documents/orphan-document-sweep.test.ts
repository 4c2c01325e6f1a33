import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { CertificateApplication } from '../applications/certificate-application.entity';
import { pdfFile } from '../testing/document-files';
import { raDatabase } from '../testing/ra-database';
import { counterApplication } from '../testing/subscribers';
import { ApplicationDocument } from './application-document.entity';
import { DirectoryDocumentStore, sha256Hex } from './document-store';
import { Documents } from './documents';
import { OrphanDocumentSweep } from './orphan-document-sweep';

let orm: MikroORM;
let directory: string;
let store: DirectoryDocumentStore;
let documents: Documents;
let sweep: OrphanDocumentSweep;
const day = 24 * 60 * 60 * 1000;
const daysFromNow = (days: number) => new Date(Date.now() + days * day);

beforeAll(async () => {
  orm = await raDatabase();
});
afterAll(() => orm?.close());

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'tessera-sweep-'));
  store = new DirectoryDocumentStore(directory);
  documents = new Documents(store);
  sweep = new OrphanDocumentSweep(orm.em, store);
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const upload = (application: CertificateApplication, content: Buffer) =>
  documents.upload(orm.em.fork(), application, 'business_license', content);

async function filesOnDisk(): Promise<string[]> {
  const names: string[] = [];
  for (const folder of await readdir(directory, { withFileTypes: true })) {
    if (folder.isDirectory()) names.push(...(await readdir(path.join(directory, folder.name))));
  }
  return names.sort();
}

/** Makes a file look untouched for `days` days. */
async function age(file: string, days: number): Promise<void> {
  const then = daysFromNow(-days);
  await utimes(file, then, then);
}

describe('sweeping document files no row names (RA item 5; RA-10: every copy a row names stays readable)', () => {
  it('removes the copy of a replaced upload once the grace period is over, never one a row still names', async () => {
    const [first, second, third] = [
      await counterApplication(orm),
      await counterApplication(orm),
      await counterApplication(orm),
    ];
    const [shared, replacement, replaced, current] = ['shared', 'replacement', 'replaced', 'current'].map((title) =>
      pdfFile(title),
    ) as [Buffer, Buffer, Buffer, Buffer];
    await upload(first, shared);
    await upload(second, shared);
    await upload(first, replacement);
    await upload(third, replaced);
    await upload(third, current);

    expect(await sweep.run()).toEqual({ removed: 0, unfinished: 0 });
    expect(await filesOnDisk()).toHaveLength(4);

    expect(await sweep.run(daysFromNow(2))).toEqual({ removed: 1, unfinished: 0 });
    expect(await filesOnDisk()).toEqual([shared, replacement, current].map(sha256Hex).sort());
    for (const [application, content] of [
      [first, replacement],
      [second, shared],
      [third, current],
    ] as const) {
      expect((await documents.read(orm.em.fork(), application, 'business_license')).content).toEqual(content);
    }
  });

  it('removes what a write cut short left behind, once the grace period is over', async () => {
    const sha256 = sha256Hex(pdfFile('cut short'));
    const unfinished = `${store.pathOf(sha256)}.${randomUUID()}.tmp`;
    await writeFile(path.join(directory, 'unrelated.txt'), 'not ours');
    await upload(await counterApplication(orm), pdfFile('kept'));
    await mkdir(path.dirname(unfinished), { recursive: true });
    await writeFile(unfinished, 'half a file');

    expect(await sweep.run()).toEqual({ removed: 0, unfinished: 0 });
    expect(await sweep.run(daysFromNow(2))).toEqual({ removed: 0, unfinished: 1 });
    expect(await filesOnDisk()).toEqual([sha256Hex(pdfFile('kept'))]);
  });

  it('keeps an old orphan that an upload of the same content has just used again, before its row commits', async () => {
    const content = pdfFile('used again');
    const sha256 = sha256Hex(content);
    const application = await counterApplication(orm);
    await upload(application, content);
    await orm.em.fork().nativeDelete(ApplicationDocument, { application });
    await age(store.pathOf(sha256), 3);

    // An upload of the same content has saved its copy; its row is not written yet.
    const pending = Object.assign(new ApplicationDocument(), { documentType: 'business_license', sha256 });
    await store.save(pending, content);
    expect(await sweep.run()).toEqual({ removed: 0, unfinished: 0 });
    expect(await filesOnDisk()).toEqual([sha256]);

    await age(store.pathOf(sha256), 3);
    expect(await sweep.run()).toEqual({ removed: 1, unfinished: 0 });
    expect(await filesOnDisk()).toEqual([]);
  });

  it('puts back a file that a sweep set aside and a crash left there, then judges it again', async () => {
    const content = pdfFile('set aside');
    const application = await counterApplication(orm);
    await upload(application, content);
    const file = store.pathOf(sha256Hex(content));
    await rename(file, `${file}.${randomUUID()}.sweep`);

    await sweep.run(new Date(Date.now() + 60 * 60 * 1000));
    expect(await filesOnDisk()).toEqual([sha256Hex(content)]);
    expect((await documents.read(orm.em.fork(), application, 'business_license')).content).toEqual(content);
  });
});
