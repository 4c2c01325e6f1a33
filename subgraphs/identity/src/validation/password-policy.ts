import { accepted, type Checked, refused } from './checked';

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** How many of the four character classes (lower, upper, digit, symbol) a password needs. */
  minClasses: number;
}

/** NIST SP 800-63B length floor with the class mix Chinese government systems ask for. */
export const defaultPasswordPolicy: PasswordPolicy = { minLength: 8, maxLength: 64, minClasses: 3 };

const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/];

/** Checks a new password against the policy and the account's username. */
export function checkPassword(
  password: string,
  username: string,
  policy: PasswordPolicy = defaultPasswordPolicy,
): Checked<string> {
  const length = [...password].length;
  if (length < policy.minLength) return refused('PASSWORD_TOO_SHORT', { min: policy.minLength });
  if (length > policy.maxLength) return refused('PASSWORD_TOO_LONG', { max: policy.maxLength });
  if (classes.filter((c) => c.test(password)).length < policy.minClasses) {
    return refused('PASSWORD_TOO_SIMPLE', { classes: policy.minClasses });
  }
  if (password.toLowerCase() === username.toLowerCase()) return refused('PASSWORD_SAME_AS_USERNAME');
  return accepted(password);
}

/** The "confirm password" field of every form that sets a password. */
export function checkConfirmation(password: string, confirmation: string): Checked<string> {
  return password === confirmation ? accepted(password) : refused('PASSWORD_CONFIRMATION_MISMATCH');
}
