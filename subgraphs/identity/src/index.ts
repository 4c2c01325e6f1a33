import 'reflect-metadata';
import type { SubgraphModule } from '@tessera/kit';
import { cachedTokens, DataProtector, withAdvisoryLock } from '@tessera/kit';
import { ApplicationSystems } from './application-systems/application-systems';
import { mountTokenEndpoint } from './application-systems/token.route';
import { BankCatalogue } from './banks/bank-catalogue';
import { CaptchaService, defaultCaptchaPolicy, fixedCaptcha } from './captcha/captcha-service';
import { CertificateChallenges } from './certificate-sign-in/certificate-challenges';
import { GraphqlCertificateCheck } from './certificate-sign-in/certificate-check-client';
import { CertificateSignInService } from './certificate-sign-in/certificate-sign-in-service';
import { EKeyPinReports } from './certificate-sign-in/ekey-pin-reports';
import { UnitAccounts } from './certificate-sign-in/unit-accounts';
import { seedDemoAccounts } from './demo/demo-accounts';
import { seedDemoBusinessSystems } from './demo/demo-business-systems';
import { identityEntities } from './entities';
import { identityOptions } from './identity-options';
import { type IdentityServices, registerServices } from './identity-services';
import { identityJobs } from './jobs/scheduled-jobs';
import { IdentityMetrics } from './metrics/identity-metrics';
import { migrations } from './migrations';
import { PasswordHasher } from './passwords/password-hasher';
import { ProfileService } from './profile/profile-service';
import { PasswordRecovery } from './recovery/password-recovery';
import { UsernameRecovery } from './recovery/username-recovery';
import { RegistrationService } from './registration/registration-service';
import { startSandboxBank } from './sandbox-bank/sandbox-bank';
import { identitySchema } from './schema';
import { SecurityQuestionsService } from './security-questions/security-questions-service';
import { mountRevokedSessions } from './sessions/revoked-sessions.route';
import { defaultSessionPolicy, SessionService } from './sessions/session-service';
import { LoginThrottle } from './sign-in/login-throttle';
import { PasswordChange } from './sign-in/password-change';
import { SignInService } from './sign-in/sign-in-service';
import { SingleSignOn } from './single-sign-on/single-sign-on';
import { HttpSmsSender } from './sms/http-sms-sender';
import { LogSmsSender } from './sms/log-sms-sender';
import { SmsCodes } from './sms/sms-codes';
import { SmsDispatcher } from './sms/sms-dispatcher';
import { SmsOutbox } from './sms/sms-outbox';
import { PasswordChangeTickets } from './staff/password-change-ticket';
import { StaffAccounts } from './staff/staff-accounts';
import { TemporaryPasswords } from './staff/temporary-passwords';
import { mountJwks } from './tokens/jwks.route';
import { signingKeyPolicy } from './tokens/signing-key-lifecycle';
import { SigningKeys } from './tokens/signing-keys';
import { TokenIssuer } from './tokens/token-issuer';
import { UserManagement } from './user-management/user-management';
import { HttpBankVerifier } from './verification/http-bank-verifier';

export { ApplicationSystem } from './application-systems/application-system.entity';
export { clientSecretDigest } from './application-systems/client-secret';
export { CaptchaChallenges } from './captcha/captcha-challenge';
export { CaptchaService, defaultCaptchaPolicy } from './captcha/captcha-service';
export { demoCitizen, demoPassword, demoStaff, demoTotpSecret } from './demo/demo-accounts';
export { demoBusinessSystems } from './demo/demo-business-systems';
export type { IdentityServices } from './identity-services';
export { PasswordHasher } from './passwords/password-hasher';
export { type RunningSandboxBank, type SandboxBankOptions, startSandboxBank } from './sandbox-bank/sandbox-bank';
export { SignInService } from './sign-in/sign-in-service';
export { IssuedToken } from './single-sign-on/issued-token.entity';
export { codePlaceholder, MessageCodes, maskedCode } from './sms/message-codes';
export { retiresAt, type SigningKeyPolicy, signingKeyTransitions } from './tokens/signing-key-lifecycle';
export { SigningKeys } from './tokens/signing-keys';
export { TokenIssuer, type TokenRequest } from './tokens/token-issuer';
export { User } from './users/user.entity';

/** Access-token lifetime: short, refresh tokens (identity issue) renew it. */
const accessTokenTtl = 15 * 60;

