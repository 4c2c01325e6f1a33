import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { OutputBundle, OutputChunk } from 'rolldown';
import type { Plugin } from 'vite';

/** Ships the persisted-documents manifest of GraphQL Code Generator as `trusted-operations.json`. */
export function trustedOperations(root: string): Plugin {
  const manifest = path.join(root, 'src', 'gql', 'persisted-documents.json');
  return {
    name: 'tessera-trusted-operations',
    apply: 'build',
    generateBundle() {
      if (!fs.existsSync(manifest)) this.error(`${manifest} is missing: run graphql-codegen first`);
      this.emitFile({ type: 'asset', fileName: 'trusted-operations.json', source: fs.readFileSync(manifest, 'utf8') });
    },
  };
}

function initialChunks(bundle: OutputBundle): OutputChunk[] {
  const chunks = new Map<string, OutputChunk>();
  const visit = (fileName: string) => {
    const chunk = bundle[fileName];
    if (chunk?.type !== 'chunk' || chunks.has(fileName)) return;
    chunks.set(fileName, chunk);
    for (const imported of chunk.imports) visit(imported);
  };
  for (const output of Object.values(bundle)) if (output.type === 'chunk' && output.isEntry) visit(output.fileName);
  return [...chunks.values()];
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/**
 * Prints the gzip size of every JavaScript chunk, writes `bundle-report.json`, and fails the build
 * when the JavaScript of the first load (entry plus its static imports) passes the budget.
 */
export function bundleReport(budgetKb: number): Plugin {
  return {
    name: 'tessera-bundle-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const gzip = (chunk: OutputChunk) => gzipSync(chunk.code, { level: 9 }).length;
      const initial = initialChunks(bundle);
      const initialBytes = initial.reduce((sum, chunk) => sum + gzip(chunk), 0);
      const chunks = Object.values(bundle)
        .filter((output): output is OutputChunk => output.type === 'chunk')
        .map((chunk) => ({ file: chunk.fileName, gzipKb: kb(gzip(chunk)), initial: initial.includes(chunk) }));
      const report = { budgetKb, initialJsGzipKb: kb(initialBytes), chunks };
      this.emitFile({ type: 'asset', fileName: 'bundle-report.json', source: `${JSON.stringify(report, null, 2)}\n` });
      this.info(
        `first-load JavaScript ${report.initialJsGzipKb} KB gzip (budget ${budgetKb} KB); all chunks: ${chunks
          .map((c) => `${c.file} ${c.gzipKb} KB`)
          .join(', ')}`,
      );
      if (initialBytes > budgetKb * 1024) {
        this.error(`first-load JavaScript is ${report.initialJsGzipKb} KB gzip, over the ${budgetKb} KB budget`);
      }
    },
  };
}

/** What is worth compressing: text formats and fonts Vite emits (images and archives are compressed already). */
const compressible = /\.(js|mjs|css|html|svg|txt|ttf|wasm)$/;

/**
 * Writes a `.br` and a `.gz` beside every compressible file of the build larger than 1 KB, once,
 * at the strongest settings, so the gateway serves the smallest copy the browser accepts without
 * compressing anything per request.
 */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'tessera-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    writeBundle() {
      const files = fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' });
      for (const file of files.map((f) => path.join(outDir, f))) {
        if (!compressible.test(file) || !fs.statSync(file).isFile()) continue;
        const content = fs.readFileSync(file);
        if (content.length < 1024) continue;
        fs.writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        fs.writeFileSync(
          `${file}.br`,
          brotliCompressSync(content, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
            },
          }),
        );
      }
    },
  };
}
