/**
 * Monaco's web workers for Vite (graphiql's documented Vite setup, `graphiql/setup-workers/vite`,
 * without its console logging): Vite bundles each `?worker` import as its own worker file.
 */

import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';

Object.assign(globalThis, {
  MonacoEnvironment: {
    getWorker(_workerId: string, label: string) {
      if (label === 'json') return new JsonWorker();
      if (label === 'graphql') return new GraphQLWorker();
      return new EditorWorker();
    },
  },
});
