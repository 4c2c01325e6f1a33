import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import { seedCitizenWithCertificate } from '../harness/fixtures';
import type { Benchmark } from './benchmark';
import { failOnBadAnswers } from './load';
import { median } from './rate';
import type { Comparison } from './report';
import { certificateSeeder } from './seeded-certificates';

/** One SQL statement as PostgreSQL prepares it: `$n` placeholders. */
interface RawStatement {
  text: string;
  values: unknown[];
}

type Row = Record<string, unknown>;

/**
 * A hot path of a subgraph: the GraphQL request the gateway sends for it, and the same SQL the
 * subgraph runs for it with the answer built from its rows by hand (the raw baseline).
 */
interface HotPath {
  name: string;
  /** The subgraph's GraphQL URL. */
  url: string;
  headers: Record<string, string>;
  query: string;
  variables: Record<string, unknown>;
  statements(variables: Record<string, unknown>): RawStatement[];
  /** The `data` of the answer, from each statement's rows, fields in the order the query asks them. */
  data(results: Row[][], variables: Record<string, unknown>): unknown;
}

interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /**
   * CPU time of the main thread (where the servers run; the client is in a worker) per request; on
   * Node 22, which cannot tell a thread's CPU time, the time its event loop was busy.
   */
  cpuMsPerRequest: number;
}

/** A GraphQL enum value as type-graphql names it from the stored value (`inUse` → `IN_USE`). */
const enumName = (value: unknown) =>
  String(value)
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toUpperCase();

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);

/** CT-2's state, as the subgraph derives it (`certificateState`). */
function stateOf(row: Row, now: Date): string {
  if (!row.issued_at) return 'newApplication';
  if (row.revoked_at) return row.revocation_reason === 'certificateHold' ? 'suspended' : 'revoked';
  if (now < (row.not_before as Date) || now > (row.not_after as Date)) return 'cancelled';
  return 'inUse';
}

const certificateColumns =
  'id, serial_number, subject, kind, usage, not_before, not_after, issued_at, revoked_at, revocation_reason';

function certificateFields(row: Row, now: Date) {
  return {
    id: row.id,
    serialNumber: row.serial_number,
    subject: row.subject,
    kind: enumName(row.kind),
    usage: enumName(row.usage),
    notBefore: iso(row.not_before),
    notAfter: iso(row.not_after),
    state: enumName(stateOf(row, now)),
  };
}
const certificateSelection = 'id serialNumber subject kind usage notBefore notAfter state';

/** The partial status match of CT-2, as the subgraph runs it: the page, with the total of the matches by a window. */
const statusSql = `select ${certificateColumns}, count(*) over ()::int as "total"
  from "certificate"."certificate" where "subject" ilike $1
  order by "not_after" desc, "id" asc limit $2 offset $3`;

const likeOf = (term: string) => `%${term.replace(/[\\%_]/g, '\\$&')}%`;

/** Names as the seeding SQL writes them: 12 hex digits of MD5(i). */
const nameOf = (i: number) => createHash('md5').update(String(i)).digest('hex').slice(0, 12);

/**
 * Answers each hot path's request at `POST /<name>` with its statements, prepared, through `pg`
 * behind `node:http`: the body read and parsed, the rows turned into the same JSON, nothing else.
 */
