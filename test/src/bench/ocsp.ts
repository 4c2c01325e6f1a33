import { createHash, webcrypto } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CertID, id_pkix_ocsp_nonce, OCSPRequest, Request, TBSRequest } from '@peculiar/asn1-ocsp';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate as AsnCertificate, Extension } from '@peculiar/asn1-x509';
import { Pkcs10CertificateRequestGenerator } from '@peculiar/x509';
import type { CertificateServices } from '@tessera/certificate';
import type { Benchmark } from './benchmark';
import type { BinaryLoadAnswer, BinaryLoadRequest, BinaryTarget } from './binary-load-client';
import { median } from './rate';
import type { Comparison } from './report';

/** An OCSPRequest for one certificate (SHA-1 CertID, as OpenSSL sends it), with a nonce when given. */
export function ocspRequest(issuerDer: Buffer, serialNumber: string, nonce?: Buffer): Buffer {
  const issuer = AsnConvert.parse(issuerDer, AsnCertificate).tbsCertificate;
  const sha1 = (data: ArrayBuffer) => new OctetString(createHash('sha1').update(new Uint8Array(data)).digest());
  const serial = Buffer.from(serialNumber, 'hex');
  const reqCert = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26', parameters: null }),
    issuerNameHash: sha1(AsnConvert.serialize(issuer.subject)),
    issuerKeyHash: sha1(issuer.subjectPublicKeyInfo.subjectPublicKey),
    serialNumber: new Uint8Array((serial[0] as number) & 0x80 ? Buffer.concat([Buffer.alloc(1), serial]) : serial)
      .buffer,
  });
  const tbsRequest = new TBSRequest({
    requestList: [new Request({ reqCert })],
    requestExtensions: nonce
      ? [
          new Extension({
            extnID: id_pkix_ocsp_nonce,
            extnValue: new OctetString(AsnConvert.serialize(new OctetString(nonce))),
          }),
        ]
      : undefined,
  });
  return Buffer.from(AsnConvert.serialize(new OCSPRequest({ tbsRequest })));
}

/** The compiled client thread (under jest, the build's copy: `npm test` builds first). */
function clientScript(): string {
  return __filename.endsWith('.ts')
    ? path.resolve(__dirname, '../../dist/bench/binary-load-client.js')
    : path.join(__dirname, 'binary-load-client.js');
}

interface Measured {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU of this process's main thread (where the servers run, not the client) per response, in microseconds. */
  cpuUsPerResponse: number;
}

/** This thread's CPU time in microseconds (Node 23.9+), else the whole process's. */
function threadCpuMicros(): number {
  const usage = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage();
  return usage.user + usage.system;
}

/** The load client: a worker thread that runs one round of load per message. */
class LoadClient {
  private readonly worker = new Worker(clientScript());

