import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DocumentObjectStorage } from '@tessera/kit';
import S3rver from 's3rver';

/** A real S3-compatible server (s3rver) on 127.0.0.1 with an empty bucket, for tests (jest only). */
export interface TestObjectStorage {
  storage: Required<DocumentObjectStorage>;
  /** Where s3rver keeps the bucket's objects on disk. */
  directory: string;
  close(): Promise<void>;
}

export async function testObjectStorage(bucket = 'documents'): Promise<TestObjectStorage> {
  const directory = await mkdtemp(path.join(tmpdir(), 'tessera-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    storage: {
      url: `http://127.0.0.1:${port}`,
      bucket,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    },
    directory,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
