import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AwsClient } from 'aws4fetch';
import { pdfFile } from '../testing/document-files';
import { type TestObjectStorage, testObjectStorage } from '../testing/object-storage';
import { raDatabase } from '../testing/ra-database';
import { counterApplication } from '../testing/subscribers';
import { ApplicationDocument } from './application-document.entity';
import { DirectoryDocumentStore, type DocumentStore, PostgresDocumentStore, sha256Hex } from './document-store';
import { Documents } from './documents';
import { ObjectStorageDocumentStore } from './object-storage-document-store';
import { ObjectStorageOrphanSweep } from './object-storage-orphan-sweep';
import { type DocumentSweep, OrphanDocumentSweep } from './orphan-document-sweep';

let orm: MikroORM;
let directory: string;
let objectStorage: TestObjectStorage;
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  orm = await raDatabase();
  directory = await mkdtemp(path.join(tmpdir(), 'tessera-contract-'));
  objectStorage = await testObjectStorage();
});
afterAll(async () => {
  await orm?.close();
  await objectStorage?.close();
  await rm(directory, { recursive: true, force: true });
});

/** One store under test, and how a test damages or loses a copy behind its back. */
interface StoreUnderTest {
  store: () => DocumentStore;
  replace: (sha256: string, rowId: string, content: Buffer) => Promise<void>;
  lose: (sha256: string, rowId: string) => Promise<void>;
  sweep?: () => DocumentSweep;
}

const column = (rowId: string, content: Buffer | null) =>
  orm.em
    .fork()
    .getConnection()
    .execute('update "ra"."application_document" set content = ? where id = ?', [content, rowId]);

const s3 = () => new ObjectStorageDocumentStore(objectStorage.storage);
/** A PUT past the store, as another client of the bucket would make it. */
async function putObject(key: string, content: Buffer): Promise<void> {
  const { url, bucket, region, accessKeyId, secretAccessKey } = objectStorage.storage;
  const client = new AwsClient({ accessKeyId, secretAccessKey, region, service: 's3' });
  const response = await client.fetch(`${url}/${bucket}/${key}`, { method: 'PUT', body: content });
  expect(response.status).toBe(200);
}

const stores: [string, StoreUnderTest][] = [
  [
    'PostgreSQL',
    {
      store: () => new PostgresDocumentStore(),
      replace: (_sha256, rowId, content) => column(rowId, content).then(() => undefined),
      lose: (_sha256, rowId) => column(rowId, null).then(() => undefined),
    },
  ],
  [
    'directory',
    {
      store: () => new DirectoryDocumentStore(directory),
      replace: (sha256, _rowId, content) => writeFile(new DirectoryDocumentStore(directory).pathOf(sha256), content),
      lose: (sha256) => rm(new DirectoryDocumentStore(directory).pathOf(sha256)),
      sweep: () => new OrphanDocumentSweep(orm.em, new DirectoryDocumentStore(directory)),
    },
  ],
  [
    'S3-compatible object storage (s3rver on 127.0.0.1)',
    {
      store: s3,
      replace: (sha256, _rowId, content) => putObject(sha256, content),
      lose: (sha256) => s3().remove(sha256),
      sweep: () => new ObjectStorageOrphanSweep(orm.em, s3()),
    },
  ],
];

describe.each(stores)(
  'the %s document store (RA item 5, RA-10: a copy is read back only with its hash)',
  (_name, under) => {
    const documents = () => new Documents(under.store());
    const upload = async (title: string) => {
      const application = await counterApplication(orm);
      const content = pdfFile(`${_name} ${title}`);
      const row = await documents().upload(orm.em.fork(), application, 'business_license', content);
      return { application, content, row };
    };

    it('keeps an upload under its SHA-256 and reads it back', async () => {
      const { application, content, row } = await upload('kept');
      expect(row.sha256).toBe(sha256Hex(content));
      expect((await documents().read(orm.em.fork(), application, 'business_license')).content).toEqual(content);
    });

    it('refuses a copy that no longer has its hash', async () => {
      const { application, content, row } = await upload('altered');
      await under.replace(sha256Hex(content), row.id, pdfFile(`${_name} altered!`));
      await expect(documents().read(orm.em.fork(), application, 'business_license')).rejects.toMatchObject({
        code: 'DOCUMENT_CONTENT_CORRUPT',
      });
    });

    it('writes the same content again without harm, for the same or another application', async () => {
      const { application, content } = await upload('twice');
      await documents().upload(orm.em.fork(), application, 'business_license', content);
      const other = await counterApplication(orm);
      await documents().upload(orm.em.fork(), other, 'business_license', content);
      for (const each of [application, other]) {
        expect((await documents().read(orm.em.fork(), each, 'business_license')).content).toEqual(content);
      }
    });

    it('says DOCUMENT_CONTENT_MISSING when the copy is gone', async () => {
      const { application, content, row } = await upload('lost');
      await under.lose(sha256Hex(content), row.id);
      await expect(documents().read(orm.em.fork(), application, 'business_license')).rejects.toMatchObject({
        code: 'DOCUMENT_CONTENT_MISSING',
      });
    });

    const sweeps = under.sweep ? it : it.skip;
    sweeps('sweeps a copy no row has named for a day, never one a row names', async () => {
      const sweep = under.sweep as () => DocumentSweep;
      const { application, content: replaced } = await upload('replaced');
      const current = pdfFile(`${_name} current`);
      await documents().upload(orm.em.fork(), application, 'business_license', current);

      expect((await sweep().run()).removed).toBe(0);
      const outcome = await sweep().run(new Date(Date.now() + 2 * day));
      expect(outcome.removed).toBeGreaterThanOrEqual(1);
      expect((await documents().read(orm.em.fork(), application, 'business_license')).content).toEqual(current);
      const orphan = Object.assign(new ApplicationDocument(), {
        documentType: 'business_license',
        sha256: sha256Hex(replaced),
      });
      await expect(under.store().read(orm.em.fork(), orphan)).rejects.toMatchObject({
        code: 'DOCUMENT_CONTENT_MISSING',
      });
    });
  },
);

/** Object storage only. s3rver checks the access key id of a Signature Version 4 request, not the signature itself. */
describe('the object storage document store', () => {
  it('is refused by the storage with an unknown access key id, and keeps nothing', async () => {
    const content = pdfFile('wrong key');
    const row = Object.assign(new ApplicationDocument(), {
      documentType: 'business_license',
      sha256: sha256Hex(content),
    });
    const wrong = new ObjectStorageDocumentStore({ ...objectStorage.storage, accessKeyId: 'NOT-A-KEY' });
    await expect(wrong.save(row, content)).rejects.toThrow(/PUT answered 403 InvalidAccessKeyId/);
    await expect(s3().read(orm.em.fork(), row)).rejects.toMatchObject({ code: 'DOCUMENT_CONTENT_MISSING' });
  });

  it('lists every object of the bucket page by page, and only copies', async () => {
    for (const title of ['one', 'two', 'three', 'four', 'five']) {
      const content = pdfFile(`listed ${title}`);
      await putObject(sha256Hex(content), content);
    }
    await putObject('not-a-copy.txt', Buffer.from('someone else'));
    const listed: string[] = [];
    for await (const object of s3().objects(2)) listed.push(object.sha256);
    const all: string[] = [];
    for await (const object of s3().objects()) all.push(object.sha256);
    expect(listed.length).toBeGreaterThan(2);
    expect(listed).toEqual(all);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.every((key) => /^[0-9a-f]{64}$/.test(key))).toBe(true);
  });
});
