import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './field';

export interface CaptchaChallenge {
  id: string;
  svg: string;
}

/** What a captcha-guarded form holds: the answer to send, and the props of its CaptchaField. */
export interface CaptchaState {
  /** The fields the server expects beside the guarded request. */
  answer: { captchaId: string; captchaAnswer: string };
  /** Asks for a new image; call it after every attempt, since each captcha answers once. */
  renew(): void;
  field: Pick<CaptchaFieldProps, 'load' | 'answer' | 'onAnswer' | 'onChallenge' | 'generation'>;
}

/** The captcha state of a form, with `load` fetching a new challenge (the client's issueCaptcha). */
export function useCaptcha(load: () => Promise<CaptchaChallenge>): CaptchaState {
  const [captchaId, setCaptchaId] = useState('');
  const [captchaAnswer, setCaptchaAnswer] = useState('');
  const [generation, setGeneration] = useState(0);
  const renew = useCallback(() => setGeneration((g) => g + 1), []);
  return {
    answer: { captchaId, captchaAnswer },
    renew,
    field: { load, answer: captchaAnswer, onAnswer: setCaptchaAnswer, onChallenge: setCaptchaId, generation },
  };
}

export interface CaptchaFieldProps {
  load: () => Promise<CaptchaChallenge>;
  answer: string;
  onAnswer: (answer: string) => void;
  onChallenge: (id: string) => void;
  generation?: number;
  error?: string | null;
  /** Shown under the answer field, e.g. what a captcha that sends a text message allows (ID-9). */
  hint?: string;
}

/**
 * The server's image captcha (ID-10) with its answer field. The image is an SVG shown through
 * `<img>`, so nothing in it can run. Pass a new `generation` after a failed attempt to fetch another
 * image (captchas are single use). While a new image loads, the previous challenge is forgotten and
 * the answer field is disabled, so an answer can never be sent with a challenge already spent.
 */
export function CaptchaField(props: CaptchaFieldProps) {
  const { t } = useTranslation();
  const [refreshes, setRefreshes] = useState(0);
  const wanted = `${props.generation ?? 0}/${refreshes}`;
  const [loaded, setLoaded] = useState<{ key: string; challenge: CaptchaChallenge } | null>(null);
  const { load, onChallenge, onAnswer } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation or refresh asks for a new image
  useEffect(() => {
    let current = true;
    onAnswer('');
    onChallenge('');
    load().then(
      (challenge) => {
        if (!current) return;
        setLoaded({ key: wanted, challenge });
        onChallenge(challenge.id);
      },
      () => current && setLoaded(null),
    );
    return () => {
      current = false;
    };
  }, [wanted]);
  const challenge = loaded?.key === wanted ? loaded.challenge : null;
  return (
    <div className="captcha" aria-busy={!challenge}>
      <Field
        label={t('common.captcha')}
        name="captcha"
        autoComplete="off"
        inputMode="text"
        required
        disabled={!challenge}
        value={props.answer}
        hint={props.hint}
        error={props.error}
        onChange={(event) => props.onAnswer(event.target.value)}
      />
      {challenge && (
        <img src={`data:image/svg+xml;utf8,${encodeURIComponent(challenge.svg)}`} alt={t('common.captcha')} />
      )}
      <button type="button" className="secondary" onClick={() => setRefreshes((n) => n + 1)}>
        {t('common.captchaRefresh')}
      </button>
    </div>
  );
}
