import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import cookieParser from 'cookie-parser';
import express, { type CookieOptions, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { createRemoteJWKSet } from 'jose';
import { AuthorizationResponseError, ClientError, ResponseBodyError } from 'openid-client';
import { endsSession, verifyLogoutToken } from './logout-token';
import { MemoryStore } from './memory-store';
import { type Bilingual, homePage, problemPage, profilePage } from './pages';
import { RelyingParty, type SignedInUser, type SignInAttempt } from './relying-party';

export interface BusinessSystemOptions {
  /** The provider's issuer: Tessera's public URL, e.g. `http://127.0.0.1:4000`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** 0 (the default) takes a free port. */
  port?: number;
  /** Address to listen on; `127.0.0.1` by default. */
  host?: string;
  /** This system's own public base URL, as registered with the provider; `http://HOST:PORT/` by default. */
  publicUrl?: string;
  /** The name on every page. */
  name?: Bilingual;
  /** Where failures worth a look go (a refused logout token, a failed code exchange); standard error by default. */
  log?: (message: string) => void;
}

export interface RunningBusinessSystem {
  /** Its public base URL, ending in `/`. */
  url: string;
  close(): Promise<void>;
}

const signInTtlMs = 10 * 60 * 1000;
const sessionTtlMs = 8 * 60 * 60 * 1000;

function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts the example business system: it listens, reads the provider's discovery document, then serves
 * its pages. Rejects when the port is taken or the provider cannot be reached.
 */
export async function startBusinessSystem(options: BusinessSystemOptions): Promise<RunningBusinessSystem> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer();
  const address = await listen(server, options.port ?? 0, host);
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
  try {
    const base = new URL(options.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/`);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    const relyingParty = await RelyingParty.discover({
      issuer: new URL(options.issuer),
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri: new URL('callback', base),
    });
    server.on('request', businessSystemApp(relyingParty, base, options));
    return { url: base.href, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function businessSystemApp(relyingParty: RelyingParty, base: URL, options: BusinessSystemOptions) {
  const system = options.name ?? { zh: '业务系统示例', en: 'Example business system' };
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const attempts = new MemoryStore<SignInAttempt>(signInTtlMs);
  const sessions = new MemoryStore<SignedInUser>(sessionTtlMs);
  const keys = createRemoteJWKSet(relyingParty.jwksUri);
  // Cookies are not told apart by port: two systems on one host need their own names.
  const cookie = { session: `${options.clientId}.session`, attempt: `${options.clientId}.sign-in` };
  const cookieOptions: CookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    secure: base.protocol === 'https:',
    signed: true,
    path: base.pathname,
  };
  const signedIn = (req: Request, res: Response): SignedInUser | undefined => {
    const id = req.signedCookies[cookie.session];
    const user = sessions.get(id);
    if (id && !user) res.clearCookie(cookie.session, cookieOptions);
    return user;
  };

  const app = express();
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Signing out posts a form whose answer redirects to the provider's end-session endpoint.
          formAction: ["'self'", new URL(relyingParty.issuer).origin],
          // Over plain HTTP (on loopback) an upgrade to HTTPS would break every link and form.
          upgradeInsecureRequests: base.protocol === 'https:' ? [] : null,
        },
      },
    }),
  );
  app.use(cookieParser(randomBytes(32).toString('base64url')));

  app.get('/', (req, res) => {
    res.send(homePage(system, signedIn(req, res)));
  });

  app.get('/login', async (_req, res) => {
    const { attempt, url } = await relyingParty.startSignIn();
    res.cookie(cookie.attempt, attempts.put(attempt), { ...cookieOptions, maxAge: signInTtlMs });
    res.redirect(url.href);
  });

  app.get('/callback', async (req, res) => {
    const attempt = attempts.take(req.signedCookies[cookie.attempt]);
    res.clearCookie(cookie.attempt, cookieOptions);
    if (!attempt) {
      res.status(400).send(
        problemPage(
          system,
          { zh: '登录未完成', en: 'Sign-in did not complete' },
          {
            zh: '登录已过期或不是从本系统发起的，请重新登录。',
            en: 'The sign-in expired or did not start here: sign in again.',
          },
        ),
      );
      return;
    }
    const callbackUrl = new URL('callback', base);
    callbackUrl.search = new URL(req.originalUrl, base).search;
    try {
      const user = await relyingParty.finishSignIn(callbackUrl, attempt);
      res.cookie(cookie.session, sessions.put(user), { ...cookieOptions, maxAge: sessionTtlMs });
      res.redirect(new URL('profile', base).href);
    } catch (error) {
      const reason = refusal(error);
      if (reason === undefined) throw error;
      log(`${options.clientId}: sign-in refused: ${reason}`);
      res
        .status(400)
        .send(
          problemPage(
            system,
            { zh: '登录未完成', en: 'Sign-in did not complete' },
            { zh: '统一身份认证平台没有完成登录。', en: 'The identity platform did not complete the sign-in.' },
            reason,
          ),
        );
    }
  });

  app.get('/profile', (req, res) => {
    const user = signedIn(req, res);
    if (!user) res.redirect(base.href);
    else res.send(profilePage(system, user));
  });

  app.post('/logout', (req, res) => {
    const user = sessions.take(req.signedCookies[cookie.session]);
    res.clearCookie(cookie.session, cookieOptions);
    res.redirect(user ? relyingParty.signOutUrl(user, base).href : base.href);
  });

  app.post('/backchannel-logout', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      const logout = await verifyLogoutToken(req.body?.logout_token, {
        issuer: relyingParty.issuer,
        audience: relyingParty.clientId,
        keys,
      });
      sessions.deleteWhere((user) => endsSession(logout, user));
      res.status(200).end();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`${options.clientId}: back-channel logout refused: ${reason}`);
      res.status(400).json({ error: 'invalid_request', error_description: reason });
    }
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log(`${options.clientId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    res.status(502).send(
      problemPage(
        system,
        { zh: '出错了', en: 'Something went wrong' },
        {
          zh: '与统一身份认证平台通信失败，请稍后再试。',
          en: 'Talking to the identity platform failed: try again later.',
        },
      ),
    );
  });
  return app;
}

/** What the user reads when the provider refused the sign-in, or its answer failed a check (state, nonce, PKCE). */
function refusal(error: unknown): string | undefined {
  if (error instanceof AuthorizationResponseError || error instanceof ResponseBodyError) {
    return error.error_description ? `${error.error}: ${error.error_description}` : error.error;
  }
  if (error instanceof ClientError) return error.message;
  return undefined;
}
