import { DomainError, type GraphContext, type IRules, rules } from '@tessera/kit';
import { servicesOf } from '../certificate-services';

/**
 * The citizen holding the EKey named by the `serialNumber` argument. An unknown serial passes
 * here so that the service answers EKEY_NOT_FOUND, as it does for staff.
 */
const holderOfSerial = rules.rule('certificate.ekeyHolder', { cache: 'strict' })(
  async (_parent, args: { serialNumber?: string }, ctx: GraphContext) => {
    if (ctx.viewer.kind === 'anonymous') return new DomainError('UNAUTHENTICATED');
    if (ctx.viewer.kind !== 'citizen' || !args.serialNumber) return false;
    const ekey = await servicesOf(ctx)
      .pki.ekeys.bySerial(args.serialNumber)
      .catch(() => null);
    return !ekey || ekey.holderUserId === ctx.viewer.subject;
  },
);

/**
 * EKey media (CT-3, RA-6): staff read them; the issuing clerk records a medium at issuance; the
 * holder's client (or staff at the counter) reports PIN attempts, and identity forwards those an EKey
 * sign-in reported against its challenge (issue 15); only the RA service unlocks, for an
 * approved unlock application, exactly as only the RA creates enrollments.
 */
export const ekeyPermissions: IRules = {
  Query: { ekey: rules.staff, ekeys: rules.staff },
  Mutation: {
    registerEKey: rules.staffWith('ISSUING_CLERK'),
    reportEKeyPinAttempt: rules.or(holderOfSerial, rules.staff, rules.service('identity')),
    unlockEKey: rules.service('ra'),
  },
  EKey: rules.or(rules.staff, rules.service('ra')),
  EKeyPinOutcome: rules.allow,
};
