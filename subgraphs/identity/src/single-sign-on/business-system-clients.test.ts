import type { MikroORM } from '@mikro-orm/postgresql';
import type { ClusterNotices } from '@tessera/kit';
import pg from 'pg';
import { ApplicationSystem } from '../application-systems/application-system.entity';
import { openTestDatabase } from '../testing/identity-test-kit';
import { BusinessSystemClients } from './business-system-clients';

/** Statements sent to PostgreSQL through any client of this process while `work` runs. */
async function statementsDuring(work: () => Promise<unknown>): Promise<number> {
  const original = pg.Client.prototype.query;
  let count = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return count;
}

async function until(check: () => Promise<boolean>, timeoutMs = 1_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

describe("business systems as the provider's clients, kept in memory (issue 12, ID-17)", () => {
  let orm: MikroORM;
  const replicas: BusinessSystemClients[] = [];
  const listeners: ClusterNotices[] = [];

  beforeAll(async () => {
    orm = await openTestDatabase();
    const url = orm.config.get('clientUrl') as string;
    for (let i = 0; i < 2; i++) {
      const clients = new BusinessSystemClients(orm.em);
      replicas.push(clients);
      listeners.push(await clients.follow(url, () => undefined));
    }
    const em = orm.em.fork();
    em.create(ApplicationSystem, {
      code: 'cached-portal',
      name: '门户',
      owner: '信息中心',
      scopes: ['openid', 'profile'],
      redirectUris: ['https://portal.example.test/callback'],
      tokenEndpointAuthMethod: 'none',
    });
    await em.flush();
  });
  afterAll(async () => {
    await Promise.all(listeners.map((l) => l.close()));
    await orm.close();
  });

  it('reads a system once, then answers from memory', async () => {
    const [one] = replicas as [BusinessSystemClients];
    expect((await one.find('cached-portal'))?.client_name).toBe('门户');
    // (The notice of the row's insert may still arrive and drop the entry once.)
    await until(async () => (await statementsDuring(() => one.find('cached-portal'))) === 0);
    expect(await statementsDuring(() => one.find('cached-portal'))).toBe(0);
    // An unknown code is read every time (nothing is kept of it) and never reaches SQL malformed.
    expect(await one.find('no-such-system')).toBeUndefined();
    expect(await statementsDuring(() => one.find('no-such-system'))).toBe(1);
    expect(await statementsDuring(() => one.find("x'; drop table"))).toBe(0);
  });

  it('drops what every replica keeps when the row changes, by whatever means, within a second', async () => {
    for (const clients of replicas) expect((await clients.find('cached-portal'))?.client_name).toBe('门户');
    // A change made in SQL, by none of the services: the table's trigger tells every replica.
    await orm.em
      .fork()
      .execute(`update "identity"."application_system" set "name" = '新门户' where "code" = 'cached-portal'`);
    for (const clients of replicas) {
      await until(async () => (await clients.find('cached-portal'))?.client_name === '新门户');
    }
    await orm.em
      .fork()
      .execute(`update "identity"."application_system" set "status" = 'suspended' where "code" = 'cached-portal'`);
    for (const clients of replicas) {
      await until(async () => (await clients.find('cached-portal')) === undefined);
    }
  });

  it('does not keep what a read found when a change came while it was reading', async () => {
    const clients = new BusinessSystemClients(orm.em);
    await orm.em
      .fork()
      .execute(`update "identity"."application_system" set "status" = 'active' where "code" = 'cached-portal'`);
    const reading = clients.find('cached-portal');
    clients.forget('cached-portal');
    expect(await reading).toBeDefined();
    expect(await statementsDuring(() => clients.find('cached-portal'))).toBe(1);
  });
});
