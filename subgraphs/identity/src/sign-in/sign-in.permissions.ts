import { type GraphContext, type IRules, rules } from '@tessera/kit';
import { liveSession } from '../sessions/live-session.rule';

const person = rules.and(rules.or(rules.citizen, rules.staff), liveSession);
/** Any signed-in account with its session open: a person, or an insured unit signed in with its certificate (issue 15). */
const account = rules.and(
  rules.or(
    rules.citizen,
    rules.staff,
    rules.rule('identity:unit', { cache: 'contextual' })((_p, _a, ctx: GraphContext) => ctx.viewer.kind === 'unit'),
  ),
  liveSession,
);

export const signInPermissions: IRules = {
  Query: { mySessions: account, legacyIdSignIn: rules.allow },
  Mutation: {
    signIn: rules.allow,
    signInByIdNumber: rules.allow,
    refreshSession: rules.allow,
    changeTemporaryPassword: rules.allow,
    signOut: account,
    endMySession: account,
    changePassword: person,
  },
  SignInResult: rules.allow,
  LegacyIdSignIn: rules.allow,
  Session: account,
  SessionSystem: account,
};
