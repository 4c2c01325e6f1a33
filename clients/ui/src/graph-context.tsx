import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  QueryClient,
  QueryClientProvider,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { OperationDefinitionNode } from 'graphql';
import type { i18n } from 'i18next';
import { createContext, type ReactNode, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { Graph, GraphError } from './graph';
import type { Session } from './session';

interface Tessera {
  graph: Graph;
  session: Session;
}

const TesseraContext = createContext<Tessera | null>(null);

function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
}

/**
 * Everything a page needs from above: the graph, the session, react-query and i18n. Switching the
 * language refetches what is on screen, since the server answers in the caller's language.
 */
export function TesseraProvider(props: { graph: Graph; session: Session; i18n: i18n; children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  useEffect(() => {
    const refetch = () => void queryClient.invalidateQueries();
    props.i18n.on('languageChanged', refetch);
    return () => props.i18n.off('languageChanged', refetch);
  }, [props.i18n, queryClient]);
  return (
    <TesseraContext.Provider value={{ graph: props.graph, session: props.session }}>
      <QueryClientProvider client={queryClient}>
        <I18nextProvider i18n={props.i18n}>{props.children}</I18nextProvider>
      </QueryClientProvider>
    </TesseraContext.Provider>
  );
}

function useTessera(): Tessera {
  const tessera = useContext(TesseraContext);
  if (!tessera) throw new Error('TesseraProvider is missing');
  return tessera;
}

export function useGraph(): Graph {
  return useTessera().graph;
}

/** The session, re-rendering the caller when the user signs in or out. */
export function useSession(): Session {
  const { session } = useTessera();
  useSyncExternalStore(session.subscribe, () => session.accessToken());
  return session;
}

function operationName(document: TypedDocumentNode<unknown, never>): string {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return operation?.name?.value ?? 'anonymous';
}

type Vars = Record<string, unknown>;

/** A query of a generated document, cached by operation name and variables. */
export function useGraphQuery<Result, Variables extends Vars>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  options: Omit<UseQueryOptions<Result, GraphError>, 'queryKey' | 'queryFn'> = {},
) {
  const graph = useGraph();
  return useQuery<Result, GraphError>({
    queryKey: [operationName(document as TypedDocumentNode<unknown, never>), variables],
    queryFn: () => (graph.request as (d: unknown, v: unknown) => Promise<Result>)(document, variables),
    ...options,
  });
}

/** A mutation of a generated document; `invalidates` names the queries to refetch after success. */
export function useGraphMutation<Result, Variables extends Vars>(
  document: TypedDocumentNode<Result, Variables>,
  options: { invalidates?: string[]; onSuccess?: (result: Result, variables: Variables) => void } = {},
) {
  const graph = useGraph();
  const queryClient = useQueryClient();
  return useMutation<Result, GraphError, Variables>({
    mutationFn: (variables) => (graph.request as (d: unknown, v: unknown) => Promise<Result>)(document, variables),
    onSuccess: async (result, variables) => {
      await Promise.all((options.invalidates ?? []).map((name) => queryClient.invalidateQueries({ queryKey: [name] })));
      options.onSuccess?.(result, variables);
    },
  });
}
