import { ErrorAlert, Field, Notice, useGraphMutation } from '@tessera/ui';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepApplicationDocument, type WorkflowEvent } from '../gql/graphql';
import { stepRoles, useRoles } from '../roles';
import { ShortcutHint, shortcutKeys, useShortcut } from '../shortcuts';

const refusals: WorkflowEvent[] = ['REJECT', 'REJECT_BY_AGENCY'];

/**
 * The next workflow steps the clerk's roles allow (ISSUE has its own panel). Refusals need the
 * reason the subscriber will see (RA-9). The server decides: its refusal (e.g. FOUR_EYES_REQUIRED,
 * CONFLICT) is shown as it says it.
 */
export function WorkflowActions(props: { applicationId: string; version: number; nextSteps: WorkflowEvent[] }) {
  const { t } = useTranslation();
  const roles = useRoles();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<WorkflowEvent | null>(null);
  const step = useGraphMutation(StepApplicationDocument, {
    invalidates: [
      'ApplicationDetail',
      'ApplicationQueue',
      'ArchiveCabinets',
      'TaskCompletionRecords',
      'NextApplication',
    ],
    onSuccess: (_result, variables) => {
      setDone(variables.input.event);
      setReason('');
    },
  });
  const mine = props.nextSteps.filter((event) => event !== 'ISSUE' && roles.has(stepRoles[event]));
  /** Issue 17 item 7: Alt+Shift+S takes the main step, never a refusal (that needs a reason). */
  const main = mine.find((event) => !refusals.includes(event));
  const { mutate, isPending } = step;
  const take = useCallback(
    (event: WorkflowEvent) => {
      setDone(null);
      mutate({
        input: {
          applicationId: props.applicationId,
          event,
          expectedVersion: props.version,
          reason: refusals.includes(event) ? reason : undefined,
        },
      });
    },
    [mutate, props.applicationId, props.version, reason],
  );
  const takeMain = useCallback(() => {
    if (main && !isPending) take(main);
  }, [main, isPending, take]);
  useShortcut('step', main ? takeMain : null);
  if (mine.length === 0 && !done) return null;
  return (
    <section aria-labelledby="steps-heading">
      <h2 id="steps-heading">{t('workflow.title')}</h2>
      {done && <Notice tone="success">{t('workflow.done', { step: t(`event.${done}`) })}</Notice>}
      <ErrorAlert error={step.error} />
      {mine.some((event) => refusals.includes(event)) && (
        <Field
          label={t('workflow.reason')}
          hint={t('workflow.reasonHint')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      )}
      <div className="actions">
        {mine.map((event) => (
          <button
            key={event}
            type="button"
            className={refusals.includes(event) ? 'danger' : undefined}
            disabled={step.isPending}
            aria-keyshortcuts={event === main ? shortcutKeys('step') : undefined}
            onClick={() => take(event)}
          >
            {t(`event.${event}`)} {event === main && <ShortcutHint name="step" />}
          </button>
        ))}
      </div>
    </section>
  );
}
