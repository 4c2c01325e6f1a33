import { useTranslation } from 'react-i18next';

/** A certificate's state (CT-2) as a labelled badge. */
export function CertificateState({ state }: { state: string | null }) {
  const { t } = useTranslation();
  if (!state) return null;
  return (
    <span className={`badge badge-${state.toLowerCase()}`} data-state={state}>
      {t(`certificate.state.${state}`)}
    </span>
  );
}
