import { Client } from 'pg';
import { createTestDatabase } from '../testing/test-database';
import { ClusterNotices } from './cluster-notices';

const until = async (done: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('cluster notices (LISTEN/NOTIFY between replicas)', () => {
  let url: string;
  let sender: Client;

  beforeAll(async () => {
    url = await createTestDatabase();
    sender = new Client({ connectionString: url });
    await sender.connect();
  });
  afterAll(() => sender.end());

  it('hears each notice of its channel, not of others, and after a lost connection says anything may have changed and hears again', async () => {
    const heard: (string | undefined)[] = [];
    const lost: unknown[] = [];
    const notices = await ClusterNotices.listen(
      url,
      'replica_test',
      (payload) => heard.push(payload),
      (error) => lost.push(error),
    );
    try {
      await sender.query(`select pg_notify('replica_test', 'one'), pg_notify('other_channel', 'two')`);
      await until(() => heard.length >= 1);
      expect(heard).toEqual(['one']);

      await sender.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen "replica_test"' and pid <> pg_backend_pid()`,
      );
      await until(() => heard.length >= 3);
      expect(heard.slice(1)).toEqual([undefined, undefined]);
      expect(lost).toHaveLength(1);

      await sender.query(`select pg_notify('replica_test', 'three')`);
      await until(() => heard.includes('three'));
      expect(heard.at(-1)).toBe('three');
    } finally {
      await notices.close();
    }
  });
});
