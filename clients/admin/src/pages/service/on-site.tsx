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
import { formatDateTime, localInputToIso } from '../../format';
import {
  CompleteOnSiteVisitDocument,
  type OnSiteOrderState,
  OnSiteOrdersDocument,
  type OnSiteOrdersQuery,
  RequestOnSiteServiceDocument,
  ScheduleOnSiteServiceDocument,
} from '../../gql/graphql';
import { useRoles } from '../../roles';
import { ServicePage } from './service-layout';

type Row = OnSiteOrdersQuery['onSiteServiceOrders'][number];
const refresh = ['OnSiteOrders'];

function OrderActions({ order }: { order: Row }) {
  const { t } = useTranslation();
  const [engineer, setEngineer] = useState(order.engineer ?? '');
  const [appointment, setAppointment] = useState('');
  const [cause, setCause] = useState('');
  const [solution, setSolution] = useState('');
  const schedule = useGraphMutation(ScheduleOnSiteServiceDocument, { invalidates: refresh });
  const complete = useGraphMutation(CompleteOnSiteVisitDocument, { invalidates: refresh });
  return (
    <section aria-labelledby="order-actions" className="card">
      <h2 id="order-actions">{t('onSite.actionsFor', { name: order.customerName })}</h2>
      <p>{order.problem}</p>
      <ErrorAlert error={schedule.error ?? complete.error} />
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          schedule.mutate({ input: { id: order.id, engineer, appointmentAt: localInputToIso(appointment) } });
        }}
      >
        <Field label={t('onSite.engineer')} required value={engineer} onChange={(e) => setEngineer(e.target.value)} />
        <Field
          label={t('onSite.appointment')}
          type="datetime-local"
          required
          value={appointment}
          onChange={(e) => setAppointment(e.target.value)}
        />
        <div className="actions">
          <button type="submit" className="secondary">
            {t('onSite.schedule')}
          </button>
        </div>
      </form>
      {order.state !== 'REQUESTED' && (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            complete.mutate({ input: { id: order.id, cause, solution: solution || undefined } });
          }}
        >
          <Field label={t('onSite.cause')} required value={cause} onChange={(e) => setCause(e.target.value)} />
          <Field
            label={t('onSite.solution')}
            hint={t('onSite.solutionHint')}
            value={solution}
            onChange={(e) => setSolution(e.target.value)}
          />
          <div className="actions">
            <button type="submit">{t('onSite.complete')}</button>
          </div>
        </form>
      )}
    </section>
  );
}

const blank = { customerName: '', customerPhone: '', unitName: '', address: '', problem: '' };

/** CS-4: on-site service orders, promised within seven working days (weekends excluded). */
export default function OnSitePage() {
  const { t, i18n } = useTranslation();
  const agent = useRoles().has('SERVICE_AGENT');
  const [state, setState] = useState('');
  const list = useGraphQuery(OnSiteOrdersDocument, { state: (state || undefined) as OnSiteOrderState | undefined });
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState(blank);
  const [promised, setPromised] = useState<string | null>(null);
  const request = useGraphMutation(RequestOnSiteServiceDocument, {
    invalidates: refresh,
    onSuccess: ({ requestOnSiteService }) => {
      setPromised(requestOnSiteService.promisedBy ?? null);
      setForm(blank);
    },
  });
  const set = (key: keyof typeof blank) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const columns: Column<Row>[] = [
    { header: t('onSite.requestedAt'), cell: (o) => formatDateTime(o.requestedAt, i18n.language) },
    { header: t('onSite.state'), cell: (o) => (o.state ? t(`onSiteState.${o.state}`) : '—') },
    { header: t('onSite.customer'), cell: (o) => [o.customerName, o.unitName].filter(Boolean).join(' · ') },
    { header: t('onSite.address'), cell: (o) => o.address },
    { header: t('onSite.problem'), cell: (o) => o.problem },
    {
      header: t('onSite.promisedBy'),
      cell: (o) => (
        <span className={o.overdue ? 'overdue' : undefined}>
          {formatDateTime(o.promisedBy, i18n.language)}
          {o.overdue && ` (${t('onSite.overdue')})`}
        </span>
      ),
    },
    { header: t('onSite.engineer'), cell: (o) => o.engineer ?? '—' },
    {
      header: t('common.actions'),
      cell: (o) =>
        agent && o.state !== 'SOLVED' ? (
          <button type="button" className="secondary" onClick={() => setSelected(o.id)}>
            {t('onSite.handle', { name: o.customerName })}
          </button>
        ) : (
          (o.solution ?? '—')
        ),
    },
  ];
  const order = list.data?.onSiteServiceOrders.find((o) => o.id === selected && o.state !== 'SOLVED');
  return (
    <ServicePage title={t('service.on-site')}>
      <SelectField
        label={t('onSite.state')}
        value={state}
        onChange={(e) => setState(e.target.value)}
        choices={[
          { value: '', label: t('service.all') },
          ...(['REQUESTED', 'SCHEDULED', 'PENDING', 'SOLVED'] as const).map((s) => ({
            value: s,
            label: t(`onSiteState.${s}`),
          })),
        ]}
      />
      <ErrorAlert error={list.error} />
      <DataTable
        caption={t('service.on-site')}
        columns={columns}
        rows={list.data?.onSiteServiceOrders ?? []}
        rowKey={(o) => o.id}
      />
      {order && <OrderActions key={order.id} order={order} />}
      {agent && (
        <section aria-labelledby="request-visit">
          <h2 id="request-visit">{t('onSite.request')}</h2>
          {promised && (
            <Notice tone="success">{t('onSite.promised', { date: formatDateTime(promised, i18n.language) })}</Notice>
          )}
          <form
            className="form-wide"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              setPromised(null);
              request.mutate({ input: { ...form, unitName: form.unitName || undefined } });
            }}
          >
            <ErrorAlert error={request.error} />
            <Field
              label={t('service.customerName')}
              required
              value={form.customerName}
              onChange={set('customerName')}
            />
            <Field
              label={t('service.customerPhone')}
              required
              inputMode="tel"
              value={form.customerPhone}
              onChange={set('customerPhone')}
            />
            <Field label={t('service.unitName')} value={form.unitName} onChange={set('unitName')} />
            <Field label={t('onSite.address')} required value={form.address} onChange={set('address')} />
            <Field label={t('onSite.problem')} required value={form.problem} onChange={set('problem')} />
            <div className="actions">
              <button type="submit" disabled={request.isPending}>
                {t('common.save')}
              </button>
            </div>
          </form>
        </section>
      )}
    </ServicePage>
  );
}
