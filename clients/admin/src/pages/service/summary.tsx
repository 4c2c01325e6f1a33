import { bureauToday, ErrorAlert, Field, Loading, useGraphQuery } from '@tessera/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConsultationWeeklySummaryDocument } from '../../gql/graphql';
import { ServicePage } from './service-layout';

/** The Friday on or before today, YYYY-MM-DD (the bureau's time zone). */
function lastFriday(): string {
  const today = bureauToday();
  const back = (new Date(`${today}T00:00:00Z`).getUTCDay() + 2) % 7;
  return bureauToday(-back);
}

/** CS-2: the week's consultations summarised for the department manager. */
export default function WeeklySummaryPage() {
  const { t } = useTranslation();
  const [weekEnding, setWeekEnding] = useState(lastFriday);
  const summary = useGraphQuery(ConsultationWeeklySummaryDocument, { weekEnding }, { enabled: Boolean(weekEnding) });
  const data = summary.data?.consultationWeeklySummary;
  return (
    <ServicePage title={t('service.summary')}>
      <form onSubmit={(e) => e.preventDefault()}>
        <Field
          label={t('summary.weekEnding')}
          hint={t('summary.weekEndingHint')}
          type="date"
          value={weekEnding}
          onChange={(e) => setWeekEnding(e.target.value)}
        />
      </form>
      <ErrorAlert error={summary.error} />
      {summary.isFetching && <Loading />}
      {data && (
        <div className="cards">
          <div className="card">
            <h2>{t('summary.totals')}</h2>
            <dl className="facts">
              <dt>{t('summary.total')}</dt>
              <dd>{data.total}</dd>
              <dt>{t('summary.answered')}</dt>
              <dd>{data.answered}</dd>
            </dl>
          </div>
          <div className="card">
            <h2>{t('summary.byCategory')}</h2>
            <dl className="facts">
              {(data.byCategory ?? []).map((c) => (
                <div key={c.category} className="fact-row">
                  <dt>{t(`consultationCategory.${c.category}`)}</dt>
                  <dd>{c.count}</dd>
                </div>
              ))}
            </dl>
          </div>
          <div className="card">
            <h2>{t('summary.byHandler')}</h2>
            <dl className="facts">
              {(data.byHandlerRole ?? []).map((c) => (
                <div key={c.handlerRole} className="fact-row">
                  <dt>{t(`handlerRole.${c.handlerRole}`)}</dt>
                  <dd>{c.count}</dd>
                </div>
              ))}
            </dl>
          </div>
        </div>
      )}
    </ServicePage>
  );
}
