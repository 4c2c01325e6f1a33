import './monaco-workers';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { buildSchema, type ExecutionResult, getOperationAST, parse } from 'graphql';
import { type ComponentProps, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import apiSchema from '../../../../schema/api.graphql?raw';
import { i18n, renew, session } from '../tessera';
import { savedQueries } from './saved-queries';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/**
 * The API schema, built in: production turns introspection off, so GraphiQL gets its docs and
 * completion from the schema the clients are generated from instead of asking the server.
 */
const schema = buildSchema(apiSchema);

async function post(body: unknown, headers: Record<string, string>): Promise<ExecutionResult> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'accept-language': i18n.language,
      ...headers,
      authorization: `Bearer ${session.accessToken() ?? ''}`,
    },
    body: JSON.stringify(body),
  });
  return (await response.json()) as ExecutionResult;
}

/**
 * The operation name GraphiQL sends can lag behind a tab switch; a name the document does not
 * define is dropped, so a one-operation document runs as written.
 */
function definedOperationName(query: string, operationName: string | null | undefined): string | undefined {
  if (!operationName) return undefined;
  try {
    return getOperationAST(parse(query), operationName) ? operationName : undefined;
  } catch {
    return operationName;
  }
}

/** Runs the query with the staff member's own token (and permissions); renews an expired one once. */
const fetcher: Fetcher = async (graphiqlParams, options) => {
  const headers = (options?.headers ?? {}) as Record<string, string>;
  const params = {
    ...graphiqlParams,
    operationName: definedOperationName(graphiqlParams.query, graphiqlParams.operationName),
  };
  const result = await post(params, headers);
  const expired = result.errors?.some((e) => e.extensions?.code === 'INVALID_TOKEN');
  return expired && (await renew()) ? post(params, headers) : result;
};

/** Tabs live only as long as the page: nothing a staff member typed stays in the browser. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => {
      items.delete(key);
    },
    setItem: (key, value) => {
      items.set(key, value);
    },
  };
}

/**
 * GraphiQL with Monaco (the ad-hoc query page's heavy part, loaded behind its progress indicator),
 * opening on the saved queries with their comments in the UI language.
 */
export default function QueryEditor() {
  const { t } = useTranslation();
  const tabs = useMemo(() => savedQueries(t), [t]);
  const storage = useMemo(memoryStorage, []);
  return (
    <GraphiQL
      fetcher={fetcher}
      schema={schema}
      defaultTabs={tabs}
      initialVariables={tabs[0]?.variables}
      storage={storage}
      isHeadersEditorEnabled={false}
      defaultEditorToolsVisibility="variables"
      forcedTheme="light"
    />
  );
}
