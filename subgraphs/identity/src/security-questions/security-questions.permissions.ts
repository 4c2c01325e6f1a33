import { type IRules, rules } from '@tessera/kit';
import { liveSession } from '../sessions/live-session.rule';

export const securityQuestionsPermissions: IRules = {
  Query: { securityQuestionCatalogue: rules.allow, mySecurityQuestions: rules.and(rules.citizen, liveSession) },
  Mutation: { setSecurityAnswers: rules.and(rules.citizen, liveSession) },
  SecurityQuestion: rules.allow,
};
