import { X509Certificate } from 'node:crypto';
import type { CertificateServices } from '@tessera/certificate';
import { timeStampQuery, timeStampTokenOf, verifyTimeStampToken } from '@tessera/kit';
import { commandExists } from '../../../subgraphs/certificate/src/testing/softhsm-token';
import { fileSet, pem, run } from '../../../subgraphs/certificate/src/testing/test-pki';
import { entryHash, genesisHash, OperationLog } from '../../../subgraphs/ra/src/records/operation-log';
import { OperationLogEntry } from '../../../subgraphs/ra/src/records/operation-log-entry.entity';
import { graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

/**
 * RA-14 with issue 15 item 4: the RA anchors the head of its hash-chained operation log with RFC 3161 tokens of the
 * certificate subgraph's TSA (`/pki/tsa`), daily and on demand, and `verifyOperationLog` checks every anchor, so
 * that even a rewrite of the whole chain, every hash recomputed, is found.
 */
let platform: TestPlatform;
const tokens: Record<string, string> = {};
const log = new OperationLog();

interface Anchor {
  id: string;
  sequence: string;
  headHash: string;
  genTime: string;
  tsaSerialNumber: string;
  anchoredBy: string;
  token: string;
}
interface Verification {
  intact: boolean;
  checked: number;
  firstBrokenSequence: string | null;
  anchorsChecked: number;
  lastAnchoredAt: string | null;
  brokenAnchor: { anchorId: string; sequence: string; code: string; message: string } | null;
}

const anchorFields = 'id sequence headHash genTime tsaSerialNumber anchoredBy token';
const verification =
  '{ verifyOperationLog { intact checked firstBrokenSequence anchorsChecked lastAnchoredAt brokenAnchor { anchorId sequence code message } } }';

beforeAll(async () => {
  platform = await startTestPlatform();
  tokens.auditor = await platform.token({ subject: 'staff-auditor', kind: 'staff', roles: ['AUDITOR'] });
  tokens.administrator = await platform.token({ subject: 'staff-admin', kind: 'staff', roles: ['ADMINISTRATOR'] });
  tokens.clerk = await platform.token({ subject: 'staff-entry', kind: 'staff', roles: ['ENTRY_CLERK'] });
});

afterAll(() => platform?.stop());

async function as<T>(who: string, query: string, headers?: Record<string, string>): Promise<T> {
  const { body } = await graphql<T>(platform.gateway.url, query, { token: tokens[who], headers });
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

async function append(n: number, maker = 'entry-1') {
  for (let i = 0; i < n; i++) {
    await platform.ra.orm.em.fork().transactional((tx) =>
      log.append(tx, {
        at: new Date(),
        operation: 'enter',
        region: '太原市',
        project: 'social-insurance-certificates',
        businessType: 'new',
        unitName: '晋阳煤业',
        socialInsuranceNumber: `14010${i}`,
        maker,
      }),
    );
  }
}

/** SQL behind the RA's back, the append-only triggers off meanwhile (what a database administrator could do). */
async function behindItsBack(
  work: (execute: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<unknown>,
) {
  const connection = platform.ra.orm.em.getConnection();
  const triggers = [
    ['operation_log_entry', 'operation_log_entry_append_only'],
    ['operation_log_anchor', 'operation_log_anchor_append_only'],
  ];
  for (const [table, trigger] of triggers)
    await connection.execute(`alter table "ra"."${table}" disable trigger "${trigger}"`);
  try {
    await work((sql, params) => connection.execute(sql, params as never[]));
  } finally {
    for (const [table, trigger] of triggers)
      await connection.execute(`alter table "ra"."${table}" enable trigger "${trigger}"`);
  }
}

describe('time-stamp anchors of the operation log (RA-14, issue 15 item 4)', () => {
  let onDemand: Anchor;
  let daily: Anchor;

  it('anchors the head on demand for an auditor: a token of the TSA over the head hash, openssl ts -verify accepts it', async () => {
    await append(3);
    ({ anchorOperationLog: onDemand } = await as<{ anchorOperationLog: Anchor }>(
      'auditor',
      `mutation { anchorOperationLog { ${anchorFields} } }`,
    ));
    const [head] = await platform.ra.orm.em
      .fork()
      .find(OperationLogEntry, {}, { orderBy: { sequence: 'desc' }, limit: 1 });
    expect(onDemand).toMatchObject({
      sequence: String(head?.sequence),
      headHash: head?.hash,
      anchoredBy: 'staff-auditor',
    });
    const token = Buffer.from(onDemand.token, 'base64');
    const pki = new URL(platform.certificate.url).origin;
    const fetched = async (path: string) => Buffer.from(await (await fetch(`${pki}${path}`)).arrayBuffer());
    const issuers = await fetched('/pki/tsa/issuers.pem');
    const tsa = await fetched('/pki/tsa/tsa.crt');
    // The kit's check, as the RA makes it.
    const trustAnchors = [...issuers.toString().matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END/g)].map((m) =>
      Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'),
    );
    expect(
      verifyTimeStampToken(token, { digest: Buffer.from(onDemand.headHash, 'hex'), trustAnchors }).tsaCertificate,
    ).toEqual(tsa);
    if (!commandExists('openssl')) {
      console.warn('openssl is not installed: the anchor is not checked with openssl ts -verify');
      return;
    }
    const root = await fetched('/pki/ca/root.crt');
    const files = fileSet({
      'ca.pem': Buffer.concat([issuers, Buffer.from(pem(root, 'CERTIFICATE'))]),
      'tsa.pem': pem(tsa, 'CERTIFICATE'),
      'token.der': token,
    });
    try {
      const verified = await run('openssl', [
        'ts',
        '-verify',
        '-token_in',
        '-in',
        files.path('token.der'),
        '-digest',
        onDemand.headHash,
        '-CAfile',
        files.path('ca.pem'),
        '-untrusted',
        files.path('tsa.pem'),
      ]);
      expect(verified.output).toContain('Verification: OK');
    } finally {
      files.remove();
    }
  });

  it('anchors daily (the operation-log-anchor job) only when the head moved, and the job is listed', async () => {
    const anchoring = platform.ra.services.operationLogAnchoring;
    await expect(anchoring.anchorDaily()).resolves.toBeNull();
    await append(2);
    const made = await anchoring.anchorDaily();
    expect(made?.anchoredBy).toBe('scheduled');
    const { operationLogAnchors } = await as<{ operationLogAnchors: Anchor[] }>(
      'administrator',
      `{ operationLogAnchors { ${anchorFields} } }`,
    );
    expect(operationLogAnchors.map((anchor) => anchor.anchoredBy)).toEqual(['scheduled', 'staff-auditor']);
    daily = operationLogAnchors[0] as Anchor;
    const { raScheduledJobs } = await as<{ raScheduledJobs: { name: string; periodSeconds: number }[] }>(
      'administrator',
      '{ raScheduledJobs { name periodSeconds } }',
    );
    expect(raScheduledJobs).toContainEqual({ name: 'operation-log-anchor', periodSeconds: 86_400 });
  });

  it('verifyOperationLog checks every anchor', async () => {
    await append(1);
    const { verifyOperationLog } = await as<{ verifyOperationLog: Verification }>('auditor', verification);
    expect(verifyOperationLog).toMatchObject({ intact: true, checked: 6, anchorsChecked: 2, brokenAnchor: null });
    expect(Date.parse(verifyOperationLog.lastAnchoredAt as string)).toBe(Date.parse(daily.genTime));
  });

  it('the TSA answers through the gateway too (its /pki is forwarded), as relying parties outside reach it', async () => {
    const digest = Buffer.alloc(32, 7);
    const response = await fetch(`${new URL(platform.gateway.url).origin}/pki/tsa`, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(timeStampQuery(digest).der),
    });
    expect(response.headers.get('content-type')).toBe('application/timestamp-reply');
    const token = timeStampTokenOf(Buffer.from(await response.arrayBuffer()));
    const tsa = Buffer.from(
      await (await fetch(`${new URL(platform.gateway.url).origin}/pki/tsa/tsa.crt`)).arrayBuffer(),
    );
    expect(() => verifyTimeStampToken(token, { digest, trustAnchors: [] })).toThrow(
      expect.objectContaining({ code: 'TIMESTAMP_UNTRUSTED' }),
    );
    expect(token.includes(tsa)).toBe(true);
  });

  it('after an issuing-CA rollover the TSA signs with its new certificate, and the RA trusts it at once', async () => {
    const { pki } = platform.certificate.services as CertificateServices;
    await pki.rollover(undefined, 'test');
    await append(1);
    const { anchorOperationLog } = await as<{ anchorOperationLog: Anchor }>(
      'administrator',
      `mutation { anchorOperationLog { ${anchorFields} } }`,
    );
    const tsa = verifyTimeStampToken(Buffer.from(anchorOperationLog.token, 'base64'), {
      digest: Buffer.from(anchorOperationLog.headHash, 'hex'),
      trustAnchors: await pki.tsa.issuers(),
    }).tsaCertificate;
    expect(new X509Certificate(tsa).issuer).toContain('G2');
    const { verifyOperationLog } = await as<{ verifyOperationLog: Verification }>('auditor', verification);
    expect(verifyOperationLog).toMatchObject({ intact: true, anchorsChecked: 3, brokenAnchor: null });
  });

  it('refuses a clerk', async () => {
    const { body } = await graphql(platform.gateway.url, 'mutation { anchorOperationLog { id } }', {
      token: tokens.clerk,
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('finds a tampered anchor: TIMESTAMP_INVALID, with the anchor named', async () => {
    const token = Buffer.from(daily.token, 'base64');
    const tampered = Buffer.from(token);
    const at = tampered.indexOf(Buffer.from(String(new Date().getUTCFullYear())));
    tampered[at + 3] = tampered[at + 3] === 0x39 ? 0x30 : (tampered[at + 3] as number) + 1;
    await behindItsBack((execute) =>
      execute('update "ra"."operation_log_anchor" set token = ? where id = ?', [tampered, daily.id]),
    );
    try {
      const { verifyOperationLog } = await as<{ verifyOperationLog: Verification }>('auditor', verification, {
        'accept-language': 'en',
      });
      expect(verifyOperationLog).toMatchObject({
        intact: false,
        firstBrokenSequence: null,
        anchorsChecked: 1,
        brokenAnchor: { anchorId: daily.id, sequence: daily.sequence, code: 'TIMESTAMP_INVALID' },
      });
      expect(verifyOperationLog.brokenAnchor?.message).toBe(
        'The time-stamp token is not valid: the message-digest attribute does not match the TSTInfo',
      );
    } finally {
      await behindItsBack((execute) =>
        execute('update "ra"."operation_log_anchor" set token = ? where id = ?', [token, daily.id]),
      );
    }
  });

  it('finds a rewrite of the whole chain with every hash recomputed: the first anchor no longer matches', async () => {
    await behindItsBack(async (execute) => {
      const entries = await platform.ra.orm.em.fork().find(OperationLogEntry, {}, { orderBy: { sequence: 'asc' } });
      let previousHash = genesisHash;
      for (const entry of entries) {
        const forged = { ...entry, maker: 'forger' };
        const hash = entryHash(previousHash, forged);
        await execute(
          'update "ra"."operation_log_entry" set maker = ?, previous_hash = ?, hash = ? where sequence = ?',
          ['forger', previousHash, hash, entry.sequence],
        );
        previousHash = hash;
      }
    });
    const { verifyOperationLog } = await as<{ verifyOperationLog: Verification }>('auditor', verification);
    // The chain itself holds together: only the anchors tell.
    expect(verifyOperationLog).toMatchObject({
      intact: false,
      firstBrokenSequence: null,
      anchorsChecked: 0,
      brokenAnchor: { anchorId: onDemand.id, sequence: onDemand.sequence, code: 'TIMESTAMP_IMPRINT_MISMATCH' },
    });
    expect(verifyOperationLog.brokenAnchor?.message).toContain('时间戳');
  });
});
