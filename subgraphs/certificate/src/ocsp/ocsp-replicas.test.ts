import { readFileSync, writeFileSync } from 'node:fs';
import type { MikroORM } from '@mikro-orm/postgresql';
import { notifyCluster } from '@tessera/kit';
import { statusChannel } from '../pki';
import { type PkiServer, startPkiServer } from '../testing/pki-server';
import { commandExists } from '../testing/softhsm-token';
import { openTestDatabase } from '../testing/test-database';
import { fileSet, opensslOcspRequest, pem, run, subscriberRequest } from '../testing/test-pki';

const withOpenssl = commandExists('openssl') ? it : it.skip;

describe('OCSP on several replicas (CT-5)', () => {
  let orm: MikroORM;
  let replicas: PkiServer[];
  let following: { close(): Promise<void> }[];

  beforeAll(async () => {
    orm = await openTestDatabase();
    replicas = [await startPkiServer(orm), await startPkiServer(orm)];
    following = await Promise.all(replicas.map((replica) => replica.pki.followReplicas()));
  });
  afterAll(async () => {
    await Promise.all(following.map((notices) => notices.close()));
    await Promise.all(replicas.map((replica) => replica.close()));
    await orm.close();
  });

  /** The status line of a nonce-less (so cacheable) answer of `replica` about `leaf`, read by openssl. */
  async function statusAt(replica: PkiServer, issuing: Buffer, leaf: Buffer): Promise<string> {
    const files = fileSet({ 'issuing.pem': pem(issuing, 'CERTIFICATE'), 'leaf.pem': pem(leaf, 'CERTIFICATE') });
    try {
      const request = ['ocsp', '-issuer', files.path('issuing.pem'), '-cert', files.path('leaf.pem'), '-no_nonce'];
      await run('openssl', [...request, '-reqout', files.path('req.der')]);
      const answer = await replica.pki.ocsp.respond(readFileSync(files.path('req.der')));
      writeFileSync(files.path('resp.der'), answer.der);
      const text = (await run('openssl', ['ocsp', '-respin', files.path('resp.der'), '-resp_text', '-noverify']))
        .output;
      return /Cert Status: (\w+)/.exec(text)?.[1] ?? text;
    } finally {
      files.remove();
    }
  }

  withOpenssl(
    'CT-5: a revocation through one replica is answered by the other within a second, not at its cached nextUpdate',
    async () => {
      const [first, second] = replicas as [PkiServer, PkiServer];
      const issuing = (await first.pki.hierarchy.issuing()).entity.certificateDer;
      const leaf = await first.pki.issuer.issue({
        kind: 'personal',
        usage: 'signing',
        subject: 'CN=Replica Holder',
        csr: (await subscriberRequest()).csr,
      });
      expect(await statusAt(second, issuing, leaf.der as Buffer)).toBe('good');
      await first.pki.revocation.revoke(leaf.id, 'keyCompromise', 'clerk');
      const deadline = Date.now() + 1_000;
      let status = await statusAt(second, issuing, leaf.der as Buffer);
      while (status !== 'revoked' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = await statusAt(second, issuing, leaf.der as Buffer);
      }
      expect(status).toBe('revoked');
    },
  );

  withOpenssl(
    "CT-5: over HTTP, a revocation through one replica is answered by the other's lean path within a second, its other pre-produced answers untouched",
    async () => {
      const [first, second] = replicas as [PkiServer, PkiServer];
      const issuing = (await first.pki.hierarchy.issuing()).entity.certificateDer;
      const issue = async (subject: string) =>
        first.pki.issuer.issue({ kind: 'personal', usage: 'signing', subject, csr: (await subscriberRequest()).csr });
      const [revoked, untouched] = [await issue('CN=Revoked Holder'), await issue('CN=Untouched Holder')];
      const get = async (leaf: { der?: Buffer | null }) => {
        const request = await opensslOcspRequest(issuing, leaf.der as Buffer);
        const response = await fetch(`${second.baseUrl}/pki/ocsp/${encodeURIComponent(request.toString('base64'))}`);
        return Buffer.from(await response.arrayBuffer());
      };
      const statusOf = async (der: Buffer) => {
        const files = fileSet({ 'resp.der': der });
        try {
          const text = (await run('openssl', ['ocsp', '-respin', files.path('resp.der'), '-resp_text', '-noverify']))
            .output;
          return /Cert Status: (\w+)/.exec(text)?.[1] ?? text;
        } finally {
          files.remove();
        }
      };
      const untouchedBefore = await get(untouched);
      expect(await statusOf(await get(revoked))).toBe('good');
      expect(await statusOf(untouchedBefore)).toBe('good');

      await first.pki.revocation.revoke(revoked.id, 'keyCompromise', 'clerk');
      const deadline = Date.now() + 1_000;
      let status = await statusOf(await get(revoked));
      while (status !== 'revoked' && Date.now() < deadline) status = await statusOf(await get(revoked));
      expect(status).toBe('revoked');
      // The notice named one serial: the other certificate's answer is still the one produced before.
      expect((await get(untouched)).equals(untouchedBefore)).toBe(true);
    },
  );

  withOpenssl(
    'CT-5: a notice that names no serial (a lost and renewed LISTEN connection) forgets every answer',
    async () => {
      const [first, second] = replicas as [PkiServer, PkiServer];
      const issuing = (await first.pki.hierarchy.issuing()).entity.certificateDer;
      const leaf = await first.pki.issuer.issue({
        kind: 'personal',
        usage: 'signing',
        subject: 'CN=Notice Holder',
        csr: (await subscriberRequest()).csr,
      });
      const request = await opensslOcspRequest(issuing, leaf.der as Buffer);
      const before = (await second.pki.ocsp.respond(request)).der;
      expect((await second.pki.ocsp.respond(request)).der.equals(before)).toBe(true);
      await notifyCluster(orm.em, statusChannel);
      const deadline = Date.now() + 1_000;
      let after = (await second.pki.ocsp.respond(request)).der;
      while (after.equals(before) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = (await second.pki.ocsp.respond(request)).der;
      }
      expect(after.equals(before)).toBe(false);
    },
  );

  withOpenssl(
    'CT-5: a replica that has lost its notice connection keeps no answer until it hears again (it would miss a revocation elsewhere)',
    async () => {
      const [first, second] = replicas as [PkiServer, PkiServer];
      const issuing = (await first.pki.hierarchy.issuing()).entity.certificateDer;
      const leaf = await first.pki.issuer.issue({
        kind: 'personal',
        usage: 'signing',
        subject: 'CN=Deaf Holder',
        csr: (await subscriberRequest()).csr,
      });
      const request = await opensslOcspRequest(issuing, leaf.der as Buffer);
      // Each answer produced afresh asks for the responder; a kept one is served without.
      const produced = jest.spyOn(second.pki.hierarchy, 'responder');
      const kept = async () => {
        await second.pki.ocsp.respond(request);
        const before = produced.mock.calls.length;
        await second.pki.ocsp.respond(request);
        return produced.mock.calls.length === before;
      };
      try {
        expect(await kept()).toBe(true);
        // Each replica's connection listening for status notices ends: it is deaf until it listens again (1 s).
        const ended: unknown[] = await orm.em.getConnection().execute(
          `select pg_terminate_backend(pid) from pg_stat_activity
             where datname = current_database() and query = 'listen "' || ? || '"'`,
          [statusChannel],
        );
        expect(ended.length).toBeGreaterThan(0);
        const heardOfIt = Date.now() + 1_000;
        let deaf = !(await kept());
        while (!deaf && Date.now() < heardOfIt) {
          // Kept answers come without I/O: the loop yields so that the replicas can notice the ended connections.
          await new Promise((resolve) => setTimeout(resolve, 10));
          deaf = !(await kept());
        }
        expect(deaf).toBe(true);
        const deadline = Date.now() + 5_000;
        let again = await kept();
        while (!again && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          again = await kept();
        }
        expect(again).toBe(true);
      } finally {
        produced.mockRestore();
      }
    },
  );
});
