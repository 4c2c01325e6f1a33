import { type GraphContext, type IRules, rules } from '@tessera/kit';
import type { UserType } from './user.type';

/** The account itself: a citizen, or a unit signed in with its certificate (issue 15). */
const self = rules.or(
  rules.ownerOf<UserType>('identity.User', (user) => user.id),
  // Its verdict depends on the account's id alone: remembered per id, not per hash of the whole account.
  rules.rule('identity:unit-self', { cache: (user: UserType) => user.id })(
    (user: UserType, _args, ctx: GraphContext) => ctx.viewer.kind === 'unit' && ctx.viewer.subject === user.id,
  ),
);
const selfOrStaff = rules.or(self, rules.staff);
/** Verification data (masked, ID-8): the person and the staff who manage users. */
const selfOrManager = rules.or(self, rules.staffWith('ADMINISTRATOR', 'SERVICE_AGENT', 'AUDITOR'));

export const userPermissions: IRules = {
  Query: { me: rules.authenticated, user: rules.staff },
  User: {
    username: selfOrStaff,
    displayName: selfOrStaff,
    kind: selfOrStaff,
    createdAt: selfOrStaff,
    idType: selfOrManager,
    idNumberMasked: selfOrManager,
    bankCode: selfOrManager,
    cardNumberMasked: selfOrManager,
    phoneMasked: selfOrManager,
    verifiedAt: selfOrStaff,
    verificationMethod: selfOrStaff,
    locked: selfOrManager,
    unitInsuranceNumber: selfOrStaff,
    unitCreditCode: selfOrStaff,
  },
};
