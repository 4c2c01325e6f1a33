import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { buildSubgraph, createLogger, type GraphContext, Loaders, type StaffRole, type Viewer } from '@tessera/kit';
import { type ExecutionResult, type GraphQLSchema, graphql } from 'graphql';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { fixedClock } from './clock';
import { customerServiceRuntime } from './customer-service-runtime';
import { openCustomerServiceTestDatabase } from './customer-service-test-database';
import { customerService } from './index';

/**
 * The kit always allows `Query._entities`, which exists only in a schema with an entity: the RA
 * schema has several, this context none, so the test schema gets a stand-in.
 */
@ObjectType('CustomerServiceTestEntity')
@Directive('@key(fields: "id")')
class StandInEntity {
  @Field(() => ID)
  id!: string;
}

const log = createLogger({ service: 'customer-service-graphql-test', level: 'silent' });
const staff = (...roles: StaffRole[]): Viewer => ({
  kind: 'staff',
  subject: randomUUID(),
  roles: new Set(roles),
  scopes: new Set(),
});
const citizen = (): Viewer => ({ kind: 'citizen', subject: randomUUID(), roles: new Set(), scopes: new Set() });

describe('customer service through GraphQL (CS-1..CS-6, permissions)', () => {
  let orm: MikroORM;
  let schema: GraphQLSchema;
  const agent = staff('SERVICE_AGENT');
  const auditor = staff('AUDITOR');
  const clerk = staff('ENTRY_CLERK');

  const run = (source: string, viewer: Viewer, variables?: Record<string, unknown>): Promise<ExecutionResult> => {
    const em = orm.em.fork() as GraphContext['em'];
    const contextValue: GraphContext = {
      requestId: randomUUID(),
      locale: 'en',
      log,
      viewer,
      em,
      loaders: new Loaders(em),
    };
    return graphql({ schema, source, contextValue, variableValues: variables });
  };
  const codes = (result: ExecutionResult) => (result.errors ?? []).map((e) => e.extensions.code);

  beforeAll(async () => {
    customerServiceRuntime.clock = fixedClock('2026-11-20T02:00:00Z');
    orm = await openCustomerServiceTestDatabase();
    ({ schema } = await buildSubgraph({
      resolvers: [...customerService.resolvers],
      orphanedTypes: [StandInEntity],
      references: { CustomerServiceTestEntity: () => null },
      rules: customerService.rules,
      entityKeys: { CustomerServiceTestEntity: ['id'] },
    }));
  });
  afterAll(() => orm.close());

  it('CS-1, CS-2: an agent records a consultation; auditors read the week summary; other staff are denied', async () => {
    const recorded = await run(
      `mutation { recordConsultation(input: { category: SECURITY_PRODUCTS_SALES, channel: PHONE, customerName: "某单位", question: "EKey价格？" }) { id handlerRole } }`,
      agent,
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data).toMatchObject({ recordConsultation: { handlerRole: 'MARKETING' } });
    const summary = '{ consultationWeeklySummary(weekEnding: "2026-11-20") { total byCategory { category count } } }';
    expect((await run(summary, auditor)).data).toEqual({
      consultationWeeklySummary: {
        total: 1,
        byCategory: [
          { category: 'CERTIFICATE_LIFECYCLE', count: 0 },
          { category: 'SECURITY_PRODUCTS_SALES', count: 1 },
          { category: 'SECURITY_TECHNOLOGY_LAW', count: 0 },
        ],
      },
    });
    expect(codes(await run(summary, clerk))).toEqual(['FORBIDDEN']);
    expect(codes(await run(summary, { kind: 'anonymous' }))).toEqual(['UNAUTHENTICATED']);
    const byAuditor = await run(
      `mutation { recordConsultation(input: { category: CERTIFICATE_LIFECYCLE, channel: COUNTER, customerName: "x", question: "y" }) { id } }`,
      auditor,
    );
    expect(codes(byAuditor)).toEqual(['FORBIDDEN']);
  });

  it('CS-3, CS-4: a call is escalated and followed up; an on-site order carries its seven-working-day promise', async () => {
    const call = await run(
      `mutation { recordPhoneCall(input: { kind: PROBLEM, callerName: "王芳", callerPhone: "13800000000", description: "无法签名" }) { id state } }`,
      agent,
    );
    const id = (call.data as { recordPhoneCall: { id: string } }).recordPhoneCall.id;
    const escalated = await run(
      'mutation($id: UUID!) { escalatePhoneCall(input: { id: $id, technician: "李工", details: "手册无解" }) { state followUps { note } } }',
      agent,
      { id },
    );
    expect(escalated.data).toEqual({ escalatePhoneCall: { state: 'ESCALATED', followUps: [{ note: '手册无解' }] } });
    const order = await run(
      `mutation { requestOnSiteService(input: { customerName: "阳曲县社保中心", customerPhone: "13800000000", address: "黄寨镇", problem: "无法登录" }) { state promisedBy overdue } }`,
      agent,
    );
    expect(order.data).toEqual({
      requestOnSiteService: { state: 'REQUESTED', promisedBy: '2026-12-01T16:00:00.000Z', overdue: false },
    });
  });

  it('CS-5: a citizen lodges a complaint and follows it, without seeing the internal verification', async () => {
    const person = citizen();
    const lodged = await run(
      'mutation { lodgeComplaint(input: { complainantName: "张三", statement: "窗口办理超时" }) { id state } }',
      person,
    );
    expect(lodged.errors).toBeUndefined();
    const id = (lodged.data as { lodgeComplaint: { id: string } }).lodgeComplaint.id;
    await run(
      'mutation($id: UUID!) { recordComplaint(input: { id: $id, record: "等候两小时", responsiblePerson: "刘某" }) { state } }',
      agent,
      { id },
    );
    expect(
      codes(
        await run('mutation($id: UUID!) { verifyComplaint(input: { id: $id, text: "自证" }) { state } }', person, {
          id,
        }),
      ),
    ).toEqual(['FORBIDDEN']);
    const mine = await run('{ myComplaints { state statement responsiblePerson } }', person);
    expect(mine.data).toEqual({
      myComplaints: [{ state: 'RECORDED', statement: '窗口办理超时', responsiblePerson: null }],
    });
    expect(codes(mine)).toEqual(['FORBIDDEN']);
    const other = await run('{ myComplaints { id } }', citizen());
    expect(other.data).toEqual({ myComplaints: [] });
    const rows = await run('{ complaintWorkflow { from event to roles } }', auditor);
    expect((rows.data as { complaintWorkflow: unknown[] }).complaintWorkflow[0]).toEqual({
      from: null,
      event: 'RECEIVE',
      to: 'RECEIVED',
      roles: ['SERVICE_AGENT', 'CITIZEN'],
    });
  });

  it('CS-6: an agent records a survey; an administrator reads the report', async () => {
    const answers = ['ATTITUDE', 'RESPONSIVENESS', 'COMPETENCE', 'RESOLUTION', 'OVERALL']
      .map((q) => `{ question: ${q}, score: 5 }`)
      .join(', ');
    const recorded = await run(
      `mutation { recordSatisfactionSurvey(input: { scope: "2026Q4", respondentName: "某单位", answers: [${answers}] }) { score } }`,
      agent,
    );
    expect(recorded.data).toEqual({ recordSatisfactionSurvey: { score: 100 } });
    const report = await run(
      '{ satisfactionReport(from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z") { count averageScore distribution { level count } } }',
      staff('ADMINISTRATOR'),
    );
    expect(report.data).toMatchObject({ satisfactionReport: { count: 1, averageScore: 100 } });
    const invalid = await run(
      'mutation { recordSatisfactionSurvey(input: { scope: "s", respondentName: "r", answers: [{ question: OVERALL, score: 9 }] }) { score } }',
      agent,
    );
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'SURVEY_ANSWERS_INVALID' });
  });
});
