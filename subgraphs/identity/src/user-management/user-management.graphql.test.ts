import type { MikroORM } from '@mikro-orm/postgresql';
import type { Viewer } from '@tessera/kit';
import { errorCodesOf } from '@tessera/kit';
import type { ExecutionResult } from 'graphql';
import { citizenViewer, type GraphHarness, staffViewer, startGraphHarness } from '../testing/graph-harness';
import { capturedLogger, openTestDatabase } from '../testing/identity-test-kit';
import { User } from '../users/user.entity';

const codes = errorCodesOf;
const denied = (result: ExecutionResult) => expect(codes(result)?.[0]).toMatch(/FORBIDDEN|UNAUTHENTICATED/);

describe('profile and user management through the graph (ID-8, ID-12, ID-18, permission matrix)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  let owner: User;
  const { log } = capturedLogger();

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    graph = await startGraphHarness(orm, log);
    const em = orm.em.fork();
    owner = em.create(User, {
      username: 'zhangsan',
      kind: 'citizen',
      displayName: '张三',
      idType: 'RESIDENT_ID_CARD',
      idNumberMasked: '4403**********1239',
      phoneMasked: '138****8000',
      phoneIndex: graph.services.protector.index('phone', '13800138000'),
    });
    await em.flush();
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  const system: Viewer = { kind: 'system', subject: 'hr-portal', roles: new Set(), scopes: new Set(['identity.read']) };
  const viewers = (): [string, Viewer, boolean][] => [
    ['anonymous', { kind: 'anonymous' }, false],
    ['the owner', citizenViewer(owner.id), true],
    ['another citizen', citizenViewer(), false],
    ['a review clerk', staffViewer('REVIEW_CLERK'), false],
    ['a service agent', staffViewer('SERVICE_AGENT'), true],
    ['an administrator', staffViewer('ADMINISTRATOR'), true],
    ['a business system', system, false],
  ];

  it('ID-8: masked verification data through _entities: the owner and user managers only', async () => {
    for (const [who, viewer, allowed] of viewers()) {
      const result = await graph.execute(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { phoneMasked idNumberMasked } } }',
        viewer,
        { r: [{ __typename: 'User', id: owner.id }] },
      );
      if (allowed) {
        expect({ who, data: result.data }).toEqual({
          who,
          data: { _entities: [{ phoneMasked: '138****8000', idNumberMasked: '4403**********1239' }] },
        });
      } else {
        expect({ who, code: codes(result)?.[0] }).toEqual({
          who,
          code: expect.stringMatching(/FORBIDDEN|UNAUTHENTICATED/),
        });
      }
    }
  });

  it('ID-18: only administrators search users (exact phone, through the keyed index)', async () => {
    const query = '{ searchUsers(input: { phone: "13800138000" }) { id username phoneMasked } }';
    for (const [, viewer] of viewers().filter(([who]) => who !== 'an administrator'))
      denied(await graph.execute(query, viewer));
    const result = await graph.execute(query, staffViewer('ADMINISTRATOR'));
    expect(result.data).toEqual({ searchUsers: [{ id: owner.id, username: 'zhangsan', phoneMasked: '138****8000' }] });
  });

  it('ID-18: administrators lock and unlock; auditors read the trail but cannot act', async () => {
    const auditor = staffViewer('AUDITOR');
    const admin = staffViewer('ADMINISTRATOR');
    const lock = `mutation { lockUser(userId: "${owner.id}") { locked } }`;
    denied(await graph.execute(lock, auditor));
    denied(await graph.execute(lock, citizenViewer(owner.id)));
    expect((await graph.execute(lock, admin)).data).toEqual({ lockUser: { locked: true } });
    expect((await graph.execute(`mutation { unlockUser(userId: "${owner.id}") { locked } }`, admin)).data).toEqual({
      unlockUser: { locked: false },
    });
    const trail = await graph.execute(`{ userAdminActions(userId: "${owner.id}") { action actorId } }`, auditor);
    expect(trail.errors).toBeUndefined();
    expect(
      (trail.data as { userAdminActions: { action: string }[] }).userAdminActions.map((a) => a.action).sort(),
    ).toEqual(['lock', 'unlock']);
  });

  it('ID-12: only the citizen asks for a profile change, and username, ID type and ID number are refused', async () => {
    const change = (extra: string) =>
      `mutation { requestProfileChange(input: { bankCode: "ICBC", cardNumber: "6222020000000001230", phone: "13800138000"${extra} }) }`;
    denied(await graph.execute(change(''), staffViewer('ADMINISTRATOR')));
    denied(await graph.execute(change(''), { kind: 'anonymous' }));
    expect(codes(await graph.execute(change(', username: "other"'), citizenViewer(owner.id)))).toEqual([
      'PROFILE_FIELD_IMMUTABLE',
    ]);
    expect(codes(await graph.execute(change(', idNumber: "44030419900101002X"'), citizenViewer(owner.id)))).toEqual([
      'PROFILE_FIELD_IMMUTABLE',
    ]);
  });
});
