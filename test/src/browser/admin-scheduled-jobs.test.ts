import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { graphql } from '../harness/platform';
import { adminSignIn, openSection } from './admin-client';
import { accessibilityViolations, describeInBrowser, horizontalOverflow, phone, scenario } from './browser';
import { browserSession } from './browser-stack';

/** Every job of every subgraph, by the heading of its table, with the words the page gives it. */
const jobs = {
  统一身份: {
    service: 'identity',
    labels: {
      'captcha-purge': '清理过期的图形验证码',
      'sms-request-purge': '清理过期的短信发送记录',
      'oidc-record-purge': '清理过期的单点登录记录',
      'certificate-challenge-purge': '清理过期的证书登录挑战',
    },
  },
  证书: {
    service: 'certificate',
    labels: {
      'hold-release': '解除超过六个月的挂起',
      'crl-refresh': '按时重新发布证书吊销列表',
    },
  },
  注册审核: {
    service: 'ra',
    labels: {
      'weekly-consultation-summary': '咨询记录周汇总',
      'suspension-review': '挂起超期转吊销审核',
      'orphan-document-sweep': '清理无申请引用的材料副本',
      'operation-log-anchor': '为操作日志链首加盖可信时间戳',
    },
  },
} as const;

interface Job {
  name: string;
  lastRun: { outcome: string; errorCode: string | null } | null;
  lastSuccessAt: string | null;
  failuresInARow: number;
}

const fields = 'name lastRun { outcome errorCode } lastSuccessAt failuresInARow';

/** The RA keeps uploads in this directory, so it sweeps it: the job this test breaks for real. */
const documentsDir = mkdtempSync(path.join(os.tmpdir(), 'tessera-jobs-page-'));

