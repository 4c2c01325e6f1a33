import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Certificate } from '@tessera/certificate';
import { fixedClock } from '../../../subgraphs/ra/src/customer-service/clock';
import { customerServiceRuntime } from '../../../subgraphs/ra/src/customer-service/customer-service-runtime';
import { errorCodes, ok } from '../harness/graph-checks';
import { raCounter } from '../harness/ra-counter';

/**
 * The dashboards' figures (issue 17 item 9) through the gateway, with the admin client's own
 * operation, on rows seeded with known times. The bureau is put in Los Angeles (UTC-7/-8) so that
 * every boundary checked here falls on another day, week or month than it would in China (UTC+8).
 */
const ra = raCounter(['ADMINISTRATOR', 'DEPARTMENT_MANAGER', 'AUDITOR', 'ENTRY_CLERK', 'SERVICE_AGENT'], {
  BUREAU_TIME_ZONE: 'America/Los_Angeles',
});
const { as } = ra;
const dashboards = readFileSync(
  path.join(__dirname, '../../../clients/admin/src/operations/dashboards.graphql'),
  'utf8',
);
const day = 24 * 60 * 60 * 1000;

/** The answer's shape as far as these tests compare it (exact values with `toEqual`). */
type Dashboards = Record<'raDashboard' | 'certificateDashboard', Record<string, unknown[]>>;

const ids = () => randomUUID();

async function seedRa(): Promise<void> {
  const sql = ra.platform.ra.orm.em.getConnection();
  const subscriber = async (region: string) => {
    const id = ids();
    await sql.execute(
      `insert into "ra"."subscriber" (id, kind, social_insurance_number, name, contact_name, contact_phone, region, agency, created_at)
       values (?, 'unit', ?, '晋阳煤业', '赵六', '13800138000', ?, '太原市社会保险管理中心', now())`,
      [id, `SI-${id.slice(0, 8)}`, region],
    );
    return id;
  };
  const taiyuan = await subscriber('太原市');
  const datong = await subscriber('大同市');
  const application = (businessType: string, subscriberId: string | null, createdAt: string) =>
    sql.execute(
      `insert into "ra"."certificate_application" (id, business_type, subscriber_id, created_at, updated_at)
       values (?, ?, ?, ?, ?)`,
      [ids(), businessType, subscriberId, createdAt, createdAt],
    );
  await application('new', taiyuan, '2026-11-01T05:00:00Z'); // 31 October in Los Angeles, 1 November in China
  await application('new', taiyuan, '2026-11-10T12:00:00Z');
  await application('renewal', datong, '2026-11-15T12:00:00Z');
  await application('new', taiyuan, '2026-10-05T12:00:00Z');
  await application('new', taiyuan, '2026-10-01T06:00:00Z'); // 30 September in Los Angeles: before the two months
  await application('renewal', null, '2026-11-18T12:00:00Z');
  await application('new', taiyuan, '2026-11-21T12:00:00Z'); // after "now"

  const log = (applicationId: string, operation: string, at: string) =>
    sql.execute(
      `insert into "ra"."operation_log_entry" (at, operation, application_id, project, maker, previous_hash, hash)
       values (?, ?, ?, 'dashboard-test', 'seed', '', '')`,
      [at, operation, applicationId],
    );
  const [x, y, w, z] = [ids(), ids(), ids(), ids()];
  await log(x, 'submit', '2026-11-02T01:00:00Z');
  await log(x, 'enter', '2026-11-02T02:00:00Z');
  await log(x, 'approve_ca_call', '2026-11-02T02:30:00Z');
  await log(x, 'approve', '2026-11-02T04:00:00Z');
  await log(y, 'submit', '2026-11-03T01:00:00Z');
  await log(y, 'enter', '2026-11-03T04:00:00Z');
  await log(w, 'submit', '2026-09-30T12:00:00Z');
  await log(w, 'enter', '2026-10-02T12:00:00Z');
  await log(z, 'submit', '2026-09-01T12:00:00Z');
  await log(z, 'enter', '2026-09-02T12:00:00Z');

  const consultation = (category: string, receivedAt: string, answered: boolean) =>
    sql.execute(
      `insert into "ra"."consultation" (id, category, handler_role, channel, customer_name, question, received_by, received_at, answered_at)
       values (?, ?, 'service_agent', 'phone', '太原市社保局', '证书如何更新？', ?, ?, ?)`,
      [ids(), category, ids(), receivedAt, answered ? receivedAt : null],
    );
  await consultation('certificate_lifecycle', '2026-11-07T07:59:00Z', true); // Friday 6 November, before the two weeks
  await consultation('certificate_lifecycle', '2026-11-07T08:00:00Z', true);
  await consultation('security_products_sales', '2026-11-14T07:00:00Z', false); // still Friday 13 November there
  await consultation('certificate_lifecycle', '2026-11-18T10:00:00Z', true);
  await consultation('certificate_lifecycle', '2026-11-19T10:00:00Z', false);

  const survey = (score: number, surveyedAt: string) =>
    sql.execute(
      `insert into "ra"."satisfaction_survey" (id, scope, respondent_name, surveyor_id, answers, score, surveyed_at)
       values (?, 'counter', '王五', ?, '{}', ?, ?)`,
      [ids(), ids(), score, surveyedAt],
    );
  await survey(80, '2026-10-15T12:00:00Z');
  await survey(70, '2026-11-01T05:00:00Z');
  await survey(90, '2026-11-05T12:00:00Z');
  await survey(10, '2026-09-15T12:00:00Z');
}

