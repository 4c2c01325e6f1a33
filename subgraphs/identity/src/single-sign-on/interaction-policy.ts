import type { EntityManager } from '@mikro-orm/postgresql';
import type { interactionPolicy, KoaContextWithOIDC } from 'oidc-provider';
import { isRealNameVerified } from './account-claims';
import type { TesseraClientMetadata } from './business-system-clients';
import type { SystemSignIns } from './system-sign-ins';

/** The login prompt's reason when the system needs a real-name verified user and this one is not (ID-3). */
export const realNameRequired = 'real_name_required';

/** The login prompt's reason when the system asked for `acr_values` the session's sign-in does not meet (issue 15). */
export const acrValuesNotMet = 'acr_values_not_met';

/** The `acr` values a request asks for (`acr_values`, space-separated), none when it names none. */
export function requestedAcrValues(params: Record<string, unknown> | undefined): string[] {
  const asked = params?.acr_values;
  return typeof asked === 'string' ? asked.split(' ').filter(Boolean) : [];
}

/** The login prompt's reason when the platform session behind the provider's session has ended. */
export const platformSessionEnded = 'platform_session_ended';

/**
 * The provider's prompts: its own `login` and `consent`, plus three checks of the platform's. A
 * system that asks for `acr_values` gets a session whose sign-in meets one of them (a certificate
 * sign-in for `urn:tessera:acr:certificate`), or the page asks again. A
 * provider session counts only while identity's session behind it is open; a system that requires
 * real-name users never gets a code for an unverified one (the page explains how to get verified;
 * with `prompt=none` the system gets `interaction_required`).
 */
export function platformInteractionPolicy(
  policy: typeof interactionPolicy,
  deps: { em: EntityManager; signIns: SystemSignIns },
): interactionPolicy.DefaultPolicy {
  const { Check } = policy;
  const prompts = policy.base();
  const login = prompts.get('login');
  if (!login) throw new Error('oidc-provider has no login prompt');
  login.checks.add(
    new Check(
      platformSessionEnded,
      'The platform session has ended',
      'login_required',
      async (ctx: KoaContextWithOIDC) => {
        const { oidc } = ctx;
        if (!oidc.session?.accountId || oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
        const platform = await deps.signIns.platformSessionOf(oidc.session.uid);
        return platform?.open ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
      },
    ),
  );
  login.checks.add(
    new Check(
      acrValuesNotMet,
      'The business system asks for a stronger sign-in than this session made',
      'login_required',
      (ctx: KoaContextWithOIDC) => {
        const requested = requestedAcrValues(ctx.oidc.params);
        const current = (ctx.oidc as { acr?: string }).acr;
        return requested.length === 0 || (current && requested.includes(current))
          ? Check.NO_NEED_TO_PROMPT
          : Check.REQUEST_PROMPT;
      },
    ),
  );
  login.checks.add(
    new Check(
      realNameRequired,
      'This business system is open to real-name verified users only',
      'interaction_required',
      async (ctx: KoaContextWithOIDC) => {
        const { oidc } = ctx;
        const metadata = oidc.client?.metadata() as Partial<TesseraClientMetadata> | undefined;
        if (!oidc.session?.accountId || !metadata?.tessera_requires_real_name) return Check.NO_NEED_TO_PROMPT;
        return (await isRealNameVerified(deps.em, oidc.session.accountId))
          ? Check.NO_NEED_TO_PROMPT
          : Check.REQUEST_PROMPT;
      },
    ),
  );
  return prompts;
}