async function startRawServer(databaseUrl: string, paths: HotPath[], poolSize: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const byName = new Map(paths.map((p) => [`/${p.name}`, p]));
  const names = new Map<string, string>();
  const nameOfText = (text: string) => {
    let found = names.get(text);
    if (!found) {
      found = `raw_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, found);
    }
    return found;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      try {
        const path = byName.get(req.url ?? '');
        if (!path) throw new Error(`no path ${req.url}`);
        const { variables } = JSON.parse(Buffer.concat(chunks).toString()) as { variables: Record<string, unknown> };
        const client = await pool.connect();
        const results: Row[][] = [];
        try {
          for (const { text, values } of path.statements(variables)) {
            results.push((await client.query({ name: nameOfText(text), text, values })).rows);
          }
        } finally {
          client.release();
        }
        // Apollo Server ends its JSON with a line feed.
        const body = `${JSON.stringify({ data: path.data(results, variables) })}\n`;
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      } catch (error) {
        res.writeHead(500);
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name: string) => `http://127.0.0.1:${port}/${name}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}

interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  /** One body, or several sent in turn. */
  bodies: string[];
  /** Every answer must be this (when one body is sent). */
  expectBody?: string;
}

/** A clock of the main thread's CPU time (Node 24), or of its event loop's busy time (Node 22): call to read it. */
function mainThreadClock(): () => number {
  const threadCpu = (process as { threadCpuUsage?: (since?: NodeJS.CpuUsage) => NodeJS.CpuUsage }).threadCpuUsage?.bind(
    process,
  );
  if (threadCpu) {
    const start = threadCpu();
    return () => {
      const used = threadCpu(start);
      return (used.user + used.system) / 1000;
    };
  }
  const start = performance.eventLoopUtilization();
  return () => performance.eventLoopUtilization(start).active;
}

/** autocannon in a worker thread; any error, timeout, non-2xx or unexpected body fails the run. */
async function load(request: LoadRequest, connections: number, seconds: number): Promise<Measurement> {
  const mainThreadMs = mainThreadClock();
  const result = await autocannon({
    url: request.url,
    method: 'POST',
    headers: request.headers,
    ...(request.bodies.length === 1
      ? { body: request.bodies[0], expectBody: request.expectBody }
      : { requests: request.bodies.map((body) => ({ method: 'POST' as const, body })) }),
    connections,
    duration: seconds,
    workers: 1,
  });
  failOnBadAnswers(result, request.url);
  const busyMs = mainThreadMs();
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuMsPerRequest: busyMs / Math.max(1, result.requests.total),
  };
}

const medianOf = (results: Measurement[]): Measurement => ({
  requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
  p50Ms: median(results.map((r) => r.p50Ms)),
  p99Ms: median(results.map((r) => r.p99Ms)),
  cpuMsPerRequest: median(results.map((r) => r.cpuMsPerRequest)),
});

/** Subgraph and raw baseline, in alternating rounds after a warm-up of each; medians. */
async function compare(
  subject: LoadRequest,
  baseline: LoadRequest,
  settings: { connections: number; warmupSeconds: number; durationSeconds: number; rounds: number },
) {
  if (settings.warmupSeconds > 0) {
    await load(subject, settings.connections, settings.warmupSeconds);
    await load(baseline, settings.connections, settings.warmupSeconds);
  }
  const subjects: Measurement[] = [];
  const baselines: Measurement[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    baselines.push(await load(baseline, settings.connections, settings.durationSeconds));
    subjects.push(await load(subject, settings.connections, settings.durationSeconds));
  }
  return { subject: medianOf(subjects), baseline: medianOf(baselines) };
}

function comparison(
  name: string,
  measured: { subject: Measurement; baseline: Measurement },
  settings: Record<string, string | number>,
): Comparison {
  return {
    benchmark: 'subgraph-hot-paths',
    subject: name,
    baseline: 'raw SQL over node:http',
    settings,
    metrics: [
      {
        name: 'requests/s',
        subject: measured.subject.requestsPerSecond,
        baseline: measured.baseline.requestsPerSecond,
      },
      { name: 'p50 ms', subject: measured.subject.p50Ms, baseline: measured.baseline.p50Ms },
      { name: 'p99 ms', subject: measured.subject.p99Ms, baseline: measured.baseline.p99Ms },
      {
        name: 'main-thread CPU ms per request',
        subject: measured.subject.cpuMsPerRequest,
        baseline: measured.baseline.cpuMsPerRequest,
      },
    ],
  };
}

export interface HotPathSizes {
  /** Certificates in the table while the paths are measured. */
  certificates: number;
  /** Certificates for the status query's latency (issue 16: 1,000,000, p99 < 10 ms). */
  largeCertificates: number;
  rounds: number;
}

/**
 * Issue 16, goal 3: each hot path of the subgraphs (the public status query, a certificate by id,
 * certificates through `_entities`, `me`, an application by id) at the subgraph's HTTP port, as the
 * gateway sends it (the caller's bearer token, a request id, the language), against a bare
 * `node:http` server running the same SQL statements, prepared, through `pg`, and answering the
 * same bytes (each side's answer is checked against the other's before the load, and every answer
 * under load against it). autocannon in a worker thread, alternating rounds, medians. Then the
 * status query over `largeCertificates` rows (seeded with `generate_series`), a different name for
 * each request in turn, with its p99 at one connection and at the load's.
 */
export function subgraphHotPathsBenchmark(
  sizes: HotPathSizes = { certificates: 1_000, largeCertificates: 1_000_000, rounds: 3 },
): Benchmark {
  return {
    name: 'subgraph-hot-paths',
    async run(ctx) {
      const { platform } = await ctx.stack();
      const citizen = await seedCitizenWithCertificate(platform, 'bench-hot-paths');
      const citizenToken = await platform.identity.services.tokens.issue({ subject: citizen.user.id, kind: 'citizen' });
      const seedTo = certificateSeeder(platform.certificate.orm.em, 'h');
      await seedTo(sizes.certificates);
      const staffToken = await platform.identity.services.tokens.issue({
        subject: 'bench-hot-paths',
        kind: 'staff',
        roles: ['ADMINISTRATOR'],
      });
      const headersOf = (token: string) => ({
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'accept-language': 'zh-CN',
        'x-request-id': 'bench-hot-paths-0001',
      });
      const someIds = (
        (await platform.certificate.orm.em
          .getConnection()
          .execute(
            `select id from "certificate"."certificate" where serial_number like 'h%' order by serial_number limit 5`,
          )) as { id: string }[]
      ).map((row) => row.id);
      const now = () => new Date();
      const paths: HotPath[] = [
        {
          name: 'certificateStatus',
          url: platform.certificate.url,
          headers: headersOf(staffToken),
          query: `query($subject:String!){certificateStatus(subject:$subject){total certificates{${certificateSelection}}}}`,
          variables: { subject: nameOf(7) },
          statements: (v) => [{ text: statusSql, values: [likeOf(String(v.subject).trim()), 20, 0] }],
          data: ([rows = []]) => {
            const at = now();
            return {
              certificateStatus: {
                total: rows[0]?.total ?? 0,
                certificates: rows.map((row) => certificateFields(row, at)),
              },
            };
          },
        },
        {
          name: 'certificate',
          url: platform.certificate.url,
          headers: headersOf(staffToken),
          query: `query($id:UUID!){certificate(id:$id){${certificateSelection}}}`,
          variables: { id: someIds[0] },
          statements: (v) => [
            {
              text: `select ${certificateColumns} from "certificate"."certificate" where "id" = any($1::uuid[])`,
              values: [[v.id]],
            },
          ],
          data: ([rows = []]) => ({ certificate: rows[0] ? certificateFields(rows[0], now()) : null }),
        },
        {
          name: 'certificateEntities',
          url: platform.certificate.url,
          headers: headersOf(staffToken),
          query: `query($representations:[_Any!]!){_entities(representations:$representations){...on Certificate{${certificateSelection}}}}`,
          variables: { representations: someIds.map((id) => ({ __typename: 'Certificate', id })) },
          statements: (v) => [
            {
              text: `select ${certificateColumns} from "certificate"."certificate" where "id" = any($1::uuid[])`,
              values: [(v.representations as { id: string }[]).map((r) => r.id)],
            },
          ],
          data: ([rows = []], v) => {
            const at = now();
            const byId = new Map(rows.map((row) => [row.id, row]));
            return {
              _entities: (v.representations as { id: string }[]).map((r) => {
                const row = byId.get(r.id);
                return row ? certificateFields(row, at) : null;
              }),
            };
          },
        },
        {
          name: 'me',
          url: platform.identity.url,
          headers: headersOf(citizenToken),
          query: '{me{id username displayName kind createdAt}}',
          variables: {},
          statements: () => [
            {
              text: `select id, username, display_name, kind, created_at from "identity"."user" where "id" = any($1::uuid[])`,
              values: [[citizen.user.id]],
            },
          ],
          data: ([rows = []]) => {
            const row = rows[0];
            return {
              me: row && {
                id: row.id,
                username: row.username,
                displayName: row.display_name,
                kind: enumName(row.kind),
                createdAt: iso(row.created_at),
              },
            };
          },
        },
        {
          name: 'application',
          url: platform.ra.url,
          headers: headersOf(citizenToken),
          query: 'query($id:UUID!){application(id:$id){id businessType state createdAt}}',
          variables: { id: citizen.application.id },
          statements: (v) => [
            {
              text: `select id, business_type, state, created_at, applicant_user_id from "ra"."certificate_application" where "id" = any($1::uuid[])`,
              values: [[v.id]],
            },
          ],
          data: ([rows = []]) => {
            const row = rows[0];
            return {
              application: row && {
                id: row.id,
                businessType: enumName(row.business_type),
                state: enumName(row.state),
                createdAt: iso(row.created_at),
              },
            };
          },
        },
      ];
      const raw = await startRawServer(
        platform.databaseUrl,
        paths,
        platform.certificate.orm.config.get('pool')?.max ?? 10,
      );
      const { connections, warmupSeconds, durationSeconds } = ctx.load;
      const settings = { connections, warmupSeconds, durationSeconds, rounds: sizes.rounds };
      const results: Comparison[] = [];
      try {
        for (const path of paths) {
          const body = JSON.stringify({ query: path.query, variables: path.variables });
          const answer = await fetch(path.url, { method: 'POST', headers: path.headers, body });
          const expectBody = await answer.text();
          const rawAnswer = await (await fetch(raw.url(path.name), { method: 'POST', body })).text();
          if (!answer.ok || expectBody.includes('"errors"') || rawAnswer !== expectBody) {
            throw new Error(
              `${path.name}: the subgraph and the raw server answer differently:\n${expectBody}\n${rawAnswer}`,
            );
          }
          const measured = await compare(
            { url: path.url, headers: path.headers, bodies: [body], expectBody },
            { url: raw.url(path.name), headers: path.headers, bodies: [body], expectBody },
            settings,
          );
          results.push(comparison(path.name, measured, { ...settings, certificates: sizes.certificates }));
        }

        // The status query over a large table: a different holder's name in each request, in turn.
        await seedTo(sizes.largeCertificates);
        const status = paths[0] as HotPath;
        const bodies = Array.from({ length: 200 }, (_, k) => {
          const i = 1 + Math.floor(((k + 0.5) / 200) * sizes.largeCertificates);
          return JSON.stringify({ query: status.query, variables: { subject: nameOf(i) } });
        });
        for (const body of bodies.slice(0, 10)) {
          const answer = await fetch(status.url, { method: 'POST', headers: status.headers, body });
          const text = await answer.text();
          const rawText = await (await fetch(raw.url(status.name), { method: 'POST', body })).text();
          if (!text.includes('"total":') || text.includes('"total":0') || text !== rawText) {
            throw new Error(`status query at ${sizes.largeCertificates} rows: ${text}\n${rawText}`);
          }
        }
        for (const atConnections of [1, connections]) {
          const measured = await compare(
            { url: status.url, headers: status.headers, bodies },
            { url: raw.url(status.name), headers: status.headers, bodies },
            { ...settings, connections: atConnections },
          );
          results.push(
            comparison(`certificateStatus at ${sizes.largeCertificates} certificates`, measured, {
              ...settings,
              connections: atConnections,
              names: bodies.length,
            }),
          );
        }
      } finally {
        await raw.close();
      }
      return results;
    },
  };
}

export const subgraphHotPaths = subgraphHotPathsBenchmark();