  /** One round of load on `target`, with the CPU the servers of this thread spent meanwhile. */
  async measure(target: BinaryTarget, connections: number, seconds: number): Promise<Measured> {
    const cpuBefore = threadCpuMicros();
    const answer = await new Promise<BinaryLoadAnswer>((resolve, reject) => {
      this.worker.once('message', (message: BinaryLoadAnswer) => {
        this.worker.off('error', reject);
        resolve(message);
      });
      this.worker.once('error', reject);
      this.worker.postMessage({ target, connections, seconds } satisfies BinaryLoadRequest);
    });
    const cpu = threadCpuMicros() - cpuBefore;
    if ('error' in answer) throw new Error(`${answer.error} ${JSON.stringify(answer.failures ?? {})}`);
    return { ...answer, cpuUsPerResponse: answer.requests ? cpu / answer.requests : 0 };
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** A bare `node:http` server answering every request, once its body is read, with `body` as an OCSP response. */
async function fixedBodyServer(body: Buffer): Promise<{ origin: string; close(): Promise<void> }> {
  const headers = { 'content-type': 'application/ocsp-response', 'content-length': String(body.length) };
  const server = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, headers);
      res.end(body);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const post = (origin: string, request: Buffer): Omit<BinaryTarget, 'expect'> => ({
  url: `${origin}/pki/ocsp`,
  method: 'POST',
  headers: { 'content-type': 'application/ocsp-request' },
  body: request,
});
const get = (origin: string, request: Buffer): Omit<BinaryTarget, 'expect'> => ({
  url: `${origin}/pki/ocsp/${encodeURIComponent(request.toString('base64'))}`,
  method: 'GET',
  headers: {},
});

/** Alternating rounds of every path. */
const rounds = 3;

/**
 * Issue 16 goal 4 (CT-5): OCSP answers per second for one good certificate, each request parsed and
 * answered with the pre-produced answer, POST and GET (RFC 6960 appendix A), at the certificate
 * subgraph's port and through the gateway's `/pki` (where relying parties ask), against the ceiling
 * of this machine: a bare `node:http` server answering a fixed body of the same size, in the same
 * process. Requests with a fresh nonce each, signed on demand, are measured against the same
 * ceiling. The client (autocannon) runs in a worker thread; CPU per response is the main thread's,
 * where the servers run. The goal (≥ 10,000/s, ≥ 0.5 of the ceiling) is held at the subgraph's port.
 */
export const ocsp: Benchmark = {
  name: 'ocsp',
  async run(ctx) {
    const { platform } = await ctx.stack();
    const { pki } = platform.certificate.services as CertificateServices;
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const csr = await Pkcs10CertificateRequestGenerator.create({ name: 'CN=x', keys, signingAlgorithm: algorithm });
    const leaf = await pki.issuer.issue({
      kind: 'personal',
      usage: 'signing',
      subject: 'CN=OCSP Bench',
      csr: Buffer.from(csr.rawData),
    });
    const issuer = (await pki.hierarchy.issuing()).entity.certificateDer;
    const subgraph = new URL(platform.certificate.url).origin;
    const gateway = new URL(platform.gateway.url).origin;
    const request = ocspRequest(issuer, leaf.serialNumber);
    const nonceTemplate = ocspRequest(issuer, leaf.serialNumber, Buffer.alloc(16));
    const answer = await fetch(`${subgraph}/pki/ocsp`, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request' },
      body: request,
    });
    const expected = Buffer.from(await answer.arrayBuffer());
    // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED successful(0), responseBytes ... }
    if (!answer.ok || expected.length < 100)
      throw new Error(`OCSP answered ${answer.status} (${expected.length} octets)`);
    const ceiling = await fixedBodyServer(Buffer.alloc(expected.length, 0x30));
    const fixed = Buffer.alloc(expected.length, 0x30);
    const paths: Record<string, BinaryTarget> = {
      'ceiling POST': { ...post(ceiling.origin, request), expect: fixed },
      'ceiling GET': { ...get(ceiling.origin, request), expect: fixed },
      'subgraph POST': { ...post(subgraph, request), expect: expected },
      'subgraph GET': { ...get(subgraph, request), expect: expected },
      'gateway POST': { ...post(gateway, request), expect: expected },
      'gateway GET': { ...get(gateway, request), expect: expected },
      nonce: {
        ...post(subgraph, nonceTemplate),
        fresh: { offset: nonceTemplate.length - 16, length: 16 },
        minimumLength: 100,
      },
    };
    const { connections, warmupSeconds, durationSeconds } = ctx.load;
    const results = new Map<string, Measured[]>();
    const client = new LoadClient();
    try {
      if (warmupSeconds > 0)
        for (const target of Object.values(paths)) await client.measure(target, connections, warmupSeconds);
      for (let round = 0; round < rounds; round++) {
        for (const [name, target] of Object.entries(paths)) {
          results.set(name, [...(results.get(name) ?? []), await client.measure(target, connections, durationSeconds)]);
        }
      }
    } finally {
      await client.stop();
      await ceiling.close();
    }
    const medianOf = (name: string): Measured => {
      const measured = results.get(name) ?? [];
      return {
        requestsPerSecond: median(measured.map((m) => m.requestsPerSecond)),
        p50Ms: median(measured.map((m) => m.p50Ms)),
        p99Ms: median(measured.map((m) => m.p99Ms)),
        cpuUsPerResponse: median(measured.map((m) => m.cpuUsPerResponse)),
      };
    };
    const settings = { connections, seconds: durationSeconds, rounds, 'answer octets': expected.length };
    const compare = (subject: string, baseline: string, note: string): Comparison => {
      const [s, b] = [medianOf(subject), medianOf(baseline)];
      return {
        benchmark: 'ocsp',
        subject: `${subject}${subject === 'nonce' ? ' (signed per request)' : ' (cached)'}`,
        baseline: `node:http fixed body (${baseline.split(' ')[1]})`,
        settings: { ...settings, path: note },
        metrics: [
          {
            name: 'responses/s',
            subject: s.requestsPerSecond,
            baseline: b.requestsPerSecond,
            // Issue 16 goal 4 (besides 10,000 responses/s) holds cached answers at the subgraph's port.
            aim: subject.startsWith('subgraph') ? { min: 0.5, source: 'issue 16' } : undefined,
          },
          { name: 'p50 ms', subject: s.p50Ms, baseline: b.p50Ms },
          { name: 'p99 ms', subject: s.p99Ms, baseline: b.p99Ms },
          { name: 'CPU µs/response', subject: s.cpuUsPerResponse, baseline: b.cpuUsPerResponse },
        ],
      };
    };
    return [
      compare('subgraph POST', 'ceiling POST', 'certificate subgraph port (the goal)'),
      compare('subgraph GET', 'ceiling GET', 'certificate subgraph port (the goal)'),
      compare('gateway POST', 'ceiling POST', "gateway's /pki, forwarded"),
      compare('gateway GET', 'ceiling GET', "gateway's /pki, forwarded"),
      compare('nonce', 'ceiling POST', 'certificate subgraph port, fresh nonce each'),
    ];
  },
};
