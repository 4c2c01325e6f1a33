import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { User } from '@tessera/identity';
import { type StaffRole, staffRoles } from '@tessera/kit';
import { buildSchema } from 'graphql';
import { badCalls, type FieldCalls } from '../harness/bad-arguments';
import { type GraphResponse, graphql, startTestPlatform, type TestPlatform } from '../harness/platform';

/**
 * Issue 11, item 6: bad input (a non-UUID id, a negative or huge number, a NUL byte, an over-long
 * string) is refused at the schema's edge with a typed client error, in every root field of every
 * subgraph, whoever calls: never an INTERNAL_SERVER_ERROR or a 5xx.
 */
let platform: TestPlatform;
const callers: Record<string, string> = {};

beforeAll(async () => {
  platform = await startTestPlatform();
  for (const role of staffRoles as readonly StaffRole[]) {
    callers[role] = await platform.token({ subject: randomUUID(), kind: 'staff', roles: [role] });
  }
  const em = platform.identity.orm.em.fork();
  const citizen = em.create(User, { username: 'zhaoliu', kind: 'citizen', displayName: '赵六' });
  await em.flush();
  callers.citizen = await platform.token({ subject: citizen.id, kind: 'citizen', realNameVerified: true });
  callers.service = await platform.token({ subject: 'ra', kind: 'service' });
});

afterAll(() => platform?.stop());

const schemaDir = path.join(__dirname, '..', '..', '..', 'schema');
const sdl = (file: string) => buildSchema(readFileSync(path.join(schemaDir, file), 'utf8'), { assumeValidSDL: true });

const denied = new Set(['FORBIDDEN', 'UNAUTHENTICATED']);
const codes = (response: GraphResponse) => (response.body.errors ?? []).map((e) => String(e.extensions?.code));

/** Runs `work` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/**
 * Every bad call of the schema, for each field as each kind of caller: every caller asks once with
 * plausible arguments; callers the shield refuses are done, and of the others one per distinct
 * answer (a clerk and an administrator may take different paths, eight clerks of one path need
 * not all be asked) sends the bad calls. Answers the offending calls.
 */
async function offenders(url: string, fields: FieldCalls[]): Promise<string[]> {
  const found: string[] = [];
  const send = async (field: FieldCalls, caller: string, what: string, variables: Record<string, unknown>) => {
    const response = await graphql(url, field.query, { token: callers[caller], variables });
    const answered = codes(response);
    if (response.status >= 500 || answered.includes('INTERNAL_SERVER_ERROR')) {
      found.push(`${field.field} ${what} as ${caller}: HTTP ${response.status} ${answered.join(',')}`);
    }
    return `${response.status} ${answered.sort().join(',')}`;
  };
  await pool(fields, 8, async (field) => {
    const paths = new Map<string, string>();
    for (const caller of Object.keys(callers)) {
      const answer = await send(field, caller, 'plausible arguments', field.plausible);
      const refused = answer
        .split(' ')[1]
        ?.split(',')
        .every((c) => denied.has(c));
      if (!refused && !paths.has(answer)) paths.set(answer, caller);
    }
    for (const caller of paths.values()) {
      for (const call of field.bad) await send(field, caller, call.what, call.variables);
    }
  });
  return found.sort();
}

/** About 2,000 calls; some 15 s on an idle machine, more when the suite shares it. */
const walkTimeout = 120_000;

describe('bad arguments at the edge of the graph (issue 11, item 6)', () => {
  it(
    'no root field of the supergraph answers INTERNAL_SERVER_ERROR or a 5xx to bad arguments',
    async () => {
      const calls = badCalls(sdl('api.graphql'));
      expect(calls.flatMap((c) => c.bad).length).toBeGreaterThan(300);
      expect(await offenders(platform.gateway.url, calls)).toEqual([]);
    },
    walkTimeout,
  );

  it.each(['identity', 'certificate', 'ra'] as const)(
    'nor does any root field of the %s subgraph, asked directly',
    async (name) => {
      const calls = badCalls(sdl(path.join('subgraphs', `${name}.graphql`)));
      expect(calls.flatMap((c) => c.bad).length).toBeGreaterThan(20);
      expect(await offenders(platform[name].url, calls)).toEqual([]);
    },
    walkTimeout,
  );
});
