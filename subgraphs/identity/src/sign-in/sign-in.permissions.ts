import { type IRules, rules } from '@tessera/kit';
import { liveSession } from '../sessions/live-session.rule';

const person = rules.and(rules.or(rules.citizen, rules.staff), liveSession);

export const signInPermissions: IRules = {
  Query: { mySessions: person },
  Mutation: {
    signIn: rules.allow,
    signInByIdNumber: rules.allow,
    refreshSession: rules.allow,
    changeTemporaryPassword: rules.allow,
    signOut: person,
    endMySession: person,
    changePassword: person,
  },
  SignInResult: rules.allow,
  Session: person,
  SessionSystem: person,
};
