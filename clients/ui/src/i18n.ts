import i18next, { type i18n, type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { commonMessages } from './messages';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'tessera.language';

function storedLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  return languages.find((l) => l === stored) ?? 'zh-CN';
}

/**
 * i18next with the client's own messages over the shared ones; zh-CN by default, the choice kept
 * in localStorage and mirrored in `<html lang>` (screen readers and the server's Accept-Language).
 */
export function createI18n(messages: Record<Language, Record<string, unknown>>): i18n {
  const instance = i18next.createInstance();
  const resources: Resource = Object.fromEntries(
    languages.map((language) => [
      language,
      { translation: { ...commonMessages[language], ...messages[language] } as Record<string, unknown> },
    ]),
  ) as Resource;
  instance.use(initReactI18next).init({
    resources,
    lng: storedLanguage(),
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  const follow = (language: string) => {
    document.documentElement.lang = language;
    localStorage.setItem(storageKey, language);
  };
  follow(instance.language);
  instance.on('languageChanged', follow);
  return instance;
}
