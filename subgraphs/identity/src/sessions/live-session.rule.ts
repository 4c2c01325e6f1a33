import { DomainError, type GraphContext, isAuthenticated, rules } from '@tessera/kit';
import { servicesOf } from '../identity-services';

/**
 * The caller's session is still open: an access token outlives a sign-out or a password change
 * by up to its lifetime, so operations on one's own account check the session itself (ID-15).
 * Tokens without a session (service tokens) pass; the other rules decide for them. An ended
 * session is answered as every token verifier answers it: SESSION_ENDED, HTTP 401.
 */
export const liveSession = rules.rule('identity:live-session', { cache: 'contextual' })(
  async (_parent, _args, ctx: GraphContext) => {
    if (!isAuthenticated(ctx.viewer) || !ctx.viewer.sessionId) return true;
    return (await servicesOf(ctx).sessions.isOpen(ctx.viewer.sessionId)) || DomainError.ofRequest('SESSION_ENDED');
  },
);
