import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentObjectStorage } from '@tessera/kit';
import { AwsClient } from 'aws4fetch';
import { XMLParser } from 'fast-xml-parser';
import type { ApplicationDocument } from './application-document.entity';
import { type DocumentStore, keyOf, verified } from './document-store';

/** One object of the bucket: its key (a SHA-256) and when it was last written. */
export interface StoredObject {
  sha256: string;
  lastModified: Date;
}

/** A request to the object storage that must not hang a resolver or a sweep. */
const requestTimeoutMs = 30_000;

const listing = new XMLParser({ isArray: (name) => name === 'Contents', parseTagValue: false });

/**
 * Copies in S3-compatible object storage (`RA_DOCUMENTS_S3_*`, path-style `<url>/<bucket>/<sha256>`,
 * requests signed with AWS Signature Version 4 by `aws4fetch`): every replica sees the same
 * objects, the same content is kept once, and the row's own column stays empty. A write is one PUT
 * of the whole object (S3 never shows half an object; the signed payload hash makes the storage
 * refuse a damaged body), and writing content that is already there again only refreshes its
 * modification time, which keeps the `ObjectStorageOrphanSweep` off it.
 */
export class ObjectStorageDocumentStore implements DocumentStore {
  private readonly client: AwsClient;
  private readonly bucketUrl: string;

  constructor(storage: Required<DocumentObjectStorage>) {
    this.client = new AwsClient({
      accessKeyId: storage.accessKeyId,
      secretAccessKey: storage.secretAccessKey,
      service: 's3',
      region: storage.region,
      retries: 2,
    });
    this.bucketUrl = `${storage.url.replace(/\/+$/, '')}/${encodeURIComponent(storage.bucket)}`;
  }

  async save(row: ApplicationDocument, content: Buffer): Promise<void> {
    await this.expect(
      await this.request(this.urlOf(row.sha256 ?? ''), {
        method: 'PUT',
        body: content,
        headers: { 'content-type': 'application/octet-stream' },
      }),
      'PUT',
    );
    row.content = null;
  }

  async read(_em: EntityManager, row: ApplicationDocument): Promise<Buffer> {
    const response = await this.request(this.urlOf(row.sha256 ?? ''), { method: 'GET' });
    if (response.status === 404) return verified(row, null);
    await this.expect(response, 'GET');
    return verified(row, Buffer.from(await response.arrayBuffer()));
  }

  /**
   * Every copy in the bucket, listed `pageSize` at a time (objects whose key is not a SHA-256 are not
   * the RA's). ListObjects with `marker` (the last key of the page before): every S3-compatible store
   * answers it, and it needs no continuation token.
   */
  async *objects(pageSize = 1000): AsyncGenerator<StoredObject> {
    let marker = '';
    let truncated = true;
    while (truncated) {
      const query = new URLSearchParams({ 'max-keys': String(pageSize), marker });
      const response = await this.request(`${this.bucketUrl}?${query}`, { method: 'GET' });
      await this.expect(response, 'LIST');
      const result = listing.parse(await response.text()).ListBucketResult ?? {};
      const contents: { Key: unknown; LastModified: string }[] = result.Contents ?? [];
      for (const object of contents) {
        const key = String(object.Key);
        if (/^[0-9a-f]{64}$/.test(key)) yield { sha256: key, lastModified: new Date(object.LastModified) };
      }
      truncated = result.IsTruncated === 'true' && contents.length > 0;
      marker = String(contents.at(-1)?.Key ?? '');
    }
  }

  /** When the copy was last written; undefined when it is gone. */
  async lastModified(sha256: string): Promise<Date | undefined> {
    const response = await this.request(this.urlOf(sha256), { method: 'HEAD' });
    if (response.status === 404) return undefined;
    await this.expect(response, 'HEAD');
    return new Date(response.headers.get('last-modified') ?? 0);
  }

  async remove(sha256: string): Promise<void> {
    const response = await this.request(this.urlOf(sha256), { method: 'DELETE' });
    if (response.status !== 404) await this.expect(response, 'DELETE');
  }

  private urlOf(sha256: string): string {
    return `${this.bucketUrl}/${keyOf(sha256)}`;
  }

  private request(url: string, init: RequestInit): Promise<Response> {
    return this.client.fetch(url, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });
  }

  private async expect(response: Response, operation: string): Promise<void> {
    if (response.ok) return;
    const body = await response.text().catch(() => '');
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? '';
    throw new Error(`document object storage: ${operation} answered ${response.status} ${code}`.trim());
  }
}
