import fs from 'node:fs';
import path from 'node:path';
import { type Branding, pageContentSecurityPolicy } from '@tessera/kit';
import type { Express, NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';

/**
 * The built clients and where the gateway serves them (the admin client first: `/` matches
 * everything). The admin client's GraphiQL editor (Monaco) writes `<style>` elements at run time,
 * so its pages allow inline styles; the web client's certificate sign-in calls the local EKey agent
 * (issue 15), so its pages may connect to that one origin too; scripts stay `'self'` only on both.
 */
const clients = [
  { mount: '/admin', name: 'admin', inlineStyles: true, ekeyAgent: false },
  { mount: '/', name: 'web', inlineStyles: false, ekeyAgent: true },
] as const;

/** What the clients learn from the platform at start (`GET /client-config.json`). */
export interface WebClientConfig {
  /** Origin of the local EKey agent (EKEY_AGENT_URL). */
  ekeyAgentUrl: string;
  /** The bureau's time zone, in which both clients show dates and times (BUREAU_TIME_ZONE, issue 17). */
  timeZone: string;
  /** The bureau's name, emblem and footer facts both clients show (BUREAU_*, issue 17 item 4). */
  branding: Branding;
}

/** Where the clients' pages find what they need outside the platform. */
export interface ClientSettings {
  /** The EKey agent's origin (EKEY_AGENT_URL). */
  ekeyAgentOrigin: string;
  /** The bureau's time zone (BUREAU_TIME_ZONE). */
  timeZone: string;
  /** The bureau's branding (BUREAU_*). */
  branding: Branding;
}

type Handler = (req: Request, res: Response, next: NextFunction) => void;

/** Source maps are never served, even if a build left some behind: they would publish the sources. */
function exceptSourceMaps(serve: Handler): Handler {
  return (req, res, next) => (req.path.endsWith('.map') ? next() : serve(req, res, next));
}

/**
 * Serves each built client: the build's brotli or gzip copy when the browser accepts one (with
 * `Vary: Accept-Encoding` and the original's Content-Type), fingerprinted assets cached for a
 * year, `index.html` never cached, and `index.html` for any other page a browser navigates to, so
 * the clients' routes survive a reload (other requests for unknown paths still get the typed 404);
 * `/client-config.json` tells the clients where the EKey agent listens, the bureau's time zone and
 * its branding.
 */
export function serveClients(app: Express, clientsDir: string, settings: ClientSettings): void {
  const webConfig: WebClientConfig = {
    ekeyAgentUrl: settings.ekeyAgentOrigin,
    timeZone: settings.timeZone,
    branding: settings.branding,
  };
  // An emblem on another site is the one image the pages load from outside the platform.
  const emblem = settings.branding.emblemUrl;
  const imagesFrom = emblem && !emblem.startsWith('/') ? [emblem] : [];
  app.get('/client-config.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(webConfig);
  });
  for (const { mount, name, inlineStyles, ekeyAgent } of clients) {
    const dir = path.join(clientsDir, name, 'dist');
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) continue;
    app.use(
      mount,
      pageContentSecurityPolicy({ inlineStyles, connectTo: ekeyAgent ? [settings.ekeyAgentOrigin] : [], imagesFrom }),
    );
    app.use(
      mount,
      exceptSourceMaps(
        expressStaticGzip(dir, {
          enableBrotli: true,
          orderPreference: ['br', 'gzip'],
          index: 'index.html',
          serveStatic: {
            setHeaders: (res, file) => {
              const fingerprinted = file.startsWith(path.join(dir, 'assets') + path.sep);
              res.setHeader('Cache-Control', fingerprinted ? 'public, max-age=31536000, immutable' : 'no-cache');
            },
          },
        }),
      ),
    );
    app.get(path.posix.join(mount, '{*page}'), (req, res, next) => {
      const pageNavigation = req.get('accept')?.includes('text/html') && !path.posix.extname(req.path);
      if (!pageNavigation) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
}
