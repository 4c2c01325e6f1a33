import type { MikroORM } from '@mikro-orm/postgresql';
import { type StaffRole, staffRoles, type Viewer } from '@tessera/kit';
import { systemScopes } from './application-systems/system-scopes';
import { citizenViewer, type GraphHarness, staffViewer, startGraphHarness } from './testing/graph-harness';
import { capturedLogger, openTestDatabase } from './testing/identity-test-kit';
import { User } from './users/user.entity';

type Principal = 'anonymous' | 'owner' | 'citizen' | StaffRole | 'system' | 'system-without-scope';

const everyone: Principal[] = ['anonymous', 'owner', 'citizen', ...staffRoles, 'system', 'system-without-scope'];
const staff: Principal[] = [...staffRoles];
const people: Principal[] = ['owner', 'citizen', ...staffRoles];
const citizens: Principal[] = ['owner', 'citizen'];

/**
 * Every operation of the identity subgraph, with who may call it; everyone else must get
 * FORBIDDEN or UNAUTHENTICATED. A domain error (a wrong captcha, say) counts as allowed: the
 * shield let the call through.
 */
function operations(userId: string): [string, string, Principal[]][] {
  return [
    ['banks', '{ banks { code } }', everyone],
    ['faq', '{ faq { id } }', everyone],
    ['securityQuestionCatalogue', '{ securityQuestionCatalogue { id } }', everyone],
    ['issueCaptcha', 'mutation { issueCaptcha { id } }', everyone],
    ['startRegistration', 'mutation { startRegistration { id } }', everyone],
    ['registrationFlow', '{ registrationFlow(id: "none") { id } }', everyone],
    [
      'signIn',
      'mutation { signIn(input: { username: "x", password: "y", captchaId: "c", captchaAnswer: "a" }) { accessToken } }',
      everyone,
    ],
    ['refreshSession', 'mutation { refreshSession(refreshToken: "x") { accessToken } }', everyone],
    [
      'changeTemporaryPassword',
      'mutation { changeTemporaryPassword(input: { ticket: "x", newPassword: "y", confirmPassword: "y" }) { status } }',
      everyone,
    ],
    [
      'startPasswordRecovery',
      'mutation { startPasswordRecovery(input: { username: "x", captchaId: "c", captchaAnswer: "a" }) { flowId } }',
      everyone,
    ],
    [
      'requestUsernameRecoveryCode',
      'mutation { requestUsernameRecoveryCode(input: { name: "张三", idType: RESIDENT_ID_CARD, idNumber: "1", captchaId: "c", captchaAnswer: "a" }) { id } }',
      everyone,
    ],
    [
      'requestPasswordRecoveryCode',
      'mutation { requestPasswordRecoveryCode(flowId: "x", idNumber: "1") { state } }',
      everyone,
    ],
    ['me', '{ me { id } }', [...people, 'system', 'system-without-scope']],
    ['user', `{ user(id: "${userId}") { id } }`, staff],
    ['mySessions', '{ mySessions { id } }', people],
    ['mySessions.systems', '{ mySessions { systems { code name signedInAt } } }', people],
    ['signOut', 'mutation { signOut }', people],
    [
      'changePassword',
      'mutation { changePassword(input: { currentPassword: "a", newPassword: "b", confirmPassword: "b", captchaId: "c", captchaAnswer: "a" }) }',
      people,
    ],
    ['mySecurityQuestions', '{ mySecurityQuestions { id } }', citizens],
    ['setSecurityAnswers', 'mutation { setSecurityAnswers(answers: []) }', citizens],
    [
      'requestProfileChange',
      'mutation { requestProfileChange(input: { bankCode: "ICBC", cardNumber: "1", phone: "1" }) }',
      citizens,
    ],
    [
      'requestProfileChangeCode',
      'mutation { requestProfileChangeCode(input: { bankCode: "ICBC", cardNumber: "1", phone: "1" }) { id } }',
      citizens,
    ],
    ['smsOutbox', '{ smsOutbox { id } }', ['ADMINISTRATOR']],
    ['setBankConnected', 'mutation { setBankConnected(code: "CMBC", connected: false) { code } }', ['ADMINISTRATOR']],
    ['searchUsers', '{ searchUsers(input: { username: "x" }) { id } }', ['ADMINISTRATOR']],
    ['userSignIns', `{ userSignIns(userId: "${userId}") { at } }`, ['ADMINISTRATOR']],
    ['userVerifications', `{ userVerifications(userId: "${userId}") { at } }`, ['ADMINISTRATOR']],
    ['userAdminActions', `{ userAdminActions(userId: "${userId}") { id } }`, ['ADMINISTRATOR', 'AUDITOR']],
    ['unlockUser', `mutation { unlockUser(userId: "${userId}") { id } }`, ['ADMINISTRATOR']],
    ['endUserSessions', `mutation { endUserSessions(userId: "${userId}") }`, ['ADMINISTRATOR']],
    ['applicationSystems', '{ applicationSystems { code } }', ['ADMINISTRATOR', 'AUDITOR']],
    ['identityLookups', '{ identityLookups(systemCode: "x") { id } }', ['ADMINISTRATOR', 'AUDITOR']],
    [
      'registerApplicationSystem',
      'mutation { registerApplicationSystem(input: { code: "!", name: "x", owner: "y", scopes: [] }) { clientSecret } }',
      ['ADMINISTRATOR'],
    ],
    ['verifiedIdentity', `{ verifiedIdentity(userId: "${userId}") { userId } }`, ['system']],
    [
      'createStaffAccount',
      'mutation { createStaffAccount(input: { username: "!", displayName: "x", roles: [] }) { initialPassword } }',
      ['ADMINISTRATOR'],
    ],
    [
      'resetStaffPassword',
      `mutation { resetStaffPassword(userId: "${userId}") { temporaryPassword } }`,
      ['ADMINISTRATOR'],
    ],
    ['resealPersonalData', 'mutation { resealPersonalData }', ['ADMINISTRATOR']],
    ['signingKeys', '{ signingKeys { kid state } }', ['ADMINISTRATOR', 'AUDITOR']],
    ['rotateSigningKey', 'mutation { rotateSigningKey { kid } }', ['ADMINISTRATOR']],
    [
      '_entities User.username',
      `{ _entities(representations: [{ __typename: "User", id: "${userId}" }]) { ... on User { username } } }`,
      ['owner', ...staffRoles],
    ],
    [
      '_entities User.phoneMasked',
      `{ _entities(representations: [{ __typename: "User", id: "${userId}" }]) { ... on User { phoneMasked } } }`,
      ['owner', 'ADMINISTRATOR', 'SERVICE_AGENT', 'AUDITOR'],
    ],
  ];
}

