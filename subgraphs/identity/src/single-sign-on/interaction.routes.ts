import {
  catalogue,
  DomainError,
  type ErrorCode,
  type ErrorEntry,
  isErrorCode,
  type Locale,
  type Logger,
  messageFor,
  negotiateLocale,
} from '@tessera/kit';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Interaction, InteractionResults, Provider } from 'oidc-provider';
import type { CertificateChallenges } from '../certificate-sign-in/certificate-challenges';
import type { CertificateSignInService } from '../certificate-sign-in/certificate-sign-in-service';
import type { EKeyPinReports } from '../certificate-sign-in/ekey-pin-reports';
import { identityError } from '../errors';
import type { SessionService } from '../sessions/session-service';
import type { SignInOutcome, SignInService } from '../sign-in/sign-in-service';
import { acrValues } from './account-claims';
import { realNameRequired, requestedAcrValues } from './interaction-policy';

export interface InteractionDependencies {
  provider: () => Provider;
  signIn: SignInService;
  certificateSignIn: CertificateSignInService;
  certificateChallenges: CertificateChallenges;
  ekeyPinReports: EKeyPinReports;
  sessions: SessionService;
  legacyIdSignInUntil: Date;
  defaultLocale: Locale;
  log: Logger;
}

/** What the page needs to show a step (the contract with the web client's `/oidc/interaction/:uid`). */
export interface InteractionDetails {
  uid: string;
  prompt: 'login' | 'consent' | 'real_name_required';
  system: { code: string; name: string };
  scopes: string[];
  loginHint?: string;
  uiLocales?: string[];
  legacyIdSignInOpen: boolean;
  /** The `acr` values the system asked for (issue 15): the page offers only the methods that meet one. */
  acrValues?: string[];
}

const statusOf: Partial<Record<ErrorCode, number>> = {
  CAPTCHA_INVALID: 400,
  INVALID_CREDENTIALS: 401,
  TOTP_REQUIRED: 401,
  TOTP_INVALID: 401,
  SIGN_IN_LOCKED: 429,
  ATTEMPTS_LOCKED: 429,
  LEGACY_SIGN_IN_ENDED: 410,
  PASSWORD_RESET_REQUIRED: 409,
  SIGN_IN_CERTIFICATE_MALFORMED: 400,
  SIGN_IN_SIGNATURE_INVALID: 401,
  SIGN_IN_CERTIFICATE_UNTRUSTED: 401,
  SIGN_IN_CERTIFICATE_UNKNOWN: 401,
  SIGN_IN_CERTIFICATE_EXPIRED: 401,
  SIGN_IN_CERTIFICATE_NOT_YET_VALID: 401,
  SIGN_IN_CERTIFICATE_SUSPENDED: 403,
  SIGN_IN_CERTIFICATE_REVOKED: 403,
  SIGN_IN_KEY_USAGE_INVALID: 401,
  SIGN_IN_CERTIFICATE_KIND_INVALID: 401,
};

/** How the user signed in, as the ID token's `amr` (RFC 8176) and `acr` say it. */
function authenticationOf(method: unknown, secondFactor: boolean): { amr: string[]; acr: string } {
  if (method === 'certificate') return { amr: ['hwk'], acr: acrValues.certificate };
  return secondFactor
    ? { amr: ['pwd', 'otp'], acr: acrValues.passwordAndOtp }
    : { amr: ['pwd'], acr: acrValues.password };
}

const text = (value: unknown, max = 256): string | undefined =>
  typeof value === 'string' && value.length <= max ? value : undefined;

/**
 * The provider's interaction API (issue 12, item 4): the web client's sign-in page asks what to show
 * and submits the same sign-in as the platform's own (captcha, throttle, lockout, staff TOTP).
 * Every call is bound to the browser that started the sign-in by the provider's interaction cookie;
 * posts must be JSON (a cross-site form cannot send it without CORS).
 */