async function seedCertificates(): Promise<void> {
  const em = ra.platform.certificate.orm.em.fork();
  const now = Date.now();
  const certificate = (fields: Partial<Certificate> & { inDays: number }) => {
    const { inDays, ...rest } = fields;
    em.create(Certificate, {
      serialNumber: randomBytes(16).toString('hex'),
      subject: 'CN=dashboard,O=Tessera Test',
      kind: 'personal',
      usage: 'signing',
      notBefore: new Date(now - 300 * day),
      notAfter: new Date(now + inDays * day),
      issuedAt: new Date(now - 300 * day),
      ...rest,
    });
  };
  certificate({ inDays: 10 });
  certificate({ inDays: 45, kind: 'organization' });
  certificate({ inDays: 80 });
  certificate({ inDays: 10, usage: 'encryption' });
  certificate({ inDays: 10, revokedAt: new Date(now - day), revocationReason: 'keyCompromise' });
  certificate({ inDays: 10, issuedAt: null });
  certificate({ inDays: 120 });
  certificate({ inDays: -1 });
  const heldSince = (limitInDays: number) => {
    const at = new Date(now + limitInDays * day);
    at.setUTCMonth(at.getUTCMonth() - 6);
    return at;
  };
  // Suspended (RA-5): the six months run out in 20 days, in 50 days, and ran out yesterday.
  certificate({ inDays: 200, revokedAt: heldSince(20), revocationReason: 'certificateHold' });
  certificate({ inDays: 200, revokedAt: heldSince(50), revocationReason: 'certificateHold' });
  certificate({ inDays: 200, revokedAt: heldSince(-1), revocationReason: 'certificateHold' });
  await em.flush();
}

beforeAll(async () => {
  customerServiceRuntime.clock = fixedClock('2026-11-20T20:00:00Z'); // Friday noon in Los Angeles
  await seedRa();
  await seedCertificates();
});

