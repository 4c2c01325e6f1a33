import { ErrorAlert, Field, Loading, Notice, Page, SelectField, useGraph, useGraphQuery } from '@tessera/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AccountNav } from '../components/account-nav';
import { useAction, useLiveValidation } from '../forms';
import { SecurityQuestionsDocument, SetSecurityAnswersDocument } from '../gql/graphql';
import { requiredProblem } from '../validation';

const slots = [0, 1, 2];

/** Security questions (ID-16): choose three different questions and answer them; answers are kept as hashes. */
export default function SecurityQuestionsPage() {
  const { t } = useTranslation();
  const graph = useGraph();
  const questions = useGraphQuery(SecurityQuestionsDocument, {});
  const action = useAction();
  const live = useLiveValidation();
  const [chosen, setChosen] = useState<string[]>(['', '', '']);
  const [answers, setAnswers] = useState<string[]>(['', '', '']);
  const [saved, setSaved] = useState(false);

  if (questions.isPending) return <Loading />;
  const catalogue = questions.data?.securityQuestionCatalogue ?? [];
  const mine = questions.data?.mySecurityQuestions ?? [];

  const questionProblem = (slot: number) => {
    const id = chosen[slot] ?? '';
    if (!id) return { key: 'validation.required' };
    return chosen.indexOf(id) !== slot ? { key: 'validation.questionRepeated' } : null;
  };
  const problems = slots.flatMap((slot) => [questionProblem(slot), requiredProblem(answers[slot] ?? '')]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (!live.check(...problems)) return;
    const input = slots.map((slot) => ({ questionId: chosen[slot] ?? '', answer: answers[slot] ?? '' }));
    const result = await action.run(() => graph.request(SetSecurityAnswersDocument, { answers: input }));
    if (!result) return;
    await questions.refetch();
    setAnswers(['', '', '']);
    setSaved(true);
    live.reset();
  };

  const update = (list: string[], slot: number, value: string) => list.map((v, i) => (i === slot ? value : v));

  return (
    <Page title={t('questions.title')}>
      <AccountNav />
      <ErrorAlert error={questions.error} />
      {saved && <Notice tone="success">{t('questions.saved')}</Notice>}
      <h2>{t('questions.current')}</h2>
      {mine.length ? (
        <ul>
          {mine.map((q) => (
            <li key={q.id}>{q.text}</li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('questions.none')}</p>
      )}
      <h2>{t('questions.set')}</h2>
      <p>{t('questions.intro')}</p>
      <form onSubmit={submit} noValidate>
        <ErrorAlert error={action.error} />
        {slots.map((slot) => (
          <fieldset key={slot} className="group">
            <legend>{t('questions.slot', { n: slot + 1 })}</legend>
            <SelectField
              label={t('questions.question', { n: slot + 1 })}
              name={`question-${slot}`}
              value={chosen[slot]}
              onChange={(e) => setChosen((list) => update(list, slot, e.target.value))}
              onBlur={live.leave(`question-${slot}`)}
              error={live.message(`question-${slot}`, questionProblem(slot))}
              choices={[
                { value: '', label: t('questions.choose'), disabled: true },
                ...catalogue.map((q) => ({ value: q.id, label: q.text })),
              ]}
            />
            <Field
              label={t('questions.answer', { n: slot + 1 })}
              name={`answer-${slot}`}
              autoComplete="off"
              value={answers[slot]}
              onChange={(e) => setAnswers((list) => update(list, slot, e.target.value))}
              onBlur={live.leave(`answer-${slot}`)}
              error={live.message(`answer-${slot}`, requiredProblem(answers[slot] ?? ''))}
            />
          </fieldset>
        ))}
        <div className="actions">
          <button type="submit" disabled={action.busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Page>
  );
}
