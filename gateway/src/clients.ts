import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/** The built clients and where the gateway serves them (the admin client first: `/` matches everything). */
const clients = [
  { mount: '/admin', name: 'admin' },
  { mount: '/', name: 'web' },
] as const;

/**
 * Serves each built client: fingerprinted assets cached for a year, `index.html` never cached,
 * and `index.html` for any other page a browser navigates to, so the clients' routes survive a reload
 * (other requests for unknown paths still get the typed 404).
 */
export function serveClients(app: Express, clientsDir: string): void {
  for (const { mount, name } of clients) {
    const dir = path.join(clientsDir, name, 'dist');
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) continue;
    app.use(
      mount,
      express.static(dir, {
        index: 'index.html',
        setHeaders: (res, file) => {
          const fingerprinted = file.startsWith(path.join(dir, 'assets') + path.sep);
          res.setHeader('Cache-Control', fingerprinted ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      }),
    );
    app.get(path.posix.join(mount, '{*page}'), (req, res, next) => {
      const pageNavigation = req.get('accept')?.includes('text/html') && !path.posix.extname(req.path);
      if (!pageNavigation) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
}
