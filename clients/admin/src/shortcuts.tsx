import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Issue 17 item 7: the keyboard shortcuts of the frequent steps, Alt+Shift with a letter. Screen
 * readers keep Insert and Caps Lock (NVDA, JAWS) and Ctrl+Alt (VoiceOver's Control+Option); browsers
 * keep Ctrl, Alt alone (menus) and Alt+Shift only for a page's own `accesskey`, which the admin client
 * does not set. The key is read from `KeyboardEvent.code`, so it is the same on every layout and on macOS.
 */
export const shortcuts = {
  /** Opens the next application in the clerk's queue. */
  next: 'N',
  /** Takes the page's main workflow step (never a refusal: those need a reason). */
  step: 'S',
  /** Moves to the search field. */
  search: 'F',
} as const;
export type ShortcutName = keyof typeof shortcuts;

/** The keys as `aria-keyshortcuts` and the UI write them. */
export function shortcutKeys(name: ShortcutName): string {
  return `Alt+Shift+${shortcuts[name]}`;
}

/** Runs `action` when the shortcut is pressed anywhere on the page; `null` while it does not apply. */
export function useShortcut(name: ShortcutName, action: (() => void) | null): void {
  useEffect(() => {
    if (!action) return;
    const listener = (event: KeyboardEvent) => {
      if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
      if (event.code !== `Key${shortcuts[name]}`) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [name, action]);
}

/** The shortcut shown next to the control it works. */
export function ShortcutHint({ name }: { name: ShortcutName }) {
  return (
    <span className="shortcut" aria-hidden="true">
      <kbd>{shortcutKeys(name)}</kbd>
    </span>
  );
}

/** The list of shortcuts, for the workbench. */
export function ShortcutList() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="shortcuts-heading">
      <h2 id="shortcuts-heading">{t('clicks.shortcuts')}</h2>
      <dl className="facts">
        {(Object.keys(shortcuts) as ShortcutName[]).map((name) => (
          <div key={name} className="shortcut-row">
            <dt>
              <kbd>{shortcutKeys(name)}</kbd>
            </dt>
            <dd>{t(`clicks.shortcut.${name}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
