import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger, withScope } from '@tessera/kit';
import { pdfFile } from '../testing/document-files';
import { raDatabase } from '../testing/ra-database';
import { counterApplication } from '../testing/subscribers';
import { ApplicationDocument } from './application-document.entity';
import { DirectoryDocumentStore, type DocumentStore, PostgresDocumentStore, sha256Hex } from './document-store';
import { Documents } from './documents';

let orm: MikroORM;
let directory: string;

beforeAll(async () => {
  orm = await raDatabase();
  directory = await mkdtemp(path.join(tmpdir(), 'tessera-documents-'));
});
afterAll(async () => {
  await orm?.close();
  await rm(directory, { recursive: true, force: true });
});

/** The stored column, read past the entity (lazy) as the database has it. */
async function column(applicationId: string): Promise<Buffer | null> {
  const rows: { content: Buffer | null }[] = await orm.em
    .fork()
    .getConnection()
    .execute('select content from "ra"."application_document" where application_id = ? and document_type = ?', [
      applicationId,
      'business_license',
    ]);
  return rows[0]?.content ?? null;
}

describe('where uploaded documents are kept (RA item 5, RA-10)', () => {
  it('Postgres: keeps the copy in the row and reads it back verified', async () => {
    const documents = new Documents(new PostgresDocumentStore());
    const application = await counterApplication(orm);
    const content = pdfFile('postgres');
    const row = await documents.upload(orm.em.fork(), application, 'business_license', content);
    expect(row.sha256).toBe(sha256Hex(content));
    expect(await column(application.id)).toEqual(content);
    const { content: read } = await documents.read(orm.em.fork(), application, 'business_license');
    expect(read).toEqual(content);

    await orm.em
      .fork()
      .getConnection()
      .execute('update "ra"."application_document" set content = ? where id = ?', [pdfFile('tampered'), row.id]);
    await expect(documents.read(orm.em.fork(), application, 'business_license')).rejects.toMatchObject({
      code: 'DOCUMENT_CONTENT_CORRUPT',
    });
  });

  it('RA-10: a check keeps the uploaded copy and its id, in one statement, and a check without an upload counts too', async () => {
    const documents = new Documents(new PostgresDocumentStore());
    const application = await counterApplication(orm);
    const content = pdfFile('checked');
    const uploaded = await documents.upload(orm.em.fork(), application, 'business_license', content);
    const scope = {
      requestId: 'document-check',
      locale: 'zh-CN' as const,
      log: createLogger({ service: 'ra-test', level: 'silent' }),
      sqlStatements: 0,
    };
    const checked = await withScope(scope, () =>
      documents.check(orm.em.fork(), application, 'business_license', 'entry-1'),
    );
    expect(scope.sqlStatements).toBe(1);
    expect(checked).toMatchObject({ id: uploaded.id, sha256: sha256Hex(content), checkedBy: 'entry-1' });
    const { content: read } = await documents.read(orm.em.fork(), application, 'business_license');
    expect(read).toEqual(content);
    await documents.check(orm.em.fork(), application, 'application_form', 'entry-1');
    const items = await documents.checklist(orm.em.fork(), application);
    expect(items.filter((i) => i.checked).map((i) => i.documentType)).toEqual(
      expect.arrayContaining(['business_license', 'application_form']),
    );
    await expect(
      documents.check(orm.em.fork(), { id: '00000000-0000-4000-8000-000000000000' }, 'application_form', 'entry-1'),
    ).rejects.toMatchObject({ code: 'APPLICATION_NOT_FOUND' });
    await expect(documents.check(orm.em.fork(), application, 'unlock_form', 'entry-1')).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_REQUIRED',
    });
    expect((await orm.em.fork().find(ApplicationDocument, { application: application.id })).length).toBe(2);
    await documents.upload(orm.em.fork(), application, 'business_license', pdfFile('replaced'));
    const again = await documents.checklist(orm.em.fork(), application);
    expect(again.find((i) => i.documentType === 'business_license')?.checked).toBe(false);
  });

  it('directory: names the file by its SHA-256, leaves the column empty, keeps one copy of equal content', async () => {
    const store = new DirectoryDocumentStore(directory);
    const documents = new Documents(store);
    const content = pdfFile('directory');
    const sha256 = sha256Hex(content);
    const first = await counterApplication(orm);
    const second = await counterApplication(orm);
    await documents.upload(orm.em.fork(), first, 'business_license', content);
    await documents.upload(orm.em.fork(), second, 'business_license', content);

    expect(await readFile(store.pathOf(sha256))).toEqual(content);
    expect(store.pathOf(sha256)).toBe(path.join(directory, sha256.slice(0, 2), sha256));
    expect(await readdir(path.join(directory, sha256.slice(0, 2)))).toEqual([sha256]);
    expect(await column(first.id)).toBeNull();
    expect((await documents.read(orm.em.fork(), second, 'business_license')).content).toEqual(content);
  });

  it('directory: refuses a copy that no longer has its hash, and says so when the file is gone', async () => {
    const store = new DirectoryDocumentStore(directory);
    const documents = new Documents(store);
    const content = pdfFile('damaged later');
    const application = await counterApplication(orm);
    await documents.upload(orm.em.fork(), application, 'business_license', content);
    const file = store.pathOf(sha256Hex(content));

    await writeFile(file, pdfFile('damaged later!'));
    await expect(documents.read(orm.em.fork(), application, 'business_license')).rejects.toMatchObject({
      code: 'DOCUMENT_CONTENT_CORRUPT',
    });
    // Uploading the same content again replaces the damaged file.
    await documents.upload(orm.em.fork(), application, 'business_license', content);
    expect((await documents.read(orm.em.fork(), application, 'business_license')).content).toEqual(content);

    await rm(file);
    await expect(documents.read(orm.em.fork(), application, 'business_license')).rejects.toMatchObject({
      code: 'DOCUMENT_CONTENT_MISSING',
    });
  });

  it('directory: writes through a temporary file renamed into place, leaving no temporary behind', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'tessera-atomic-'));
    const store: DocumentStore = new DirectoryDocumentStore(root);
    const content = pdfFile('atomic');
    const row = Object.assign(new ApplicationDocument(), {
      documentType: 'business_license',
      sha256: sha256Hex(content),
    });
    await store.save(row, content);
    const files = await readdir(path.join(root, row.sha256?.slice(0, 2) as string));
    expect(files).toEqual([row.sha256]);
    expect(row.content).toBeNull();
    await rm(root, { recursive: true, force: true });
  });

  it('refuses to read a document that was never uploaded', async () => {
    const application = await counterApplication(orm);
    await expect(
      new Documents(new PostgresDocumentStore()).read(orm.em.fork(), application, 'business_license'),
    ).rejects.toMatchObject({
      code: 'DOCUMENT_CONTENT_MISSING',
    });
  });
});
