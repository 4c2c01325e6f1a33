import {
  type Column,
  DataTable,
  ErrorAlert,
  Field,
  Notice,
  SelectField,
  useGraphMutation,
  useGraphQuery,
} from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PrintPdfButton } from '../../components/print-pdf';
import { formatDateTime } from '../../format';
import {
  AnswerConsultationDocument,
  type ConsultationCategory,
  type ConsultationChannel,
  ConsultationsDocument,
  type ConsultationsQuery,
  RecordConsultationDocument,
} from '../../gql/graphql';
import { useRoles } from '../../roles';
import { ServicePage } from './service-layout';

type Row = ConsultationsQuery['consultations'][number];
const categories: ConsultationCategory[] = [
  'CERTIFICATE_LIFECYCLE',
  'SECURITY_PRODUCTS_SALES',
  'SECURITY_TECHNOLOGY_LAW',
];
const channels: ConsultationChannel[] = ['COUNTER', 'PHONE', 'ONLINE'];
const blank = {
  category: categories[0] as string,
  channel: 'PHONE',
  customerName: '',
  customerPhone: '',
  unitName: '',
  question: '',
  answer: '',
};

function Answer({ row }: { row: Row }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  const [answeredBy, setAnsweredBy] = useState('');
  const send = useGraphMutation(AnswerConsultationDocument, { invalidates: ['Consultations'] });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate({ input: { id: row.id, answer, answeredBy: answeredBy || undefined } });
  };
  return (
    <form onSubmit={submit}>
      <ErrorAlert error={send.error} />
      <Field label={t('consultation.answer')} required value={answer} onChange={(e) => setAnswer(e.target.value)} />
      <Field label={t('consultation.answeredBy')} value={answeredBy} onChange={(e) => setAnsweredBy(e.target.value)} />
      <div className="actions">
        <button type="submit" disabled={send.isPending}>
          {t('consultation.saveAnswer')}
        </button>
      </div>
    </form>
  );
}

/** CS-1: consultation records in three categories, routed to their handler. */
export default function ConsultationsPage() {
  const { t, i18n } = useTranslation();
  const agent = useRoles().has('SERVICE_AGENT');
  const [unanswered, setUnanswered] = useState(false);
  const list = useGraphQuery(ConsultationsDocument, { unanswered: unanswered || undefined });
  const [form, setForm] = useState(blank);
  const [answering, setAnswering] = useState<string | null>(null);
  const [routed, setRouted] = useState<string | null>(null);
  const record = useGraphMutation(RecordConsultationDocument, {
    invalidates: ['Consultations'],
    onSuccess: ({ recordConsultation }) => {
      setRouted(recordConsultation.handlerRole ?? null);
      setForm(blank);
    },
  });
  const set = (key: keyof typeof blank) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setRouted(null);
    record.mutate({
      input: {
        category: form.category as ConsultationCategory,
        channel: form.channel as ConsultationChannel,
        customerName: form.customerName,
        customerPhone: form.customerPhone || undefined,
        unitName: form.unitName || undefined,
        question: form.question,
        answer: form.answer || undefined,
      },
    });
  };
  const columns: Column<Row>[] = [
    { header: t('consultation.receivedAt'), cell: (c) => formatDateTime(c.receivedAt, i18n.language) },
    { header: t('consultation.category'), cell: (c) => (c.category ? t(`consultationCategory.${c.category}`) : '—') },
    { header: t('consultation.handler'), cell: (c) => (c.handlerRole ? t(`handlerRole.${c.handlerRole}`) : '—') },
    { header: t('consultation.customer'), cell: (c) => [c.customerName, c.unitName].filter(Boolean).join(' · ') },
    { header: t('consultation.question'), cell: (c) => c.question },
    {
      header: t('consultation.answer'),
      cell: (c) =>
        c.answer ??
        (agent ? (
          <button type="button" className="secondary" onClick={() => setAnswering(c.id)}>
            {t('consultation.answerButton')}
          </button>
        ) : (
          '—'
        )),
    },
    { header: t('paper.title'), cell: (c) => <PrintPdfButton sheet="consultationRecord" id={c.id} /> },
  ];
  const answeringRow = list.data?.consultations.find((c) => c.id === answering);
  return (
    <ServicePage title={t('service.consultations')}>
      <label className="checkbox">
        <input type="checkbox" checked={unanswered} onChange={(e) => setUnanswered(e.target.checked)} />
        {t('consultation.onlyUnanswered')}
      </label>
      <ErrorAlert error={list.error} />
      <DataTable
        caption={t('service.consultations')}
        columns={columns}
        rows={list.data?.consultations ?? []}
        rowKey={(c) => c.id}
      />
      {answeringRow && <Answer key={answeringRow.id} row={answeringRow} />}
      {agent && (
        <section aria-labelledby="record-consultation">
          <h2 id="record-consultation">{t('consultation.record')}</h2>
          {routed && (
            <Notice tone="success">{t('consultation.routed', { handler: t(`handlerRole.${routed}`) })}</Notice>
          )}
          <form onSubmit={submit} className="form-wide">
            <ErrorAlert error={record.error} />
            <SelectField
              label={t('consultation.category')}
              value={form.category}
              onChange={set('category')}
              choices={categories.map((c) => ({ value: c, label: t(`consultationCategory.${c}`) }))}
            />
            <SelectField
              label={t('consultation.channel')}
              value={form.channel}
              onChange={set('channel')}
              choices={channels.map((c) => ({ value: c, label: t(`consultationChannel.${c}`) }))}
            />
            <Field
              label={t('service.customerName')}
              required
              value={form.customerName}
              onChange={set('customerName')}
            />
            <Field
              label={t('service.customerPhone')}
              inputMode="tel"
              value={form.customerPhone}
              onChange={set('customerPhone')}
            />
            <Field label={t('service.unitName')} value={form.unitName} onChange={set('unitName')} />
            <Field label={t('consultation.question')} required value={form.question} onChange={set('question')} />
            <Field label={t('consultation.answerNow')} value={form.answer} onChange={set('answer')} />
            <div className="actions">
              <button type="submit" disabled={record.isPending}>
                {t('common.save')}
              </button>
            </div>
          </form>
        </section>
      )}
    </ServicePage>
  );
}
