import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { GraphError } from '../graph';

/** A failed request: the server's localized message and, for support, its code. */
export function ErrorAlert({ error }: { error: GraphError | null | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert" data-code={error.code}>
      <p>{error.message}</p>
      <p className="alert-code">
        {t('common.errorCode')}: <code>{error.code}</code>
      </p>
    </div>
  );
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" aria-busy="true">
      {t('common.loading')}
    </p>
  );
}
