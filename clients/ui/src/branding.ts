import { clientConfig } from './client-config';
import type { Language } from './i18n';

/** The bureau as both clients present it (BUREAU_* settings, served at `/client-config.json`; issue 17 item 4). */
export interface Branding {
  /** The bureau's name in each language. */
  name: Record<Language, string>;
  /** The emblem beside the name (an http(s) URL or a path on the platform); none when absent. */
  emblemUrl?: string;
  /** The service hotline (12333). */
  hotline: string;
  /** Where the privacy notice is. */
  privacyUrl: string;
  /** The ICP filing number (备案号); none when absent. */
  icpFiling?: string;
}

/** The settings' defaults, shown until (and unless) the platform names its own bureau. */
export const defaultBranding: Branding = {
  name: { 'zh-CN': '某市社会保险事业管理局', en: 'Municipal Social Insurance Bureau' },
  hotline: '12333',
  privacyUrl: '/privacy',
  icpFiling: '某ICP备00000000号',
};

let current = defaultBranding;

/** Learns the bureau's branding from the platform; the clients call it before their first render. */
export async function loadBranding(): Promise<Branding> {
  const { branding } = await clientConfig();
  if (branding && typeof branding.name?.['zh-CN'] === 'string' && typeof branding.name.en === 'string') {
    current = { ...defaultBranding, ...branding, emblemUrl: branding.emblemUrl, icpFiling: branding.icpFiling };
  }
  return current;
}

/** The branding the clients show. */
export function branding(): Branding {
  return current;
}

/** The bureau's name in the UI language (Chinese unless the page speaks English). */
export function bureauName(language: string): string {
  return language === 'en' ? current.name.en : current.name['zh-CN'];
}
