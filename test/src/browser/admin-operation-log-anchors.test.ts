import { entryHash, genesisHash, OperationLog } from '../../../subgraphs/ra/src/records/operation-log';
import { OperationLogEntry } from '../../../subgraphs/ra/src/records/operation-log-entry.entity';
import { accessibilityViolations, describeInBrowser, scenario } from './browser';
import { browserSession } from './browser-stack';

describeInBrowser('admin client: the time-stamp anchors of the operation log (RA-14, issue 15 item 4)', () => {
  const session = browserSession();

  it('an auditor sees the anchors the check found valid, and the anchor a rewrite of the whole chain breaks', async () => {
    const { platform } = session.stack;
    const log = new OperationLog();
    for (const maker of ['entry-1', 'entry-2']) {
      await platform.ra.orm.em
        .fork()
        .transactional((tx) =>
          log.append(tx, { at: new Date(), operation: 'enter', project: 'social-insurance-certificates', maker }),
        );
    }
    await platform.ra.services.operationLogAnchoring.anchor('browser-test');

    await scenario(await session.withToken(['AUDITOR']), 'admin-operation-log-anchors', async (page) => {
      await page.goto('/admin/operation-log');
      await page.getByRole('button', { name: '校验日志' }).click();
      await page.getByText(/1 个可信时间戳锚点与日志相符/).waitFor();

      // Every entry rewritten and every hash recomputed, behind the RA's back: the chain holds, the anchor does not.
      const connection = platform.ra.orm.em.getConnection();
      await connection.execute(
        'alter table "ra"."operation_log_entry" disable trigger "operation_log_entry_append_only"',
      );
      try {
        const entries = await platform.ra.orm.em.fork().find(OperationLogEntry, {}, { orderBy: { sequence: 'asc' } });
        let previousHash = genesisHash;
        for (const entry of entries) {
          const hash = entryHash(previousHash, { ...entry, maker: 'forger' });
          await connection.execute(
            'update "ra"."operation_log_entry" set maker = ?, previous_hash = ?, hash = ? where sequence = ?',
            ['forger', previousHash, hash, entry.sequence],
          );
          previousHash = hash;
        }
      } finally {
        await connection.execute(
          'alter table "ra"."operation_log_entry" enable trigger "operation_log_entry_append_only"',
        );
      }
      await page.getByRole('button', { name: '校验日志' }).click();
      const alert = page.getByRole('alert').filter({ hasText: '日志被整体改写' });
      await alert.waitFor();
      expect(await alert.textContent()).toContain('时间戳令牌所盖的不是这份数据');
      expect(await accessibilityViolations(page)).toEqual([]);
    });
  });
});
