import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Config, ConfigError } from '@tessera/kit';
import { DirectoryDocumentStore, type DocumentStore, PostgresDocumentStore } from './document-store';
import { ObjectStorageDocumentStore } from './object-storage-document-store';
import { ObjectStorageOrphanSweep } from './object-storage-orphan-sweep';
import { type DocumentSweep, OrphanDocumentSweep } from './orphan-document-sweep';

/** The document store the configuration chooses, and the hourly sweep of its unnamed copies (none in Postgres). */
export interface ConfiguredDocumentStore {
  store: DocumentStore;
  sweep(em: EntityManager): DocumentSweep | undefined;
}

/**
 * PostgreSQL unless `RA_DOCUMENTS_DIR` or `RA_DOCUMENTS_S3_BUCKET` says otherwise; never both, never
 * S3 with a part missing, and in production never a directory the operator has not declared
 * shared (`RA_DOCUMENTS_DIR_SHARED`): a copy on one replica's disk is missing on the others.
 */
export function configuredDocumentStore(config: Pick<Config, 'env' | 'ra'>): ConfiguredDocumentStore {
  const { documentsDir, documentsDirShared, documentsS3 } = config.ra;
  if (documentsDir && documentsS3) {
    throw new ConfigError(['RA_DOCUMENTS_DIR and RA_DOCUMENTS_S3_BUCKET: documents are kept in one place, not both']);
  }
  if (documentsS3) {
    const { url, accessKeyId, secretAccessKey } = documentsS3;
    const missing = Object.entries({
      RA_DOCUMENTS_S3_URL: url,
      RA_DOCUMENTS_S3_ACCESS_KEY_ID: accessKeyId,
      RA_DOCUMENTS_S3_SECRET_ACCESS_KEY: secretAccessKey,
    }).filter(([, value]) => !value);
    if (url && accessKeyId && secretAccessKey) {
      const store = new ObjectStorageDocumentStore({ ...documentsS3, url, accessKeyId, secretAccessKey });
      return { store, sweep: (em) => new ObjectStorageOrphanSweep(em, store) };
    }
    throw new ConfigError(missing.map(([name]) => `${name}: required with RA_DOCUMENTS_S3_BUCKET`));
  }
  if (documentsDir) {
    if (config.env === 'production' && !documentsDirShared) {
      throw new ConfigError([
        'RA_DOCUMENTS_DIR: in production only with RA_DOCUMENTS_DIR_SHARED=true (storage every RA replica sees); otherwise use RA_DOCUMENTS_S3_* or leave both unset (PostgreSQL)',
      ]);
    }
    const store = new DirectoryDocumentStore(path.resolve(documentsDir));
    return { store, sweep: (em) => new OrphanDocumentSweep(em, store) };
  }
  return { store: new PostgresDocumentStore(), sweep: () => undefined };
}
