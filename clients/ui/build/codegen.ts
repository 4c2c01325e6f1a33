import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * GraphQL Code Generator for a client: every `.graphql` document under `src/` becomes a typed
 * document in `src/gql/`, checked against the API schema of the checked-in supergraph, plus the
 * persisted-documents manifest the build ships as `trusted-operations.json`.
 */
export function clientCodegen(): CodegenConfig {
  return {
    schema: '../../schema/api.graphql',
    documents: ['src/**/*.graphql'],
    ignoreNoDocuments: false,
    generates: {
      'src/gql/': {
        preset: 'client',
        presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256' }, fragmentMasking: false },
        config: {
          enumsAsTypes: true,
          useTypeImports: true,
          avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
          scalars: { DateTimeISO: 'string', ID: 'string', UUID: 'string' },
        },
      },
    },
    silent: true,
  };
}