describe('dashboards for administrators and the department manager (issue 17 item 9)', () => {
  it('counts applications per month, business type and region, months cut in the bureau time zone', async () => {
    const { raDashboard } = ok(await as<Dashboards>('DEPARTMENT_MANAGER', dashboards, { months: 2, weeks: 2 }));
    expect(raDashboard.applicationsPerMonth).toEqual([
      { month: '2026-10', businessType: 'NEW', region: '太原市', count: 2 },
      { month: '2026-11', businessType: 'NEW', region: '太原市', count: 1 },
      { month: '2026-11', businessType: 'RENEWAL', region: '大同市', count: 1 },
      { month: '2026-11', businessType: 'RENEWAL', region: null, count: 1 },
    ]);
  });

  it('RA-14: averages the time of each workflow step from the previous step in the operation log', async () => {
    const { raDashboard } = ok(await as<Dashboards>('ADMINISTRATOR', dashboards, { months: 2, weeks: 2 }));
    expect(raDashboard.stepDurations).toEqual([
      { step: 'ENTER', count: 3, averageSeconds: (3600 + 3 * 3600 + 2 * 86400) / 3 },
      { step: 'APPROVE', count: 1, averageSeconds: 2 * 3600 },
    ]);
  });

  it('CS-2: counts consultations per Friday week and category, weeks ending on Friday midnight there', async () => {
    const { raDashboard } = ok(await as<Dashboards>('DEPARTMENT_MANAGER', dashboards, { months: 2, weeks: 2 }));
    expect(raDashboard.consultationsPerWeek).toEqual([
      { weekEnding: '2026-11-13', category: 'CERTIFICATE_LIFECYCLE', count: 1, answered: 1 },
      { weekEnding: '2026-11-13', category: 'SECURITY_PRODUCTS_SALES', count: 1, answered: 0 },
      { weekEnding: '2026-11-20', category: 'CERTIFICATE_LIFECYCLE', count: 2, answered: 1 },
    ]);
  });

  it('CS-6: averages the satisfaction score per month', async () => {
    const { raDashboard } = ok(await as<Dashboards>('DEPARTMENT_MANAGER', dashboards, { months: 2, weeks: 2 }));
    expect(raDashboard.satisfactionPerMonth).toEqual([
      { month: '2026-10', surveys: 2, averageScore: 75 },
      { month: '2026-11', surveys: 1, averageScore: 90 },
    ]);
  });

  it('CT-1, RA-5: counts valid signing certificates expiring within 30/60/90 days and suspensions nearing six months', async () => {
    const { certificateDashboard } = ok(
      await as<Dashboards>('DEPARTMENT_MANAGER', dashboards, { months: 2, weeks: 2 }),
    );
    expect(certificateDashboard).toEqual({
      expiring: [
        { withinDays: 30, kind: 'PERSONAL', count: 1 },
        { withinDays: 60, kind: 'ORGANIZATION', count: 1 },
        { withinDays: 60, kind: 'PERSONAL', count: 1 },
        { withinDays: 90, kind: 'ORGANIZATION', count: 1 },
        { withinDays: 90, kind: 'PERSONAL', count: 2 },
      ],
      suspensionsNearingLimit: [
        { withinDays: 30, count: 1 },
        { withinDays: 60, count: 2 },
        { withinDays: 90, count: 2 },
      ],
    });
  });

  it('is denied to other staff and to anonymous callers; the department manager reads the Friday summary (CS-2)', async () => {
    for (const who of ['AUDITOR', 'ENTRY_CLERK', 'SERVICE_AGENT']) {
      const denied = await as(who, dashboards, { months: 2, weeks: 2 });
      expect(errorCodes(denied)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
      expect(denied.body.data).toEqual({ raDashboard: null, certificateDashboard: null });
    }
    const anonymous = await as('nobody', dashboards, { months: 2, weeks: 2 });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(anonymous.body.data).toEqual({ raDashboard: null, certificateDashboard: null });
    // In China the Saturday-morning consultation of 14 November would make it three.
    const summary = ok(
      await as<{ consultationWeeklySummary: unknown }>(
        'DEPARTMENT_MANAGER',
        '{ consultationWeeklySummary(weekEnding: "2026-11-20") { total answered } }',
      ),
    );
    expect(summary.consultationWeeklySummary).toEqual({ total: 2, answered: 1 });
  });
});
