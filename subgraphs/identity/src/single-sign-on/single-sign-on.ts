import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type ClusterNotices,
  type DataProtector,
  executePrepared,
  type FirstRequestListener,
  type Locale,
  type Logger,
  negotiateLocale,
  plainHttpSecurityHeaders,
} from '@tessera/kit';
import type { Request, Response, Router } from 'express';
import type { Client, Configuration, KoaContextWithOIDC, Provider } from 'oidc-provider';
import { clientSecretMatches } from '../application-systems/client-secret';
import type { CertificateChallenges } from '../certificate-sign-in/certificate-challenges';
import type { CertificateSignInService } from '../certificate-sign-in/certificate-sign-in-service';
import type { EKeyPinReports } from '../certificate-sign-in/ekey-pin-reports';
import type { SessionService } from '../sessions/session-service';
import type { SignInService } from '../sign-in/sign-in-service';
import type { SigningKeys } from '../tokens/signing-keys';
import { acrValues, findAccount, scopeClaims } from './account-claims';
import { BackchannelLogouts } from './backchannel-logouts';
import {
  BusinessSystemClients,
  oidcScopes,
  type TesseraClientMetadata,
  tesseraClientProperties,
} from './business-system-clients';
import { mountInteractions } from './interaction.routes';
import { platformInteractionPolicy } from './interaction-policy';
import { postgresAdapter } from './oidc-adapter';
import { OidcUnitOfWork, type RecordWrite } from './oidc-unit-of-work';
import { errorPage, loggedOutPage, logoutPage } from './provider-pages';
import { SystemSignIns } from './system-sign-ins';

type OidcModule = typeof import('oidc-provider');

export interface SingleSignOnOptions {
  em: EntityManager;
  /** The database the other replicas share: changes to business systems are heard on it (LISTEN/NOTIFY). */
  databaseUrl: string;
  /** The public URL of the gateway: the issuer, and the origin of every endpoint. */
  issuer: string;
  signingKeys: SigningKeys;
  protector: DataProtector;
  signIn: SignInService;
  /** Issue 15: the interaction's `certificate` method. */
  certificateSignIn: CertificateSignInService;
  certificateChallenges: CertificateChallenges;
  /** Issue 15, CT-3: the EKey PIN attempts the interaction's certificate sign-in reports. */
  ekeyPinReports: EKeyPinReports;
  sessions: SessionService;
  legacyIdSignInUntil: Date;
  defaultLocale: Locale;
  /** Lifetime of a platform session, in seconds: the provider's session lasts as long. */
  sessionTtlSeconds: number;
  log: Logger;
}

/** Where the provider's endpoints live, below the issuer. */
export const oidcMount = '/oidc';

const requestIdHeader = 'x-request-id';

/** The security headers Express would add to the provider's answers (over plain HTTP: HSTS is the gateway's). */
const providerHeaders = plainHttpSecurityHeaders();
const validRequestId = /^[\w.:-]{8,128}$/;

/** The provider's routes a browser navigates to: their errors are pages. */
const browserRoutes = new Set(['authorization', 'resume', 'end_session', 'end_session_confirm', 'end_session_success']);

const metadataOf = (client: Client) => client.metadata() as unknown as TesseraClientMetadata;

/**
 * Tessera as the bureau's OpenID Connect provider (issue 12): oidc-provider, configured for
 * business systems (authorization code with PKCE, rotating refresh tokens, revocation,
 * introspection, RP-initiated and back-channel logout), its state in PostgreSQL, its sign-in the
 * web client's own, its ID tokens signed by the platform's rotating keys. The provider is rebuilt
 * when the signing keys change (it holds no other state), so every replica signs with the key
 * that signs access tokens.
 */
export class SingleSignOn {
  readonly signIns: SystemSignIns;
  readonly logouts: BackchannelLogouts;
  /** The business systems as the provider's clients, kept in memory while unchanged. */
  readonly clients: BusinessSystemClients;
  private clientChanges?: ClusterNotices;
  private current?: { version: string; provider: Provider };
  private building?: Promise<Provider>;
  private readonly issuerUrl: URL;
  /** Each provider request as a unit of work: what it read along with its token, what it writes at its end. */
  private readonly work: OidcUnitOfWork;

  private constructor(
    private readonly options: SingleSignOnOptions,
    private readonly oidc: OidcModule,
  ) {
    this.issuerUrl = new URL(options.issuer);
    this.signIns = new SystemSignIns(options.em);
    this.work = new OidcUnitOfWork();
    this.clients = new BusinessSystemClients(options.em);
    this.logouts = new BackchannelLogouts(
      options.em,
      async (systemCode, subject, sid) => {
        const client = await this.provider().Client.find(systemCode);
        if (!client?.backchannelLogoutUri) throw new Error('the system has no back-channel logout URI now');
        await (client as Client & { backchannelLogout(sub: string, sid: string): Promise<void> }).backchannelLogout(
          subject,
          sid,
        );
      },
      options.log.child({ component: 'backchannel-logout' }),
    );
  }

