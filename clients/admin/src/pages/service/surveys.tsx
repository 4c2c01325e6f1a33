import {
  bureauTimeToIso,
  bureauToday,
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
import { formatDateTime } from '../../format';
import {
  RecordSatisfactionSurveyDocument,
  type SatisfactionQuestion,
  SatisfactionReportDocument,
  SatisfactionSurveysDocument,
  type SatisfactionSurveysQuery,
} from '../../gql/graphql';
import { useRoles } from '../../roles';
import { ServicePage } from './service-layout';

type Row = SatisfactionSurveysQuery['satisfactionSurveys'][number];
const questions: SatisfactionQuestion[] = ['ATTITUDE', 'RESPONSIVENESS', 'COMPETENCE', 'RESOLUTION', 'OVERALL'];
const scores = ['5', '4', '3', '2', '1'];

function monthStart(): string {
  return `${bureauToday().slice(0, 7)}-01`;
}

/** CS-6: survey forms with their computed score, and the report of a period. */
export default function SurveysPage() {
  const { t, i18n } = useTranslation();
  const agent = useRoles().has('SERVICE_AGENT');
  const list = useGraphQuery(SatisfactionSurveysDocument, {});
  const [from, setFrom] = useState(monthStart);
  const [to, setTo] = useState(() => bureauToday(1));
  const report = useGraphQuery(
    SatisfactionReportDocument,
    { from: bureauTimeToIso(from), to: bureauTimeToIso(to) },
    { enabled: Boolean(from && to) },
  );
  const [form, setForm] = useState({ scope: '', respondentName: '', unitName: '', feedback: '' });
  const [answers, setAnswers] = useState<Record<SatisfactionQuestion, string>>(
    Object.fromEntries(questions.map((q) => [q, '5'])) as Record<SatisfactionQuestion, string>,
  );
  const [score, setScore] = useState<number | null>(null);
  const record = useGraphMutation(RecordSatisfactionSurveyDocument, {
    invalidates: ['SatisfactionSurveys', 'SatisfactionReport'],
    onSuccess: ({ recordSatisfactionSurvey }) => setScore(recordSatisfactionSurvey.score ?? null),
  });
  const columns: Column<Row>[] = [
    { header: t('survey.surveyedAt'), cell: (s) => formatDateTime(s.surveyedAt, i18n.language) },
    { header: t('survey.scope'), cell: (s) => s.scope },
    { header: t('survey.respondent'), cell: (s) => [s.respondentName, s.unitName].filter(Boolean).join(' · ') },
    { header: t('survey.score'), cell: (s) => s.score ?? '—' },
    { header: t('survey.feedback'), cell: (s) => s.feedback ?? '—' },
  ];
  const data = report.data?.satisfactionReport;
  return (
    <ServicePage title={t('service.surveys')}>
      <section aria-labelledby="survey-report">
        <h2 id="survey-report">{t('survey.report')}</h2>
        <form className="form-wide" onSubmit={(e) => e.preventDefault()}>
          <Field label={t('survey.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <Field label={t('survey.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </form>
        <ErrorAlert error={report.error} />
        {data && (
          <dl className="facts">
            <dt>{t('survey.count')}</dt>
            <dd>{data.count}</dd>
            <dt>{t('survey.average')}</dt>
            <dd data-testid="survey-average">{data.averageScore ?? '—'}</dd>
            {(data.distribution ?? []).map((d) => (
              <div key={d.level} className="fact-row">
                <dt>{t(`satisfactionLevel.${d.level}`)}</dt>
                <dd>{d.count}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>
      <h2>{t('survey.forms')}</h2>
      <ErrorAlert error={list.error} />
      <DataTable
        caption={t('survey.forms')}
        columns={columns}
        rows={list.data?.satisfactionSurveys ?? []}
        rowKey={(s) => s.id}
      />
      {agent && (
        <section aria-labelledby="record-survey">
          <h2 id="record-survey">{t('survey.record')}</h2>
          {score !== null && <Notice tone="success">{t('survey.recorded', { score })}</Notice>}
          <form
            className="form-wide"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              setScore(null);
              record.mutate({
                input: {
                  scope: form.scope,
                  respondentName: form.respondentName,
                  unitName: form.unitName || undefined,
                  feedback: form.feedback || undefined,
                  answers: questions.map((question) => ({ question, score: Number(answers[question]) })),
                },
              });
            }}
          >
            <ErrorAlert error={record.error} />
            <Field
              label={t('survey.scope')}
              hint={t('survey.scopeHint')}
              required
              value={form.scope}
              onChange={(e) => setForm((f) => ({ ...f, scope: e.target.value }))}
            />
            <Field
              label={t('survey.respondent')}
              required
              value={form.respondentName}
              onChange={(e) => setForm((f) => ({ ...f, respondentName: e.target.value }))}
            />
            <Field
              label={t('service.unitName')}
              value={form.unitName}
              onChange={(e) => setForm((f) => ({ ...f, unitName: e.target.value }))}
            />
            {questions.map((q) => (
              <SelectField
                key={q}
                label={t(`surveyQuestion.${q}`)}
                value={answers[q]}
                onChange={(e) => setAnswers((a) => ({ ...a, [q]: e.target.value }))}
                choices={scores.map((s) => ({ value: s, label: t(`survey.points.${s}`) }))}
              />
            ))}
            <Field
              label={t('survey.feedback')}
              value={form.feedback}
              onChange={(e) => setForm((f) => ({ ...f, feedback: e.target.value }))}
            />
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
