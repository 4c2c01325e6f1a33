import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '@tessera/kit';
import { configuredDocumentStore } from './configured-document-store';
import { DirectoryDocumentStore, PostgresDocumentStore } from './document-store';
import { ObjectStorageDocumentStore } from './object-storage-document-store';

const s3 = {
  RA_DOCUMENTS_S3_URL: 'http://127.0.0.1:9000',
  RA_DOCUMENTS_S3_BUCKET: 'documents',
  RA_DOCUMENTS_S3_ACCESS_KEY_ID: 'id',
  RA_DOCUMENTS_S3_SECRET_ACCESS_KEY: 'secret',
};
const chosen = (env: Record<string, string>) => configuredDocumentStore(loadConfig(env));

describe('where the configuration keeps uploaded documents (RA item 5; issue 13: never only on one replica)', () => {
  it('PostgreSQL when nothing is configured, with no sweep', () => {
    const { store, sweep } = chosen({});
    expect(store).toBeInstanceOf(PostgresDocumentStore);
    expect(sweep(undefined as never)).toBeUndefined();
  });

  it('the directory of RA_DOCUMENTS_DIR, resolved', () => {
    const { store } = chosen({ RA_DOCUMENTS_DIR: 'relative/documents' });
    expect(store).toBeInstanceOf(DirectoryDocumentStore);
    expect((store as DirectoryDocumentStore).directory).toBe(path.resolve('relative/documents'));
  });

  it('object storage when RA_DOCUMENTS_S3_BUCKET is set, its secret also from a *_FILE', () => {
    expect(chosen(s3).store).toBeInstanceOf(ObjectStorageDocumentStore);
    const secretFile = path.join(mkdtempSync(path.join(tmpdir(), 'tessera-s3-secret-')), 'secret');
    writeFileSync(secretFile, 'secret\n');
    const { RA_DOCUMENTS_S3_SECRET_ACCESS_KEY: _secret, ...rest } = s3;
    expect(loadConfig({ ...rest, RA_DOCUMENTS_S3_SECRET_ACCESS_KEY_FILE: secretFile }).ra.documentsS3).toEqual({
      url: 'http://127.0.0.1:9000',
      bucket: 'documents',
      region: 'us-east-1',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
    });
  });

  it('refuses object storage with a part missing, and a directory together with object storage', () => {
    const { RA_DOCUMENTS_S3_SECRET_ACCESS_KEY: _secret, ...withoutSecret } = s3;
    expect(() => chosen(withoutSecret)).toThrow(ConfigError);
    expect(() => chosen(withoutSecret)).toThrow(/RA_DOCUMENTS_S3_SECRET_ACCESS_KEY/);
    expect(() => chosen({ ...s3, RA_DOCUMENTS_DIR: '/srv/documents' })).toThrow(ConfigError);
  });

  it('in production, refuses a directory the operator has not declared shared by every replica', () => {
    const production = { NODE_ENV: 'production', RA_DOCUMENTS_DIR: '/srv/documents' };
    const refused = (() => {
      try {
        configuredDocumentStore({ env: 'production', ra: loadConfig(production).ra });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ConfigError);
    expect(String(refused)).toMatch(/RA_DOCUMENTS_DIR_SHARED/);
    const shared = { ...loadConfig({ ...production, RA_DOCUMENTS_DIR_SHARED: 'true' }).ra };
    expect(configuredDocumentStore({ env: 'production', ra: shared }).store).toBeInstanceOf(DirectoryDocumentStore);
    expect(chosen({ RA_DOCUMENTS_DIR: '/srv/documents' }).store).toBeInstanceOf(DirectoryDocumentStore);
  });
});