  static async start(options: SingleSignOnOptions): Promise<SingleSignOn> {
    const sso = new SingleSignOn(options, await import('oidc-provider'));
    await sso.refresh();
    sso.clientChanges = await sso.clients.follow(options.databaseUrl, (error) =>
      options.log.warn({ err: error }, 'business-system changes: listening again'),
    );
    sso.logouts.start();
    options.sessions.onEnded(() => sso.logouts.kick());
    return sso;
  }

  /** The provider built for the current signing keys. */
  provider(): Provider {
    if (!this.current) throw new Error('single sign-on is not started');
    return this.current.provider;
  }

  /** Rebuilds the provider when the signing keys changed (checked in memory on each request). */
  async refresh(): Promise<Provider> {
    const keys = await this.options.signingKeys.providerKeys();
    if (this.current?.version === keys.version) return this.current.provider;
    this.building ??= keys
      .keys()
      .then((jwks) => {
        const provider = this.build(jwks);
        this.current = { version: keys.version, provider };
        return provider;
      })
      .finally(() => {
        this.building = undefined;
      });
    return this.building;
  }

  /**
   * Mounts the provider under `/oidc`, discovery at the issuer's `/.well-known/openid-configuration`,
   * and the interaction API the web client's sign-in page calls.
   */
  mount(routes: Router): void {
    mountInteractions(routes, {
      provider: () => this.provider(),
      signIn: this.options.signIn,
      certificateSignIn: this.options.certificateSignIn,
      certificateChallenges: this.options.certificateChallenges,
      ekeyPinReports: this.options.ekeyPinReports,
      sessions: this.options.sessions,
      legacyIdSignInUntil: this.options.legacyIdSignInUntil,
      defaultLocale: this.options.defaultLocale,
      log: this.options.log,
    });
    routes.get('/.well-known/openid-configuration', (req, res) => {
      req.url = '/.well-known/openid-configuration';
      req.originalUrl = `${oidcMount}/.well-known/openid-configuration`;
      this.serve(req, res);
    });
    routes.use(oidcMount, (req, res) => this.serve(req, res));
  }

  /**
   * The provider's own routes (discovery, authorization, token, userinfo, JWKS, logout, revocation,
   * introspection) served before Express (`SubgraphSetup.firstRequests`), with the security headers
   * Express would add: each step of a sign-in is one of them. The sign-in page's API
   * (`/oidc/interaction/...`) stays with Express; `mount` keeps the same routes for tracing.
   */
  readonly firstRequests: FirstRequestListener = (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const mounted = path === oidcMount || path.startsWith(`${oidcMount}/`);
    if (path === '/.well-known/openid-configuration') {
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = `${oidcMount}${url}`;
    } else if (mounted && !path.startsWith(`${oidcMount}/interaction/`)) {
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
      req.url = url.slice(oidcMount.length) || '/';
    } else {
      return false;
    }
    for (let i = 0; i < providerHeaders.length; i += 2) {
      res.setHeader(providerHeaders[i] as string, providerHeaders[i + 1] as string);
    }
    this.serve(req, res);
    return true;
  };

  /** One request to the provider, as one unit of work, its URLs the public ones. */
  private serve(req: IncomingMessage, res: ServerResponse): void {
    // Every URL the provider writes is the public one, whatever Host the request came with.
    req.headers['x-forwarded-host'] = this.issuerUrl.host;
    req.headers['x-forwarded-proto'] = this.issuerUrl.protocol.slice(0, -1);
    const given = req.headers[requestIdHeader];
    const requestId = typeof given === 'string' && validRequestId.test(given) ? given : randomUUID();
    req.headers[requestIdHeader] = requestId;
    res.setHeader(requestIdHeader, requestId);
    this.refresh()
      .then((provider) => this.work.run(() => provider.callback()(req, res)))
      .catch((error: unknown) => {
        this.options.log.error({ err: error, requestId }, 'OpenID Connect provider failed');
        if (!res.headersSent) {
          res
            .writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
            .end(JSON.stringify({ error: 'temporarily_unavailable' }));
        }
      });
  }

  async close(): Promise<void> {
    await this.clientChanges?.close();
    await this.logouts.stop();
  }

  private localeOf(ctx: KoaContextWithOIDC): Locale {
    const asked = ctx.oidc?.params?.ui_locales;
    return negotiateLocale(
      typeof asked === 'string' ? asked.replace(/ /g, ',') : ctx.get('accept-language'),
      this.options.defaultLocale,
    );
  }

