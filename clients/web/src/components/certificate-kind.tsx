import { useTranslation } from 'react-i18next';

/** What a certificate is: kind, usage and, once issued, its algorithm (国际 RSA·ECC or 国密 SM2, issue 14). */
export function CertificateKind(props: { kind: string | null; usage: string | null; hierarchy?: string | null }) {
  const { t } = useTranslation();
  return [
    t(`certificate.kind.${props.kind}`, { defaultValue: '' }),
    t(`certificate.usage.${props.usage}`, { defaultValue: '' }),
    props.hierarchy ? t(`certificate.hierarchy.${props.hierarchy}`) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
