import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FirstRequestListener } from '@tessera/kit';
import express from 'express';
import type { KeyBackend } from '../keys/key-backend';
import { SoftwareKeyBackend } from '../keys/software/software-key-backend';
import { createPki, type Pki, type PkiOptions } from '../pki';

/** The key management centre's key-encryption key of test CAs (CT-1 dual certificates). */
export const testKmcKey = Buffer.alloc(32, 8);

export interface PkiServer {
  pki: Pki;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * A started CA with software keys and a key management centre, whose `/pki` routes listen on a free port, the port being
 * known before the CA writes its URLs into certificates.
 */
export async function startPkiServer(
  orm: MikroORM,
  options: Omit<PkiOptions, 'publicUrl'> = {},
  /** The key backend; software keys when absent. */
  keyBackend?: KeyBackend,
): Promise<PkiServer> {
  const app = express();
  const routes = express.Router();
  app.use(routes);
  let first: FirstRequestListener = () => false;
  const server = http.createServer((req, res) => first(req, res) || app(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const backend = keyBackend ?? new SoftwareKeyBackend({ em: orm.em, keyEncryptionKey: Buffer.alloc(32, 9) });
  const pki = createPki(orm.em, backend, { publicUrl: baseUrl, kmcKeyEncryptionKey: testKmcKey, ...options });
  await pki.start();
  pki.mount(routes);
  first = pki.firstRequests;
  return {
    pki,
    baseUrl,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
