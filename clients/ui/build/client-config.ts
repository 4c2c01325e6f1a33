import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';
import { bundleReport, precompress, trustedOperations } from './vite-plugins.ts';

export interface ClientBuild {
  /** The client's own folder (`import.meta.dirname` of its vite.config.ts). */
  root: string;
  /** Where the gateway serves it: `/` or `/admin/`. */
  base: string;
  /** Port of `npm run dev` for this client. */
  devPort: number;
  /** Most gzip KB of JavaScript the first load may fetch. */
  budgetKb: number;
}

/**
 * Vite for a Tessera client: React, the trusted-operations manifest, the bundle budget, assets
 * precompressed with brotli and gzip, and a dev
 * server that proxies the graph to the platform `npm run dev` starts (GATEWAY_URL to change it).
 */
export function clientConfig(build: ClientBuild): UserConfig {
  const gateway = process.env.GATEWAY_URL ?? 'http://localhost:4000';
  return defineConfig({
    root: build.root,
    base: build.base,
    plugins: [react(), trustedOperations(build.root), bundleReport(build.budgetKb), precompress()],
    // No source maps in the build: the gateway serves `dist/` as it is, and maps would publish the sources.
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, reportCompressedSize: false },
    server: {
      port: build.devPort,
      strictPort: true,
      // `/client-config.json`: the web client's settings from the platform (the EKey agent's URL, issue 15).
      proxy: { '/graphql': gateway, '/client-config.json': gateway },
    },
  });
}
