import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { printExecutableGraphQLDocument } from '@graphql-tools/documents';
import { DomainError, hasRole, type Viewer } from '@tessera/kit';
import type { DocumentNode } from 'graphql';
import type { Logger } from 'pino';

/** The file each client's build writes next to its bundle: `{ "sha256:…": "query …" }`. */
export const manifestFileName = 'trusted-operations.json';

/**
 * The operations the clients registered at build time, keyed by the GraphQL-over-HTTP
 * persisted-document id (`sha256:` + hex of the normalized document, as GraphQL Code Generator
 * prints it). A request's document is normalized the same way, so whitespace, comments and field
 * order of the text a client sends do not matter.
 */
export class TrustedOperations {
  private constructor(private readonly documents: ReadonlyMap<string, string>) {}

  static empty(): TrustedOperations {
    return new TrustedOperations(new Map());
  }

  /** Reads `<client>/dist/trusted-operations.json` of every client under `clientsDir`. */
  static fromClients(clientsDir: string, log: Logger): TrustedOperations {
    const documents = new Map<string, string>();
    const clients = fs.existsSync(clientsDir) ? fs.readdirSync(clientsDir) : [];
    for (const client of clients) {
      const file = path.join(clientsDir, client, 'dist', manifestFileName);
      if (!fs.existsSync(file)) continue;
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
      for (const [id, document] of Object.entries(manifest)) {
        if (id !== documentId(document)) throw new Error(`${file}: ${id} is not the hash of its document`);
        documents.set(id, document);
      }
      log.info({ client, operations: Object.keys(manifest).length }, 'trusted operations loaded');
    }
    return new TrustedOperations(documents);
  }

  get size(): number {
    return this.documents.size;
  }

  /** Whether this (parsed) document is one of the registered operations. */
  includes(document: DocumentNode): boolean {
    return this.documents.has(documentId(printExecutableGraphQLDocument(document)));
  }
}

function documentId(normalized: string): string {
  return `sha256:${createHash('sha256').update(normalized).digest('hex')}`;
}

/** Who may run operations no client registered: administrators and auditors (ad-hoc queries), business systems and services. */
function mayRunAdHoc(viewer: Viewer): boolean {
  return hasRole(viewer, 'ADMINISTRATOR', 'AUDITOR') || viewer.kind === 'system' || viewer.kind === 'service';
}

/**
 * In production the gateway executes only the clients' registered operations (issue 6, item 2),
 * so the graph offers an attacker nothing the clients do not already use.
 */
export function trustedOperationsPlugin<C extends { viewer: Viewer }>(
  operations: TrustedOperations,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (mayRunAdHoc(contextValue.viewer) || operations.includes(document)) return;
          throw DomainError.ofRequest('OPERATION_NOT_TRUSTED');
        },
      };
    },
  };
}
