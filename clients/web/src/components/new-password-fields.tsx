import { Field } from '@tessera/ui';
import { useTranslation } from 'react-i18next';
import type { useLiveValidation } from '../forms';
import { type Problem, passwordPolicy } from '../validation';

/** A new password and its confirmation, with the policy as a hint and live validation. */
export function NewPasswordFields(props: {
  password: string;
  confirmPassword: string;
  onPassword: (value: string) => void;
  onConfirmPassword: (value: string) => void;
  live: ReturnType<typeof useLiveValidation>;
  problems: { password: Problem | null; confirmPassword: Problem | null };
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={t('password.new')}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint={t('register.passwordHint', passwordPolicy)}
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        onBlur={props.live.leave('password')}
        error={props.live.message('password', props.problems.password)}
      />
      <Field
        label={t('password.confirm')}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        value={props.confirmPassword}
        onChange={(e) => props.onConfirmPassword(e.target.value)}
        onBlur={props.live.leave('confirmPassword')}
        error={props.live.message('confirmPassword', props.problems.confirmPassword)}
      />
    </>
  );
}