describeInBrowser('admin client: the scheduled jobs of every service, for administrators (issue 13 item 2)', () => {
  const session = browserSession({
    RA_DOCUMENTS_DIR: documentsDir,
    SCHEDULED_JOB_PERIODS: Object.values(jobs)
      .flatMap(({ labels }) => Object.keys(labels))
      .map((job) => `${job}=1`)
      .join(','),
  });
  afterAll(() => rmSync(documentsDir, { recursive: true, force: true }));

  async function jobsOf(token: string): Promise<Record<string, Job[]>> {
    const { body } = await graphql<Record<string, Job[]>>(
      session.stack.platform.gateway.url,
      `{ identityScheduledJobs { ${fields} } certificateScheduledJobs { ${fields} } raScheduledJobs { ${fields} } }`,
      { token },
    );
    expect(body.errors).toBeUndefined();
    return body.data as Record<string, Job[]>;
  }

  /** Polls the graph until `done` holds for the jobs (each period is one second here). */
  async function until(token: string, done: (all: Job[]) => boolean): Promise<Job[]> {
    let all: Job[] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
      all = Object.values(await jobsOf(token)).flat();
      if (done(all)) return all;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`the jobs never got there: ${JSON.stringify(all)}`);
  }

  it('an administrator sees every job with its latest run, and a sweep whose storage is gone as failed with its error code', async () => {
    const { platform } = session.stack;
    const admin = await platform.token({ subject: 'browser-jobs-admin', kind: 'staff', roles: ['ADMINISTRATOR'] });
    const listed = await jobsOf(admin);
    for (const { service, labels } of Object.values(jobs)) {
      expect((listed[`${service}ScheduledJobs`] ?? []).map((job) => job.name).sort()).toEqual(
        Object.keys(labels).sort(),
      );
    }
    await until(admin, (all) => all.every((job) => job.lastSuccessAt !== null));

    // The documents directory is replaced by a file (a volume gone wrong): the next sweep cannot read it.
    rmSync(documentsDir, { recursive: true, force: true });
    writeFileSync(documentsDir, '');
    const sweep = (all: Job[]) => all.find((job) => job.name === 'orphan-document-sweep');
    await until(admin, (all) => (sweep(all)?.failuresInARow ?? 0) >= 2);

    const context = await session.context();
    await scenario(context, 'admin-scheduled-jobs', async (page) => {
      await adminSignIn(page, 'administrator');
      await openSection(page, '定时任务');
      await page.getByRole('heading', { name: '定时任务', level: 1 }).waitFor();
      await page.getByRole('button', { name: '刷新' }).click();
      for (const [heading, { labels }] of Object.entries(jobs)) {
        const table = page.getByRole('region', { name: heading });
        await table.getByRole('table').waitFor();
        expect(await table.getByRole('row').count()).toBe(Object.keys(labels).length + 1);
        for (const [name, label] of Object.entries(labels)) {
          // The job's words on screen, its id only as their tooltip (issue 17 item 6).
          const row = table.getByRole('row').filter({ has: page.locator(`[data-job="${name}"]`) });
          await row.getByText(label, { exact: true }).waitFor();
          expect(await row.locator('.job-name').getAttribute('title')).toBe(name);
          expect(await row.getByText(name, { exact: true }).count()).toBe(0);
          // A latest run: its replica (host:pid) and an outcome.
          await row.getByText(/^[^\s:]+:\d+$/).waitFor();
          if (name === 'orphan-document-sweep') {
            // Waits rather than reads: the page may have been fetched while a run was under way.
            await row.locator('.badge', { hasText: '失败' }).waitFor();
            expect(await row.locator('.badge').getAttribute('data-error-code')).toBe('INTERNAL_SERVER_ERROR');
            expect(await row.getByText('INTERNAL_SERVER_ERROR').count()).toBe(0);
            expect(Number(await row.locator('.failures-in-a-row').textContent())).toBeGreaterThanOrEqual(2);
          } else {
            expect(['成功', '运行中']).toContain(await row.locator('.badge').textContent());
            expect(await row.locator('.failures-in-a-row').count()).toBe(0);
          }
        }
      }
      expect(await accessibilityViolations(page)).toEqual([]);

      // The sweep fails every second; the page refreshes every ten, the button at once.
      const failures = page.getByRole('region', { name: '注册审核' }).locator('.failures-in-a-row');
      const shown = Number(await failures.textContent());
      let refreshed = shown;
      for (const deadline = Date.now() + 5_000; refreshed <= shown && Date.now() < deadline; ) {
        await page.waitForTimeout(1_000);
        await page.getByRole('button', { name: '刷新' }).click();
        await page.getByRole('button', { name: '刷新' }).and(page.locator(':enabled')).waitFor();
        refreshed = Number(await failures.textContent());
      }
      expect(refreshed).toBeGreaterThan(shown);
    });

    // The page fits a phone: a card per job, nothing wider than the screen.
    await scenario(await session.withToken(['ADMINISTRATOR'], phone), 'admin-scheduled-jobs-phone', async (page) => {
      await page.goto('/admin/scheduled-jobs');
      await page.getByRole('region', { name: '注册审核' }).getByRole('table').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await accessibilityViolations(page)).toEqual([]);

      // Other tables scroll sideways on a phone: the keyboard reaches the scroll (it is a named stop).
      await page.goto('/admin/systems');
      const scroll = page.getByRole('group', { name: '应用系统' });
      await scroll.waitFor();
      expect(await scroll.getAttribute('tabindex')).toBe('0');
      expect(await accessibilityViolations(page, ['scrollable-region-focusable'])).toEqual([]);
    });
  });

  it('auditors read the page; other staff get neither the page nor the jobs', async () => {
    await scenario(await session.withToken(['AUDITOR']), 'admin-scheduled-jobs-auditor', async (page) => {
      await page.goto('/admin/');
      await openSection(page, '定时任务');
      await page.getByRole('region', { name: '证书' }).locator('[data-job="crl-refresh"]').waitFor();
      // Auditors refresh too (the button waits while a refresh is under way).
      await page.getByRole('button', { name: '刷新' }).click();
      await page.getByRole('region', { name: '注册审核' }).locator('[data-job="suspension-review"]').waitFor();
    });

    const clerks = ['ENTRY_CLERK', 'REVIEW_CLERK', 'ISSUING_CLERK', 'ARCHIVE_CLERK', 'SERVICE_AGENT'] as const;
    await scenario(await session.withToken([...clerks]), 'admin-scheduled-jobs-clerk', async (page) => {
      await page.goto('/admin/');
      const menu = page.getByRole('navigation', { name: '菜单' });
      await menu.getByRole('link', { name: '录入', exact: true }).waitFor();
      expect(await menu.getByRole('link', { name: '定时任务', exact: true }).count()).toBe(0);
      await page.goto('/admin/scheduled-jobs');
      await page.getByRole('heading', { name: '页面不存在' }).waitFor();
    });
    const clerk = await session.stack.platform.token({
      subject: 'browser-jobs-clerk',
      kind: 'staff',
      roles: [...clerks],
    });
    for (const field of ['identityScheduledJobs', 'certificateScheduledJobs', 'raScheduledJobs']) {
      const { body } = await graphql(session.stack.platform.gateway.url, `{ ${field} { name } }`, { token: clerk });
      expect({ field, codes: body.errors?.map((e) => e.extensions?.code) }).toEqual({ field, codes: ['FORBIDDEN'] });
    }
  });

  it('with the certificate subgraph down, its table shows the error and the other services still show their jobs', async () => {
    await session.stack.platform.certificate.close();
    await scenario(await session.withToken(['AUDITOR']), 'admin-scheduled-jobs-service-down', async (page) => {
      await page.goto('/admin/scheduled-jobs');
      await page.getByRole('region', { name: '证书' }).getByRole('alert').waitFor();
      expect(await page.getByRole('region', { name: '证书' }).getByRole('table').count()).toBe(0);
      for (const heading of ['统一身份', '注册审核']) {
        const table = page.getByRole('region', { name: heading });
        await table.getByRole('table').waitFor();
        expect(await table.getByRole('alert').count()).toBe(0);
      }
    });
  });
});
