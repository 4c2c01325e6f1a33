import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@tessera/kit';
import { capturedLogger, openMigratedDatabase } from '../testing/identity-test-kit';

/** Migration 0014 on a database where actions on business systems kept the system's code in `detail` (ID-17). */
describe('migration 0014: actions on business systems name their system', () => {
  const { log } = capturedLogger();

  it('moves the code of earlier system actions to their own column, and leaves other actions alone', async () => {
    const url = await createTestDatabase();
    const before = await openMigratedDatabase(url, log, 13);
    try {
      const db = before.em.getConnection();
      const action = (name: string, detail: string) =>
        db.execute(
          `insert into "identity"."admin_action" ("id", "actor_id", "action", "detail", "at") values (?, 'admin-1', ?, ?, now())`,
          [randomUUID(), name, detail],
        );
      for (const name of ['register_system', 'rotate_system_secret', 'system_suspended', 'system_active']) {
        await action(name, 'hr-portal');
      }
      await action('system_retired', 'tax-link');
      await action('search', 'idNumber');
      await action('rotate_signing_key', 'key-1');
    } finally {
      await before.close();
    }

    const after = await openMigratedDatabase(url, log);
    try {
      const rows: { action: string; detail: string | null; system_code: string | null }[] = await after.em
        .getConnection()
        .execute(`select "action", "detail", "system_code" from "identity"."admin_action"`);
      expect(rows.map((r) => [r.system_code ?? 'none', r.action, r.detail]).sort()).toEqual([
        ['hr-portal', 'register_system', null],
        ['hr-portal', 'rotate_system_secret', null],
        ['hr-portal', 'system_active', null],
        ['hr-portal', 'system_suspended', null],
        ['none', 'rotate_signing_key', 'key-1'],
        ['none', 'search', 'idNumber'],
        ['tax-link', 'system_retired', null],
      ]);
    } finally {
      await after.close();
    }
  });
});
