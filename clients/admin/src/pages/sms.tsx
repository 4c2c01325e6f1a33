import { type Column, DataTable, ErrorAlert, Loading, Notice, Page, useGraphQuery } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format';
import { SmsOutboxDocument, type SmsOutboxQuery } from '../gql/graphql';

type Row = SmsOutboxQuery['smsOutbox'][number];

/**
 * ID-9: the SMS outbox. Without an SMS gateway (embedded mode) the messages stay here for staff to
 * read. One-time codes are masked by the server (issue 11): nobody reads a code off this page.
 */
export default function SmsPage() {
  const { t, i18n } = useTranslation();
  const outbox = useGraphQuery(SmsOutboxDocument, {}, { refetchInterval: 5000 });
  const columns: Column<Row>[] = [
    { header: t('sms.createdAt'), cell: (m) => formatDateTime(m.createdAt, i18n.language) },
    { header: t('sms.purpose'), cell: (m) => t(`smsPurpose.${m.purpose}`, { defaultValue: m.purpose }) },
    { header: t('sms.phone'), cell: (m) => m.phoneMasked },
    { header: t('sms.text'), cell: (m) => m.text },
    { header: t('sms.state'), cell: (m) => t(`smsState.${m.state}`, { defaultValue: m.state }) },
    { header: t('sms.attempts'), cell: (m) => m.attempts },
    { header: t('sms.sentAt'), cell: (m) => formatDateTime(m.sentAt, i18n.language) },
    { header: t('sms.lastError'), cell: (m) => m.lastError ?? '—' },
  ];
  return (
    <Page title={t('sms.title')}>
      <Notice>{t('sms.embedded')}</Notice>
      <Notice>{t('sms.codesMasked')}</Notice>
      <ErrorAlert error={outbox.error} />
      {outbox.isPending ? (
        <Loading />
      ) : (
        <DataTable
          caption={t('sms.title')}
          columns={columns}
          rows={outbox.data?.smsOutbox ?? []}
          rowKey={(m) => m.id}
        />
      )}
    </Page>
  );
}
