import { type Column, DataTable, ErrorAlert, Field, SelectField, useGraphMutation, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, localInputToIso } from '../../format';
import {
  AcceptComplaintDocument,
  type ComplaintState,
  ComplaintsDocument,
  type ComplaintsQuery,
  HandleComplaintDocument,
  LodgeComplaintDocument,
  RecordComplaintDocument,
  RefuseComplaintDocument,
  ThankComplainantDocument,
  VerifyComplaintDocument,
} from '../../gql/graphql';
import { useRoles } from '../../roles';
import { ServicePage } from './service-layout';

type Row = ComplaintsQuery['complaints'][number];
const refresh = ['Complaints'];
const states: ComplaintState[] = ['RECEIVED', 'RECORDED', 'VERIFIED', 'ACCEPTED', 'REFUSED', 'HANDLED', 'THANKED'];

/** CS-5: the next step of one complaint: record, verify, accept with a deadline or refuse, handle, thank. */
function ComplaintStep({ complaint }: { complaint: Row }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [person, setPerson] = useState('');
  const [deadline, setDeadline] = useState('');
  const options = { invalidates: refresh, onSuccess: () => setText('') };
  const record = useGraphMutation(RecordComplaintDocument, options);
  const verify = useGraphMutation(VerifyComplaintDocument, options);
  const accept = useGraphMutation(AcceptComplaintDocument, options);
  const refuse = useGraphMutation(RefuseComplaintDocument, options);
  const handle = useGraphMutation(HandleComplaintDocument, options);
  const thank = useGraphMutation(ThankComplainantDocument, options);
  const error = record.error ?? verify.error ?? accept.error ?? refuse.error ?? handle.error ?? thank.error;
  const id = complaint.id;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    switch (complaint.state) {
      case 'RECEIVED':
        return record.mutate({ input: { id, record: text, responsiblePerson: person } });
      case 'RECORDED':
        return verify.mutate({ input: { id, text } });
      case 'ACCEPTED':
        return handle.mutate({ input: { id, text } });
      case 'HANDLED':
      case 'REFUSED':
        return thank.mutate({ id });
    }
  };
  return (
    <section aria-labelledby="complaint-step" className="card">
      <h2 id="complaint-step">{t('complaint.stepFor', { name: complaint.complainantName })}</h2>
      <p>{complaint.statement}</p>
      <ErrorAlert error={error} />
      {complaint.state === 'VERIFIED' ? (
        <>
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              accept.mutate({ input: { id, deadline: localInputToIso(deadline) } });
            }}
          >
            <Field
              label={t('complaint.deadline')}
              type="datetime-local"
              required
              value={deadline}
              onChange={(e) => setDeadline(e.target.value)}
            />
            <div className="actions">
              <button type="submit">{t('complaint.accept')}</button>
            </div>
          </form>
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              refuse.mutate({ input: { id, text } });
            }}
          >
            <Field
              label={t('complaint.refusalReason')}
              required
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <div className="actions">
              <button type="submit" className="danger">
                {t('complaint.refuse')}
              </button>
            </div>
          </form>
        </>
      ) : (
        <form onSubmit={submit}>
          {complaint.state === 'RECEIVED' && (
            <Field
              label={t('complaint.responsiblePerson')}
              required
              value={person}
              onChange={(e) => setPerson(e.target.value)}
            />
          )}
          {complaint.state !== 'HANDLED' && complaint.state !== 'REFUSED' && (
            <Field
              label={t(`complaint.text.${complaint.state}`)}
              required
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
          <div className="actions">
            <button type="submit">{t(`complaint.next.${complaint.state}`)}</button>
          </div>
        </form>
      )}
    </section>
  );
}

/** CS-5: complaints through listen, record, verify, deadline or refusal, handle, thank. */
export default function ComplaintsPage() {
  const { t, i18n } = useTranslation();
  const agent = useRoles().has('SERVICE_AGENT');
  const [state, setState] = useState('');
  const list = useGraphQuery(ComplaintsDocument, { state: (state || undefined) as ComplaintState | undefined });
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState({ complainantName: '', complainantPhone: '', statement: '' });
  const lodge = useGraphMutation(LodgeComplaintDocument, {
    invalidates: refresh,
    onSuccess: () => setForm({ complainantName: '', complainantPhone: '', statement: '' }),
  });
  const columns: Column<Row>[] = [
    { header: t('complaint.receivedAt'), cell: (c) => formatDateTime(c.receivedAt, i18n.language) },
    { header: t('complaint.state'), cell: (c) => (c.state ? t(`complaintState.${c.state}`) : '—') },
    { header: t('complaint.complainant'), cell: (c) => c.complainantName },
    { header: t('complaint.statement'), cell: (c) => c.statement },
    { header: t('complaint.responsiblePerson'), cell: (c) => c.responsiblePerson ?? '—' },
    {
      header: t('complaint.deadline'),
      cell: (c) => (
        <span className={c.overdue ? 'overdue' : undefined}>
          {formatDateTime(c.deadline, i18n.language)}
          {c.overdue && ` (${t('onSite.overdue')})`}
        </span>
      ),
    },
    {
      header: t('common.actions'),
      cell: (c) =>
        agent && c.state !== 'THANKED' ? (
          <button type="button" className="secondary" onClick={() => setSelected(c.id)}>
            {t('complaint.handleButton', { name: c.complainantName })}
          </button>
        ) : (
          (c.resolution ?? c.refusalReason ?? '—')
        ),
    },
  ];
  const complaint = list.data?.complaints.find((c) => c.id === selected && c.state !== 'THANKED');
  return (
    <ServicePage title={t('service.complaints')}>
      <SelectField
        label={t('complaint.state')}
        value={state}
        onChange={(e) => setState(e.target.value)}
        choices={[
          { value: '', label: t('service.all') },
          ...states.map((s) => ({ value: s, label: t(`complaintState.${s}`) })),
        ]}
      />
      <ErrorAlert error={list.error} />
      <DataTable
        caption={t('service.complaints')}
        columns={columns}
        rows={list.data?.complaints ?? []}
        rowKey={(c) => c.id}
      />
      {complaint && <ComplaintStep key={`${complaint.id}-${complaint.state}`} complaint={complaint} />}
      {agent && (
        <section aria-labelledby="lodge-complaint">
          <h2 id="lodge-complaint">{t('complaint.lodge')}</h2>
          <form
            className="form-wide"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              lodge.mutate({ input: { ...form, complainantPhone: form.complainantPhone || undefined } });
            }}
          >
            <ErrorAlert error={lodge.error} />
            <Field
              label={t('service.customerName')}
              required
              value={form.complainantName}
              onChange={(e) => setForm((f) => ({ ...f, complainantName: e.target.value }))}
            />
            <Field
              label={t('service.customerPhone')}
              inputMode="tel"
              value={form.complainantPhone}
              onChange={(e) => setForm((f) => ({ ...f, complainantPhone: e.target.value }))}
            />
            <Field
              label={t('complaint.statement')}
              required
              value={form.statement}
              onChange={(e) => setForm((f) => ({ ...f, statement: e.target.value }))}
            />
            <div className="actions">
              <button type="submit" disabled={lodge.isPending}>
                {t('common.save')}
              </button>
            </div>
          </form>
        </section>
      )}
    </ServicePage>
  );
}