  private build(jwks: object[]): Provider {
    const { em, protector } = this.options;
    const { Provider: OidcProvider, interactionPolicy } = this.oidc;
    const signIns = this.signIns;
    const sessionTtl = this.options.sessionTtlSeconds;
    const configuration: Configuration = {
      adapter: postgresAdapter(em, this.clients.find, this.work),
      findAccount: findAccount(em, this.work),
      claims: Object.fromEntries(Object.entries(scopeClaims).map(([scope, claims]) => [scope, [...claims]])),
      scopes: [...oidcScopes],
      acrValues: Object.values(acrValues),
      clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
      responseTypes: ['code'],
      subjectTypes: ['public', 'pairwise'],
      enabledJWA: {
        idTokenSigningAlgValues: ['ES256'],
        userinfoSigningAlgValues: ['ES256'],
        introspectionSigningAlgValues: ['ES256'],
        authorizationSigningAlgValues: ['ES256'],
        requestObjectSigningAlgValues: ['ES256'],
        clientAuthSigningAlgValues: ['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'],
      },
      jwks: { keys: jwks as never },
      // The same on every replica, and secret: derived from the platform's index key.
      cookies: {
        keys: [protector.digest('oidc-cookies', 'v1')],
        long: { signed: true, httpOnly: true, sameSite: 'lax' },
        short: { signed: true, httpOnly: true, sameSite: 'lax' },
      },
      conformIdTokenClaims: false,
      extraClientMetadata: { properties: tesseraClientProperties },
      features: {
        devInteractions: { enabled: false },
        // A system revokes its own tokens only.
        revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
        introspection: {
          enabled: true,
          // A system learns about its own tokens only.
          allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
        },
        userinfo: { enabled: true },
        backchannelLogout: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx, form) => {
            const client = ctx.oidc.client;
            const origins = (client?.postLogoutRedirectUris ?? []).map((u) => new URL(u).origin);
            ctx.set('content-security-policy', `default-src 'none'; form-action 'self' ${origins.join(' ')}`.trim());
            ctx.type = 'html';
            ctx.body = logoutPage(this.localeOf(ctx), form, client?.clientName);
          },
          postLogoutSuccessSource: async (ctx) => {
            ctx.type = 'html';
            ctx.body = loggedOutPage(this.localeOf(ctx));
          },
        },
      },
      pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
      interactions: {
        url: (_ctx, interaction) => `${oidcMount}/interaction/${interaction.uid}`,
        policy: platformInteractionPolicy(interactionPolicy, { em, signIns }),
      },
      // The bureau's own systems (no consent) get the scopes they ask for and may have.
      loadExistingGrant: async (ctx) => {
        const { oidc } = ctx;
        const client = oidc.client;
        const accountId = oidc.session?.accountId;
        if (!client || !accountId) return undefined;
        const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(client.clientId);
        const existing = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
        if (metadataOf(client).tessera_consent_required) return existing;
        const grant = existing ?? new oidc.provider.Grant({ clientId: client.clientId, accountId });
        const allowed = new Set((client.scope ?? '').split(' '));
        grant.addOIDCScope([...oidc.requestParamScopes].filter((s) => allowed.has(s)).join(' '));
        await grant.save();
        return grant;
      },
      issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      rotateRefreshToken: true,
      pairwiseIdentifier: async (_ctx, accountId, client) =>
        protector.digest('pairwise-subject', `${client.clientId}\0${accountId}`),
      ttl: {
        AccessToken: (_ctx, _token, client) => metadataOf(client).tessera_access_token_ttl,
        IdToken: (_ctx, _token, client) => metadataOf(client).tessera_id_token_ttl,
        RefreshToken: (_ctx, _token, client) => metadataOf(client).tessera_refresh_token_ttl,
        AuthorizationCode: 60,
        Interaction: 15 * 60,
        Session: sessionTtl,
        Grant: 365 * 86_400,
      },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = errorPage(this.localeOf(ctx), out, ctx.get(requestIdHeader));
      },
      clientBasedCORS: (_ctx, origin, client) =>
        client.redirectUris?.some((u) => new URL(u).origin === origin) ?? false,
      // Business systems sit on the bureau's private networks: their back-channel and JWKS URIs are
      // administrators' settings, so the provider's refusal of private addresses is lifted.
      fetch: (url, options) => globalThis.fetch(url, { ...options, dispatcher: undefined } as RequestInit),
    };
    const provider = new OidcProvider(this.options.issuer, configuration);
    provider.proxy = true;
    // The provider keeps the keyed hash of a system's secret as `client_secret`: it hashes what is presented.
    provider.Client.prototype.compareClientSecret = function (this: Client, presented: string) {
      return Promise.resolve(clientSecretMatches(protector, this.clientSecret, presented));
    };
    this.observe(provider);
    return provider;
  }

  /** After each request: ties sessions, records sign-ins and issued tokens; logs refusals with the request id. */
  private observe(provider: Provider): void {
    const { log, em, sessions } = this.options;
    const signIns = this.signIns;
    for (const event of [
      'authorization.error',
      'grant.error',
      'end_session.error',
      'userinfo.error',
      'introspection.error',
      'revocation.error',
      'backchannel.error',
      'server_error',
    ] as const) {
      (provider as unknown as NodeJS.EventEmitter).on(
        event,
        (ctx: KoaContextWithOIDC, error: Error & { error_description?: string }) => {
          log.warn(
            {
              requestId: ctx?.get?.(requestIdHeader),
              event,
              client: ctx?.oidc?.client?.clientId,
              err: { name: error?.name, message: error?.message, description: error?.error_description },
            },
            'OpenID Connect request refused',
          );
        },
      );
    }
    (provider as unknown as NodeJS.EventEmitter).on(
      'backchannel.success',
      (ctx: KoaContextWithOIDC, client: Client) => {
        ctx.state.toldSystems = [...((ctx.state.toldSystems ?? []) as string[]), client.clientId];
      },
    );
    const work = this.work;
    const store = (write: RecordWrite) => executePrepared(em, write);
    provider.use(async (koa, next) => {
      try {
        await next();
      } catch (error) {
        await work.flush(store).catch((failed: unknown) => log.error({ err: failed }, 'single sign-on: not stored'));
        throw error;
      }
      const ctx = koa as unknown as KoaContextWithOIDC;
      try {
        // The step's records and the record of issued tokens in one statement, then the platform's bookkeeping.
        if (ctx.oidc) deferIssuedTokens(ctx);
        await work.flush(store);
        if (ctx.oidc) await afterRequest(ctx);
      } catch (error) {
        // Storing the step or the platform's bookkeeping failed after the provider answered: the user
        // gets the provider's kind of error (a page, or OAuth's `server_error`), never a bare 500.
        const requestId = ctx.get(requestIdHeader);
        log.error({ err: error, requestId, route: ctx.oidc?.route }, 'single sign-on bookkeeping failed');
        const answer = { error: 'server_error', error_description: 'the sign-in could not be recorded' };
        ctx.status = 500;
        if (browserRoutes.has(ctx.oidc?.route ?? '')) {
          ctx.type = 'html';
          ctx.body = errorPage(this.localeOf(ctx), answer, requestId);
        } else {
          ctx.body = answer;
        }
      }
    });
    /** Keeps the record of a token response (issue 12, item 8) for the request's one write. */
    const deferIssuedTokens = (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      if (oidc.route !== 'token' || ctx.status !== 200 || !oidc.client) return;
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      const id = randomUUID();
      work.defer('IssuedToken', id, {
        sql: `insert into "identity"."issued_token" ("id", "system_code", "grant_type", "user_id", "scopes", "tokens", "request_id", "issued_at")
              values (?::uuid, ?, ?, ?::uuid, ?::text[], ?::text[], ?, now())`,
        params: [
          id,
          oidc.client.clientId,
          String(oidc.params?.grant_type ?? ''),
          (oidc.entities.AccessToken?.accountId as string | undefined) ?? null,
          String(body.scope ?? '')
            .split(' ')
            .filter(Boolean),
          ['access_token', 'id_token', 'refresh_token'].filter((t) => typeof body[t] === 'string'),
          ctx.get(requestIdHeader) || null,
        ],
      });
    };
    const afterRequest = async (ctx: KoaContextWithOIDC) => {
      const oidc = ctx.oidc;
      const route = oidc.route;
      const uid = oidc.session?.uid;
      const code = oidc.entities.AuthorizationCode;
      const client = oidc.client;
      const sid =
        (route === 'authorization' || route === 'resume') && code && uid && client
          ? oidc.session?.sidFor(client.clientId)
          : undefined;
      const signedIn =
        sid && client ? { systemCode: client.clientId, subject: code?.accountId as string, sid } : undefined;
      const sessionId =
        route === 'resume' && uid && oidc.result?.login
          ? (oidc.result as { tessera?: { sessionId?: string } }).tessera?.sessionId
          : undefined;
      // A sign-in just made ties its platform session to the provider's and records the system in one statement.
      if (sessionId && uid) await signIns.link(sessionId, uid, signedIn);
      else if (signedIn && uid) await signIns.record(uid, signedIn);
      if (route === 'end_session_confirm' && uid && (oidc.session as { destroyed?: boolean } | undefined)?.destroyed) {
        await signIns.markTold(uid, (ctx.state.toldSystems ?? []) as string[]);
        await sessions.revokeBySsoUid(uid, 'signed out at a business system');
      }
    };
  }
}
