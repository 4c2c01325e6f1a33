import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useGraphMutation, useSession } from '../graph-context';
import { Page } from './layout';

/** Ends the session at the server (the client's signOut document), then locally, then goes to `after`. */
export function SignOutButton<Result>(props: {
  signOut: TypedDocumentNode<Result, Record<string, never>>;
  after: string;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const signOut = useGraphMutation(props.signOut, {
    onSuccess: () => {
      session.end();
      navigate(props.after);
    },
  });
  if (!session.signedIn()) return null;
  return (
    <button type="button" className="secondary" onClick={() => signOut.mutate({})} disabled={signOut.isPending}>
      {t('common.signOut')}
    </button>
  );
}

/** The page for an address no route knows, with a way back (`home`: the link's words). */
export function NotFoundPage(props: { home: string }) {
  const { t } = useTranslation();
  return (
    <Page title={t('common.notFound')}>
      <p>
        <Link to="/">{props.home}</Link>
      </p>
    </Page>
  );
}
