import { GraphError } from '@tessera/ui';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from './validation';

/**
 * Live validation: a field's problem shows once the person has left the field or tried to submit,
 * and updates with every keystroke after that. A field the program empties (a captcha renewed after
 * each try) starts over: it is not flagged until the person leaves it or a submit that sends it
 * `needs` it.
 */
export function useLiveValidation() {
  const { t } = useTranslation();
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [renewed, setRenewed] = useState<ReadonlySet<string>>(new Set());
  const without = (name: string) => (before: ReadonlySet<string>) => new Set([...before].filter((n) => n !== name));
  return {
    /** `onBlur` of the field called `name`. */
    leave: (name: string) => () => {
      setTouched((before) => new Set(before).add(name));
      setRenewed(without(name));
    },
    /** The message to show under the field, if any. */
    message: (name: string, problem: Problem | null): string | null =>
      problem && !renewed.has(name) && (attempted || touched.has(name)) ? t(problem.key, problem.params ?? {}) : null,
    /** The program gave the field a new, empty value (a new captcha): untouched again. */
    renewed: (name: string) => {
      setRenewed((before) => new Set(before).add(name));
      setTouched(without(name));
    },
    /** The submit about to be checked sends this field: its problem shows even if it was renewed. */
    needs: (name: string) => setRenewed(without(name)),
    /** Marks a submit attempt; true when every problem is null (the form may be sent). */
    check: (...problems: (Problem | null)[]): boolean => {
      setAttempted(true);
      const valid = problems.every((p) => p === null);
      if (!valid) {
        requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      }
      return valid;
    },
    reset: () => {
      setTouched(new Set());
      setAttempted(false);
    },
  };
}

/** Runs one server call at a time and keeps its failure (the server's localized message) for display. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<GraphError | null>(null);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (failure) {
      if (!(failure instanceof GraphError)) throw failure;
      setError(failure);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(null) };
}
