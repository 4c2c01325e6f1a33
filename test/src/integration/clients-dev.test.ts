import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { freePort } from '@tessera/kit';

const root = path.resolve(__dirname, '..', '..', '..');

/** `vite` as `npm run dev` starts it for one client, on a free port; resolves once it listens. */
async function startDevServer(client: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), '--port', String(port), '--host', '127.0.0.1'],
    { cwd: path.join(root, 'clients', client), env: { ...process.env, GATEWAY_URL: 'http://127.0.0.1:1' } },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite did not start:\n${output}`)), 30_000);
    const listen = (chunk: Buffer) => {
      output += stripVTControlCharacters(chunk.toString());
      if (/Local:/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
    child.once('exit', (code) => reject(new Error(`vite exited with ${code}:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

describe('npm run dev (issue 6 item 3)', () => {
  it.each([
    ['web', '/'],
    ['admin', '/admin/'],
  ])('serves the %s client with hot module replacement and React Fast Refresh', async (client, base) => {
    const { url, child } = await startDevServer(client);
    try {
      const page = await (await fetch(`${url}${base}`)).text();
      expect(page).toContain('/@vite/client');
      expect(page).toContain('@react-refresh');
      expect((await fetch(`${url}${base}@vite/client`)).status).toBe(200);
      const app = await fetch(`${url}${base}src/app.tsx`);
      expect(app.status).toBe(200);
      expect(await app.text()).toMatch(/import\.meta\.hot|RefreshRuntime|\$RefreshReg\$/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