export function mountInteractions(routes: Router, deps: InteractionDependencies): void {
  const base = '/oidc/interaction/:uid';
  const json = express.json({ limit: '32kb' });

  const fail = (req: Request, res: Response, code: ErrorCode, data: Record<string, unknown> = {}) => {
    const locale = negotiateLocale(req.header('accept-language'), deps.defaultLocale);
    const params = Object.fromEntries(
      Object.entries(data).filter((e): e is [string, string | number] => ['string', 'number'].includes(typeof e[1])),
    );
    const status = (catalogue[code] as ErrorEntry).httpStatus ?? statusOf[code] ?? 400;
    res
      .status(status === 500 ? 400 : status)
      .json({ error: { ...data, code, message: messageFor(code, locale, params) } });
  };

  const handle =
    (step: (req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      res.set('cache-control', 'no-store');
      if (req.method === 'POST' && !req.is('application/json')) {
        fail(req, res, 'SSO_REQUEST_INVALID');
        return;
      }
      try {
        await step(req, res);
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'SessionNotFound' || name === 'InvalidRequest') {
          fail(req, res, 'SSO_INTERACTION_EXPIRED');
          return;
        }
        if (error instanceof DomainError && isErrorCode(error.extensions.code)) {
          const { code, ...data } = error.extensions;
          fail(req, res, code as ErrorCode, data);
          return;
        }
        next(error);
      }
    };

  const details = async (req: Request, res: Response) => {
    const provider = deps.provider();
    const interaction = await provider.interactionDetails(req, res);
    if (interaction.uid !== req.params.uid) throw identityError('SSO_INTERACTION_EXPIRED');
    return { provider, interaction };
  };

  /**
   * Stores the step's result on the interaction this request already read and answers where the
   * browser goes on: what the provider's `interactionResult` does, without reading the interaction
   * a second time.
   */
  const finish = async (interaction: Interaction, result: InteractionResults): Promise<string> => {
    interaction.result = result;
    await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
    return interaction.returnTo;
  };

  routes.get(
    `${base}/details`,
    handle(async (req, res) => {
      const { provider, interaction } = await details(req, res);
      const client = await provider.Client.find(String(interaction.params.client_id));
      if (!client) throw identityError('SSO_INTERACTION_EXPIRED');
      const reasons = interaction.prompt.reasons;
      const answer: InteractionDetails = {
        uid: interaction.uid,
        prompt: reasons.includes(realNameRequired)
          ? 'real_name_required'
          : interaction.prompt.name === 'consent'
            ? 'consent'
            : 'login',
        system: { code: client.clientId, name: client.clientName ?? client.clientId },
        scopes: String(interaction.params.scope ?? '')
          .split(' ')
          .filter(Boolean),
        ...(typeof interaction.params.login_hint === 'string' ? { loginHint: interaction.params.login_hint } : {}),
        ...(typeof interaction.params.ui_locales === 'string'
          ? { uiLocales: interaction.params.ui_locales.split(' ').filter(Boolean) }
          : {}),
        legacyIdSignInOpen: new Date() < deps.legacyIdSignInUntil,
        ...(requestedAcrValues(interaction.params).length ? { acrValues: requestedAcrValues(interaction.params) } : {}),
      };
      res.json(answer);
    }),
  );

  /** Issue 15: a challenge for the `certificate` method, bound to this interaction. */
  routes.post(
    `${base}/challenge`,
    json,
    handle(async (req, res) => {
      const { interaction } = await details(req, res);
      if (interaction.prompt.name !== 'login') throw identityError('SSO_REQUEST_INVALID');
      res.json(await deps.certificateChallenges.issue(interaction.uid));
    }),
  );

  /**
   * Issue 15, CT-3: a PIN the EKey checked during this sign-in, reported against a challenge of this
   * interaction (one report per challenge; see EKeyPinReports). Answers the EKey record's count.
   */
  routes.post(
    `${base}/pin-attempt`,
    json,
    handle(async (req, res) => {
      const { interaction } = await details(req, res);
      if (interaction.prompt.name !== 'login') throw identityError('SSO_REQUEST_INVALID');
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body.correct !== 'boolean') throw identityError('SSO_REQUEST_INVALID');
      res.json(
        await deps.ekeyPinReports.report(
          {
            challengeId: text(body.challengeId, 64) ?? '',
            serialNumber: text(body.serialNumber, 64) ?? '',
            correct: body.correct,
          },
          interaction.uid,
        ),
      );
    }),
  );

  routes.post(
    `${base}/login`,
    json,
    handle(async (req, res) => {
      const { provider, interaction } = await details(req, res);
      if (interaction.prompt.name !== 'login') throw identityError('SSO_REQUEST_INVALID');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const captcha = {
        captchaId: text(body.captchaId, 1024) ?? '',
        captchaAnswer: text(body.captchaAnswer, 16) ?? '',
      };
      const password = text(body.password, 128) ?? '';
      const acceptable = requestedAcrValues(interaction.params);
      const accepts = (acr: string) => acceptable.length === 0 || acceptable.includes(acr);
      const possible =
        body.method === 'certificate' ? [acrValues.certificate] : [acrValues.password, acrValues.passwordAndOtp];
      if (!possible.some(accepts)) throw identityError('SIGN_IN_METHOD_NOT_ACCEPTED');
      let outcome: SignInOutcome;
      if (body.method === 'certificate') {
        outcome = await deps.certificateSignIn.signIn(
          {
            challengeId: text(body.challengeId, 64) ?? '',
            certificate: text(body.certificate, 16_384) ?? '',
            signature: text(body.signature, 4_096) ?? '',
          },
          interaction.uid,
        );
      } else if (body.method === 'legacy_id_number') {
        outcome = await deps.signIn.signInByIdNumber({
          ...captcha,
          idType: text(body.idType, 32),
          idNumber: text(body.idNumber, 64) ?? '',
          password,
        });
      } else {
        outcome = await deps.signIn.signIn({
          ...captcha,
          username: text(body.username, 64) ?? '',
          password,
          totpCode: text(body.totpCode, 16),
        });
      }
      if (outcome.status !== 'SIGNED_IN') throw identityError('PASSWORD_CHANGE_REQUIRED');
      const { account } = outcome;
      const client = await provider.Client.find(String(interaction.params.client_id));
      if (!client) throw identityError('SSO_INTERACTION_EXPIRED');
      if (client.metadata().tessera_requires_real_name && !account.verified) {
        await deps.sessions.revoke(
          account.id,
          outcome.sessionId,
          'real-name verification required by a business system',
        );
        throw identityError('SYSTEM_REQUIRES_REAL_NAME');
      }
      const authentication = authenticationOf(body.method, account.secondFactor);
      if (!accepts(authentication.acr)) {
        await deps.sessions.revoke(account.id, outcome.sessionId, 'a stronger sign-in required by a business system');
        throw identityError('SIGN_IN_METHOD_NOT_ACCEPTED');
      }
      const result: InteractionResults = {
        login: { accountId: account.id, ...authentication, remember: true },
        tessera: { sessionId: outcome.sessionId },
      };
      res.json({ redirectTo: await finish(interaction, result) });
    }),
  );

  routes.post(
    `${base}/consent`,
    json,
    handle(async (req, res) => {
      const { provider, interaction } = await details(req, res);
      if (interaction.prompt.name !== 'consent' || !interaction.session?.accountId) {
        throw identityError('SSO_REQUEST_INVALID');
      }
      const missing = interaction.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      const grant = interaction.grantId
        ? await provider.Grant.find(interaction.grantId)
        : new provider.Grant({
            accountId: interaction.session.accountId,
            clientId: String(interaction.params.client_id),
          });
      if (!grant) throw identityError('SSO_INTERACTION_EXPIRED');
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
      const grantId = await grant.save();
      const result: InteractionResults = { consent: interaction.grantId ? {} : { grantId } };
      res.json({ redirectTo: await finish(interaction, { ...interaction.lastSubmission, ...result }) });
    }),
  );

  routes.post(
    `${base}/abort`,
    json,
    handle(async (req, res) => {
      const { interaction } = await details(req, res);
      const result = { error: 'access_denied', error_description: 'The user did not sign in to this system' };
      res.json({ redirectTo: await finish(interaction, result) });
    }),
  );
}
