import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SubgraphUrls {
  identity: string;
  certificate: string;
  ra: string;
}

export interface RunningComposer {
  url: string;
  close(): Promise<void>;
}

interface EntityRef {
  __typename: string;
  id: string;
}

/** The subgraph operations of the gateway's query plan for `MyCertificates`, as the gateway sends them. */
const operations = {
  me: 'query MyCertificates__identity__0{me{__typename id username}}',
  applicationsOfUser:
    'query MyCertificates__ra__1($representations:[_Any!]!){_entities(representations:$representations){...on User{applications{businessType certificate{__typename id}}}}}',
  certificateOfApplication:
    'query MyCertificates__certificate__2($representations:[_Any!]!){_entities(representations:$representations){...on Certificate{serialNumber kind}}}',
  certificatesOfUser:
    'query MyCertificates__certificate__3($representations:[_Any!]!){_entities(representations:$representations){...on User{certificates{__typename id serialNumber subject}}}}',
  applicationOfCertificate:
    'query MyCertificates__ra__4($representations:[_Any!]!){_entities(representations:$representations){...on Certificate{application{businessType state}}}}',
};

type Fetcher = <T>(url: string, operation: string, representations?: EntityRef[]) => Promise<T>;

function subgraphFetcher(authorization: string | undefined): Fetcher {
  return async <T>(url: string, operation: string, representations?: EntityRef[]) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({
        query: operation,
        operationName: /^query (\w+)/.exec(operation)?.[1],
        variables: representations ? { representations } : {},
      }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (!response.ok || body.errors || !body.data) {
      throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body.errors)}`);
    }
    return body.data;
  };
}

/** One representation per distinct entity, as the gateway deduplicates them before an `_entities` fetch. */
function distinct(refs: EntityRef[]): EntityRef[] {
  return [...new Map(refs.map((r) => [r.id, { __typename: r.__typename, id: r.id }])).values()];
}

async function entities<T>(fetcher: Fetcher, url: string, operation: string, refs: EntityRef[]): Promise<T[]> {
  if (refs.length === 0) return [];
  const data = await fetcher<{ _entities: T[] }>(url, operation, refs);
  return data._entities;
}

/**
 * `MyCertificates` answered by replaying the gateway's query plan: `me` from identity, then in
 * parallel (ra: the user's applications, then certificate: their certificates) and (certificate:
 * the user's certificates, then ra: the application behind each), merged into the same response.
 */
async function myCertificates(urls: SubgraphUrls, fetcher: Fetcher) {
  const { me } = await fetcher<{ me: (EntityRef & { username: string }) | null }>(urls.identity, operations.me);
  if (!me) return { data: { me: null } };
  const user = [{ __typename: me.__typename, id: me.id }];

  const applicationsBranch = async () => {
    type Application = { businessType: string; certificate: EntityRef | null };
    const [owner] = await entities<{ applications: Application[] }>(
      fetcher,
      urls.ra,
      operations.applicationsOfUser,
      user,
    );
    const applications = owner?.applications ?? [];
    const refs = distinct(applications.flatMap((a) => (a.certificate ? [a.certificate] : [])));
    type Certificate = { serialNumber: string; kind: string };
    const found = await entities<Certificate>(fetcher, urls.certificate, operations.certificateOfApplication, refs);
    const byId = new Map(refs.map((r, i) => [r.id, found[i]]));
    return applications.map((a) => ({
      businessType: a.businessType,
      certificate: a.certificate ? (byId.get(a.certificate.id) ?? null) : null,
    }));
  };

  const certificatesBranch = async () => {
    type Certificate = EntityRef & { serialNumber: string; subject: string };
    const [holder] = await entities<{ certificates: Certificate[] }>(
      fetcher,
      urls.certificate,
      operations.certificatesOfUser,
      user,
    );
    const certificates = holder?.certificates ?? [];
    const refs = distinct(certificates);
    type Application = { application: { businessType: string; state: string } | null };
    const found = await entities<Application>(fetcher, urls.ra, operations.applicationOfCertificate, refs);
    const byId = new Map(refs.map((r, i) => [r.id, found[i]?.application ?? null]));
    return certificates.map((c) => ({
      serialNumber: c.serialNumber,
      subject: c.subject,
      application: byId.get(c.id) ?? null,
    }));
  };

  const [applications, certificates] = await Promise.all([applicationsBranch(), certificatesBranch()]);
  return { data: { me: { id: me.id, username: me.username, certificates, applications } } };
}

/**
 * A bare HTTP server that answers every POST with `MyCertificates` for the caller's token, composed
 * from the subgraphs by hand: the gateway's work minus the gateway (no parsing, validation,
 * planning, limits or token check of its own; the subgraphs still verify the token).
 */
export function startDirectComposer(urls: SubgraphUrls): Promise<RunningComposer> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      myCertificates(urls, subgraphFetcher(req.headers.authorization))
        .then((result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(result));
        })
        .catch((error: unknown) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(error instanceof Error ? error.message : String(error));
        });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/graphql`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
