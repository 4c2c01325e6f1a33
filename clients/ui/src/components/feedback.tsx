import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GraphError } from '../graph';

/** Where a client's help explains an error (the web client's FAQ and CT-6 handbook); none by default. */
export type ErrorHelp = (error: GraphError) => string | undefined;

const ErrorHelpContext = createContext<ErrorHelp>(() => undefined);

/** Gives every ErrorAlert below a link to the help entry of its error. */
export function ErrorHelpProvider(props: { help: ErrorHelp; children: ReactNode }) {
  return <ErrorHelpContext.Provider value={props.help}>{props.children}</ErrorHelpContext.Provider>;
}

/** The CT-6 client codes (e.g. -10101039) are the support handbook's own: shown, unlike the catalogue's constants. */
const handbookCode = /^-?\d+$/;

/**
 * A failed request as a person reads it: the server's sentence in the page's language, a short
 * reference of the request to read to support (a client may word it as `errorAlert.reference`,
 * the web client names the 12333 hotline), and the matching help entry. The catalogue's
 * code stays in `data-code` for programs and tests; it is never shown.
 */
export function ErrorAlert({ error }: { error: GraphError | null | undefined }) {
  const { t } = useTranslation();
  const help = useContext(ErrorHelpContext);
  if (!error) return null;
  const helpPage = help(error);
  return (
    <div className="alert alert-error" role="alert" data-code={error.code}>
      <p>{error.message}</p>
      {handbookCode.test(error.code) && (
        <p className="alert-code">
          {t('common.errorCode')}: <code>{error.code}</code>
        </p>
      )}
      {error.reference && (
        <p className="alert-code">
          {t(['errorAlert.reference', 'common.errorReference'])}:{' '}
          <code className="error-reference">{error.reference}</code>
        </p>
      )}
      {helpPage && (
        <p className="alert-code">
          <Link to={helpPage}>{t('common.errorHelp')}</Link>
        </p>
      )}
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