/** Lifetime of the tokens Tessera's services obtain with their secrets, in seconds. */
const serviceTokenTtl = 300;

/** The identity subgraph: accounts, registration, sign-in, tokens (rules ID-1..ID-19). */
export const identity: SubgraphModule<IdentityServices> = {
  name: 'identity',
  entities: identityEntities,
  migrations,
  schema: identitySchema,
  checkConfig(config) {
    identityOptions(config);
  },
  async setup({ orm, config, log, routes, databaseUrl, metrics, tracing }) {
    const options = identityOptions(config);
    const identityMetrics = new IdentityMetrics(metrics.registry, orm.em);
    const protector = new DataProtector(options.dataKeys);
    const signingKeys = new SigningKeys(
      orm.em,
      protector,
      signingKeyPolicy({
        rotationDays: config.auth.signingKeyRotationDays,
        jwksCacheMs: config.auth.jwksCacheMs,
        maxTokenTtlMs: accessTokenTtl * 1000,
      }),
    );
    await signingKeys.ensure();
    const keyLog = log.child({ component: 'signing-keys' });
    const advanceKeys = () =>
      signingKeys
        .advance()
        .then((changes) => {
          if (changes.length > 0) keyLog.info({ changes }, 'signing keys changed');
        })
        .catch((error: unknown) => keyLog.error({ err: error }, 'signing-key check failed'));
    await advanceKeys();
    // Not a scheduled job: every replica checks, to load the keys another one made (jobs/scheduled-jobs.ts).
    const keyCheck = setInterval(advanceKeys, signingKeys.checkEveryMs);
    keyCheck.unref();
    const tokens = new TokenIssuer(signingKeys, {
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      accessTokenTtl,
    });
    mountJwks(routes, tokens, Math.floor(config.auth.jwksCacheMs / 1000));

    const sandbox = options.bankVerifierUrl
      ? undefined
      : // In-process, on a free loopback port: several platforms (tests, npm start) may run side by side.
        await startSandboxBank({ port: 0 });
    if (sandbox) log.info({ url: sandbox.url }, 'sandbox bank ready');
    const verifier = new HttpBankVerifier({
      url: options.bankVerifierUrl ?? (sandbox?.url as string),
      timeoutMs: options.bankVerifierTimeoutMs,
      log: log.child({ component: 'bank-verifier' }),
    });
    const outbox = new SmsOutbox(protector);
    const sender = options.smsGatewayUrl
      ? new HttpSmsSender({ url: options.smsGatewayUrl })
      : new LogSmsSender(log.child({ component: 'sms' }));
    const dispatcher = new SmsDispatcher(orm.em, sender, protector, {
      log: log.child({ component: 'sms' }),
      onOutcome: (outcome) => identityMetrics.smsDelivery(outcome),
    });
    dispatcher.start();
    const banks = new BankCatalogue(orm.em);
    const hasher = new PasswordHasher();
    const captcha = new CaptchaService(
      orm.em,
      protector,
      defaultCaptchaPolicy,
      options.captchaTestAnswer ? fixedCaptcha(options.captchaTestAnswer) : undefined,
    );
    const sessions = new SessionService(orm.em, tokens, protector);
    mountRevokedSessions(routes, sessions);
    const tickets = new PasswordChangeTickets(protector);
    const signIn = new SignInService({
      em: orm.em,
      hasher,
      captcha,
      sessions,
      protector,
      log: log.child({ component: 'sign-in' }),
      legacyIdSignInUntil: options.legacyIdSignInUntil,
      tickets,
      onOutcome: (method, outcome) => identityMetrics.signIn(method, outcome),
    });
    const codes = new SmsCodes(orm.em, outbox, protector);
    const securityQuestions = new SecurityQuestionsService(orm.em, hasher);
    if (config.seedDemoData) {
      // Replicas starting together seed once: the later ones find the accounts there.
      await withAdvisoryLock(databaseUrl, 'identity.demo-data', async () => {
        await seedDemoAccounts(orm.em, { hasher, protector });
        await seedDemoBusinessSystems(orm.em, protector, config.host);
      });
    }
    const userManagement = new UserManagement(orm.em, protector, sessions);
    // Issue 15: identity asks the certificate subgraph about certificates with a service token it signs itself.
    const certificateCheck = new GraphqlCertificateCheck(
      config.services.certificate.url,
      cachedTokens(async () => ({
        token: await tokens.issue({ subject: 'identity', kind: 'service', ttl: serviceTokenTtl }),
        expiresInSeconds: serviceTokenTtl,
      })),
      tracing,
      config.runtime.serviceCallTimeoutMs,
    );
    const certificateChallenges = new CertificateChallenges(orm.em);
    const unitAccounts = new UnitAccounts(orm.em, userManagement);
    const certificateSignIn = new CertificateSignInService({
      em: orm.em,
      challenges: certificateChallenges,
      check: certificateCheck,
      units: unitAccounts,
      sessions,
      log: log.child({ component: 'certificate-sign-in' }),
      onOutcome: (method, outcome) => identityMetrics.signIn(method, outcome),
    });
    const ekeyPinReports = new EKeyPinReports(certificateChallenges, certificateCheck);
    const services: IdentityServices = {
      tokens,
      protector,
      banks,
      captcha,
      sessions,
      signIn,
      passwordChange: new PasswordChange(orm.em, hasher, signIn, sessions, new LoginThrottle(protector)),
      securityQuestions,
      usernameRecovery: new UsernameRecovery(
        orm.em,
        protector,
        captcha,
        codes,
        outbox,
        log.child({ component: 'recovery' }),
      ),
      passwordRecovery: new PasswordRecovery({
        em: orm.em,
        protector,
        captcha,
        questions: securityQuestions,
        codes,
        outbox,
        hasher,
        sessions,
        throttle: new LoginThrottle(protector),
        log: log.child({ component: 'recovery' }),
      }),
      profile: new ProfileService(orm.em, protector, banks, verifier, codes, log.child({ component: 'profile' })),
      userManagement,
      certificateCheck,
      certificateChallenges,
      certificateSignIn,
      ekeyPinReports,
      unitAccounts,
      staffAccounts: new StaffAccounts(orm.em, hasher, protector, userManagement),
      temporaryPasswords: new TemporaryPasswords({
        em: orm.em,
        hasher,
        protector,
        sessions,
        management: userManagement,
        tickets,
      }),
      applicationSystems: new ApplicationSystems(orm.em, protector, tokens, userManagement, {
        httpsOnly: options.httpsOnlyClientUris,
      }),
      outbox,
      registration: new RegistrationService({
        em: orm.em,
        protector,
        hasher,
        banks,
        verifier,
        captcha,
        outbox,
        codes,
        log: log.child({ component: 'registration' }),
        flowTtlSeconds: options.registrationFlowTtlSeconds,
      }),
    };
    const singleSignOn = await SingleSignOn.start({
      em: orm.em,
      databaseUrl,
      issuer: config.publicUrl.replace(/\/+$/, ''),
      signingKeys,
      protector,
      signIn,
      certificateSignIn,
      certificateChallenges,
      ekeyPinReports,
      sessions,
      legacyIdSignInUntil: options.legacyIdSignInUntil,
      defaultLocale: config.defaultLocale,
      sessionTtlSeconds: defaultSessionPolicy.ttlSeconds,
      log: log.child({ component: 'single-sign-on' }),
    });
    singleSignOn.logouts.onOutcome = (outcome) => identityMetrics.logoutDelivery(outcome);
    // This replica's own changes apply before the mutation answers; the others hear the table's notice.
    services.applicationSystems.onChanged((code) => singleSignOn.clients.forget(code));
    singleSignOn.mount(routes);
    services.singleSignOn = singleSignOn;
    registerServices(orm, services);
    mountTokenEndpoint(
      routes,
      services.applicationSystems,
      {
        secrets: config.auth.serviceSecrets,
        issue: async (name) => ({
          token: await services.tokens.issue({ subject: name, kind: 'service', ttl: serviceTokenTtl }),
          expiresIn: serviceTokenTtl,
        }),
      },
      orm.em,
    );
    return {
      services,
      tokenKeys: () => tokens.keySet(),
      // Identity owns the sessions: a token of an ended one is refused from the next request on.
      // The OpenID Connect provider's routes, before Express (each step of a single sign-on is one).
      firstRequests: singleSignOn.firstRequests,
      tokenRevocations: { isRevoked: async (sessionId) => !(await sessions.isOpen(sessionId)) },
      jobs: identityJobs({ em: orm.em, captcha, outbox, certificateChallenges }),
      async close() {
        clearInterval(keyCheck);
        await singleSignOn.close();
        await dispatcher.stop();
        verifier.close();
        await sandbox?.close();
      },
    };
  },
};
