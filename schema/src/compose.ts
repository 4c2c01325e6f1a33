import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { certificate } from '@tessera/certificate';
import { identity } from '@tessera/identity';
import type { SubgraphModule } from '@tessera/kit';
import { ra } from '@tessera/ra';
import { parse, printSchema } from 'graphql';

/** The subgraphs of the supergraph, with the URLs of the production-shaped stack (docker/). */
export const subgraphs: { module: SubgraphModule; url: string }[] = [
  { module: identity, url: 'http://identity:4001/graphql' },
  { module: certificate, url: 'http://certificate:4002/graphql' },
  { module: ra, url: 'http://ra:4003/graphql' },
];

export const schemaDir = path.resolve(__dirname, '..');
export const supergraphPath = path.join(schemaDir, 'supergraph.graphql');
/** The API schema clients see (no federation plumbing): what the clients' code generator reads. */
export const apiSchemaPath = path.join(schemaDir, 'api.graphql');

export interface Composition {
  supergraph: string;
  api: string;
  subgraphs: { name: string; typeDefs: string }[];
}

/** Composes the supergraph from the subgraphs' code, with no running service. */
export async function composeSupergraph(): Promise<Composition> {
  const built = await Promise.all(
    subgraphs.map(async ({ module, url }) => ({ name: module.name, url, typeDefs: (await module.schema()).typeDefs })),
  );
  const result = composeServices(built.map(({ name, url, typeDefs }) => ({ name, url, typeDefs: parse(typeDefs) })));
  if (result.errors?.length || !result.supergraphSdl || !result.schema) {
    throw new Error(`Composition failed:\n${(result.errors ?? []).map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return {
    supergraph: `${result.supergraphSdl.trimEnd()}\n`,
    api: `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema()).trimEnd()}\n`,
    subgraphs: built.map(({ name, typeDefs }) => ({ name, typeDefs: `${typeDefs.trimEnd()}\n` })),
  };
}

/** The files `npm run compose` writes and the drift test compares. */
export function compositionFiles(composition: Composition): Record<string, string> {
  return {
    [supergraphPath]: composition.supergraph,
    [apiSchemaPath]: composition.api,
    ...Object.fromEntries(
      composition.subgraphs.map((s) => [path.join(schemaDir, 'subgraphs', `${s.name}.graphql`), s.typeDefs]),
    ),
  };
}

async function main(): Promise<void> {
  const files = compositionFiles(await composeSupergraph());
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
