import { readFile } from 'node:fs/promises';
import { seedDemoData } from '../../../gateway/src/platform/demo-data';
import { adminSignIn, openSection } from './admin-client';
import { accessibilityViolations, describeInBrowser, scenario } from './browser';
import { browserSession } from './browser-stack';

/** The charts of the page, by the id each exports under. */
const charts = [
  'applications-per-month',
  'applications-per-region',
  'step-durations',
  'consultations-per-week',
  'satisfaction-per-month',
  'certificates-expiring',
  'suspensions-nearing-limit',
];

describeInBrowser('admin client: the dashboards with the demo data of npm start (issue 17 item 9)', () => {
  const session = browserSession();
  beforeAll(async () => {
    await seedDemoData(session.stack.platform);
  });

  it('the department manager sees every chart drawn from the demo figures and exports a chart as CSV and as SVG', async () => {
    await scenario(await session.context(), 'admin-dashboards', async (page) => {
      await adminSignIn(page, 'department_manager');
      await openSection(page, '统计图表');
      await page.getByRole('heading', { name: '统计图表', level: 1 }).waitFor();
      for (const chart of charts) {
        const card = page.locator(`[data-chart="${chart}"]`);
        // Drawn, with data: bars or a line in the chart's SVG.
        await card
          .locator('svg.recharts-surface .recharts-bar-rectangle, svg.recharts-surface .recharts-line-curve')
          .first()
          .waitFor();
      }
      expect(await page.getByText('本期间没有数据。').count()).toBe(0);

      const expiring = page.locator('[data-chart="certificates-expiring"]');
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        expiring.getByRole('button', { name: '导出 CSV' }).click(),
      ]);
      expect(csv.suggestedFilename()).toBe('certificates-expiring.csv');
      // The demo's certificates end in 5, 12, 25, 38, 44, 52, 67, 75 and 88 days (and one in 200).
      expect((await readFile(await csv.path(), 'utf8')).split('\r\n')).toEqual([
        '\uFEFF期限,单位证书,个人证书,服务器证书',
        '30 天内,1,2,0',
        '60 天内,2,3,1',
        '90 天内,4,4,1',
        '',
      ]);
      const [svg] = await Promise.all([
        page.waitForEvent('download'),
        expiring.getByRole('button', { name: '导出图片' }).click(),
      ]);
      expect(svg.suggestedFilename()).toBe('certificates-expiring.svg');
      expect(await readFile(await svg.path(), 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

      expect(await accessibilityViolations(page)).toEqual([]);
    });
  });

  it('other staff find no dashboards in their menu', async () => {
    await scenario(await session.withToken(['AUDITOR']), 'admin-dashboards-auditor', async (page) => {
      await page.goto('/admin/');
      await page
        .getByRole('navigation', { name: '菜单' })
        .getByRole('link', { name: '操作日志', exact: true })
        .waitFor();
      expect(await page.getByRole('navigation', { name: '菜单' }).getByRole('link', { name: '统计图表' }).count()).toBe(
        0,
      );
    });
  });
});
