import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from './field';

export interface CaptchaChallenge {
  id: string;
  svg: string;
}

/**
 * The server's image captcha (ID-10) with its answer field. The image is an SVG shown through
 * `<img>`, so nothing in it can run. `challenge` changes whenever a new image is fetched: pass a
 * new `generation` after a failed attempt to fetch another (captchas are single use).
 */
export function CaptchaField(props: {
  load: () => Promise<CaptchaChallenge>;
  answer: string;
  onAnswer: (answer: string) => void;
  onChallenge: (id: string) => void;
  generation?: number;
  error?: string | null;
}) {
  const { t } = useTranslation();
  const [challenge, setChallenge] = useState<CaptchaChallenge | null>(null);
  const { load, onChallenge, onAnswer } = props;
  const refresh = useCallback(() => {
    onAnswer('');
    load().then(
      (next) => {
        setChallenge(next);
        onChallenge(next.id);
      },
      () => setChallenge(null),
    );
  }, [load, onChallenge, onAnswer]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation asks for a new image
  useEffect(refresh, [props.generation]);
  return (
    <div className="captcha">
      <Field
        label={t('common.captcha')}
        name="captcha"
        autoComplete="off"
        inputMode="text"
        required
        value={props.answer}
        error={props.error}
        onChange={(event) => props.onAnswer(event.target.value)}
      />
      {challenge && (
        <img src={`data:image/svg+xml;utf8,${encodeURIComponent(challenge.svg)}`} alt={t('common.captcha')} />
      )}
      <button type="button" className="secondary" onClick={refresh}>
        {t('common.captchaRefresh')}
      </button>
    </div>
  );
}
