import { type Column, DataTable, ErrorAlert, Field, SelectField, useGraphMutation, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format';
import {
  EscalatePhoneCallDocument,
  FollowUpPhoneCallDocument,
  type PhoneCallKind,
  type PhoneCallState,
  PhoneCallsDocument,
  type PhoneCallsQuery,
  RecordPhoneCallDocument,
  SolvePhoneCallDocument,
} from '../../gql/graphql';
import { useRoles } from '../../roles';
import { ServicePage } from './service-layout';

type Row = PhoneCallsQuery['phoneCalls'][number];
const refresh = ['PhoneCalls'];

/** CS-3: solve from the handbook, escalate to a technician, follow up until solved. */
function CallActions({ call }: { call: Row }) {
  const { t } = useTranslation();
  const [solution, setSolution] = useState('');
  const [reference, setReference] = useState('');
  const [technician, setTechnician] = useState('');
  const [details, setDetails] = useState('');
  const [note, setNote] = useState('');
  const solve = useGraphMutation(SolvePhoneCallDocument, { invalidates: refresh });
  const escalate = useGraphMutation(EscalatePhoneCallDocument, { invalidates: refresh });
  const followUp = useGraphMutation(FollowUpPhoneCallDocument, { invalidates: refresh, onSuccess: () => setNote('') });
  return (
    <section aria-labelledby="call-actions" className="card">
      <h2 id="call-actions">{t('phone.actionsFor', { name: call.callerName })}</h2>
      <p>{call.description}</p>
      {(call.followUps ?? []).length > 0 && (
        <ul>
          {(call.followUps ?? []).map((f, n) => (
            <li key={n}>{f.note}</li>
          ))}
        </ul>
      )}
      <ErrorAlert error={solve.error ?? escalate.error ?? followUp.error} />
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          solve.mutate({ input: { id: call.id, solution, handbookReference: reference || undefined } });
        }}
      >
        <Field label={t('phone.solution')} required value={solution} onChange={(e) => setSolution(e.target.value)} />
        <Field
          label={t('phone.handbookReference')}
          hint={t('phone.handbookHint')}
          value={reference}
          onChange={(e) => setReference(e.target.value)}
        />
        <div className="actions">
          <button type="submit">{t('phone.solve')}</button>
        </div>
      </form>
      {call.state === 'OPEN' && (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            escalate.mutate({ input: { id: call.id, technician, details } });
          }}
        >
          <Field
            label={t('phone.technician')}
            required
            value={technician}
            onChange={(e) => setTechnician(e.target.value)}
          />
          <Field label={t('phone.details')} required value={details} onChange={(e) => setDetails(e.target.value)} />
          <div className="actions">
            <button type="submit" className="secondary">
              {t('phone.escalate')}
            </button>
          </div>
        </form>
      )}
      {call.state === 'ESCALATED' && (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            followUp.mutate({ input: { id: call.id, note } });
          }}
        >
          <Field label={t('phone.followUp')} required value={note} onChange={(e) => setNote(e.target.value)} />
          <div className="actions">
            <button type="submit" className="secondary">
              {t('phone.recordFollowUp')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

const blank = { kind: 'PROBLEM', callerName: '', callerPhone: '', unitName: '', description: '' };

/** CS-3: the hotline's phone records. */
export default function PhonePage() {
  const { t, i18n } = useTranslation();
  const agent = useRoles().has('SERVICE_AGENT');
  const [state, setState] = useState('');
  const list = useGraphQuery(PhoneCallsDocument, { state: (state || undefined) as PhoneCallState | undefined });
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState(blank);
  const record = useGraphMutation(RecordPhoneCallDocument, { invalidates: refresh, onSuccess: () => setForm(blank) });
  const set = (key: keyof typeof blank) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const columns: Column<Row>[] = [
    { header: t('phone.receivedAt'), cell: (c) => formatDateTime(c.receivedAt, i18n.language) },
    { header: t('phone.kind'), cell: (c) => (c.kind ? t(`phoneKind.${c.kind}`) : '—') },
    { header: t('phone.state'), cell: (c) => (c.state ? t(`phoneState.${c.state}`) : '—') },
    { header: t('phone.caller'), cell: (c) => [c.callerName, c.unitName].filter(Boolean).join(' · ') },
    { header: t('phone.description'), cell: (c) => c.description },
    { header: t('phone.technician'), cell: (c) => c.technician ?? '—' },
    { header: t('phone.solution'), cell: (c) => c.solution ?? '—' },
    {
      header: t('common.actions'),
      cell: (c) =>
        agent && c.state !== 'SOLVED' ? (
          <button type="button" className="secondary" onClick={() => setSelected(c.id)}>
            {t('phone.handle', { name: c.callerName })}
          </button>
        ) : (
          '—'
        ),
    },
  ];
  const call = list.data?.phoneCalls.find((c) => c.id === selected && c.state !== 'SOLVED');
  return (
    <ServicePage title={t('service.phone')}>
      <SelectField
        label={t('phone.state')}
        value={state}
        onChange={(e) => setState(e.target.value)}
        choices={[
          { value: '', label: t('service.all') },
          ...(['OPEN', 'ESCALATED', 'SOLVED'] as const).map((s) => ({ value: s, label: t(`phoneState.${s}`) })),
        ]}
      />
      <ErrorAlert error={list.error} />
      <DataTable
        caption={t('service.phone')}
        columns={columns}
        rows={list.data?.phoneCalls ?? []}
        rowKey={(c) => c.id}
      />
      {call && <CallActions key={call.id} call={call} />}
      {agent && (
        <section aria-labelledby="record-call">
          <h2 id="record-call">{t('phone.record')}</h2>
          <form
            className="form-wide"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              record.mutate({
                input: { ...form, kind: form.kind as PhoneCallKind, unitName: form.unitName || undefined },
              });
            }}
          >
            <ErrorAlert error={record.error} />
            <SelectField
              label={t('phone.kind')}
              value={form.kind}
              onChange={set('kind')}
              choices={(['PROBLEM', 'BUSINESS_CONSULTATION'] as const).map((k) => ({
                value: k,
                label: t(`phoneKind.${k}`),
              }))}
            />
            <Field label={t('service.customerName')} required value={form.callerName} onChange={set('callerName')} />
            <Field
              label={t('service.customerPhone')}
              required
              inputMode="tel"
              value={form.callerPhone}
              onChange={set('callerPhone')}
            />
            <Field label={t('service.unitName')} value={form.unitName} onChange={set('unitName')} />
            <Field label={t('phone.description')} required value={form.description} onChange={set('description')} />
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