describe('permission matrix of the identity subgraph (every operation × every principal)', () => {
  let orm: MikroORM;
  let graph: GraphHarness;
  let owner: User;
  const { log } = capturedLogger();

  beforeAll(async () => {
    orm = await openTestDatabase(log);
    graph = await startGraphHarness(orm, log);
    const em = orm.em.fork();
    owner = em.create(User, {
      username: 'owner_user',
      kind: 'citizen',
      displayName: '张三',
      phoneMasked: '138****8000',
    });
    await em.flush();
  });
  afterAll(async () => {
    await graph.close();
    await orm.close();
  });

  function viewerFor(principal: Principal): Viewer {
    switch (principal) {
      case 'anonymous':
        return { kind: 'anonymous' };
      case 'owner':
        return citizenViewer(owner.id);
      case 'citizen':
        return citizenViewer();
      case 'system':
        return {
          kind: 'system',
          subject: 'hr-portal',
          roles: new Set(),
          scopes: new Set([systemScopes.verifiedIdentity]),
        };
      case 'system-without-scope':
        return { kind: 'system', subject: 'other-portal', roles: new Set(), scopes: new Set() };
      default:
        return staffViewer(principal);
    }
  }

  it('allows exactly the listed principals on each operation', async () => {
    const mismatches: string[] = [];
    for (const [name, source, allowed] of operations(owner.id)) {
      for (const principal of everyone) {
        const result = await graph.execute(source, viewerFor(principal));
        const refused = (result.errors ?? []).some((e) =>
          ['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(e.extensions.code)),
        );
        if (refused === allowed.includes(principal)) {
          mismatches.push(`${name} as ${principal}: ${refused ? 'refused' : 'allowed'}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
