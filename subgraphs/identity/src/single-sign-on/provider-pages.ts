import type { Locale } from '@tessera/kit';

/** The few pages the provider itself shows (errors, sign-out): plain HTML in the user's language. */
const words = {
  'zh-CN': {
    platform: '社会保险统一用户平台',
    errorTitle: '无法完成登录',
    errorHint: '请回到业务系统重新开始。如需帮助，请拨打12333并提供下面的参考编号。',
    reference: '参考编号',
    logoutTitle: '退出登录',
    logoutQuestion: '要退出{system}和统一用户平台吗？您在其他业务系统的登录也将结束。',
    logoutYes: '退出',
    logoutNo: '取消',
    loggedOutTitle: '您已退出',
    loggedOut: '您已退出统一用户平台及各业务系统。',
  },
  en: {
    platform: 'Social Insurance Unified User Platform',
    errorTitle: 'The sign-in could not be completed',
    errorHint: 'Go back to the business system and start again. For help, call 12333 with the reference below.',
    reference: 'Reference',
    logoutTitle: 'Sign out',
    logoutQuestion: 'Sign out of {system} and the platform? Your sign-ins to other business systems end too.',
    logoutYes: 'Sign out',
    logoutNo: 'Cancel',
    loggedOutTitle: 'You have signed out',
    loggedOut: 'You have signed out of the platform and the business systems.',
  },
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(locale: Locale, title: string, body: string): string {
  const w = words[locale];
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(w.platform)}</title></head>
<body><main><p>${escapeHtml(w.platform)}</p><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** An error the user sees (never a redirect to an unregistered URI): what happened, what to do, a reference. */
export function errorPage(
  locale: Locale,
  error: { error: string; error_description?: string },
  requestId: string,
): string {
  const w = words[locale];
  return page(
    locale,
    w.errorTitle,
    `<p>${escapeHtml(error.error_description ?? error.error)}</p><p>${escapeHtml(w.errorHint)}</p>` +
      `<p>${escapeHtml(w.reference)}: <code>${escapeHtml(requestId)}</code> (<code>${escapeHtml(error.error)}</code>)</p>`,
  );
}

/** RP-initiated logout's confirmation: the provider's form, with our buttons. */
export function logoutPage(locale: Locale, form: string, systemName: string | undefined): string {
  const w = words[locale];
  return page(
    locale,
    w.logoutTitle,
    `${form}<p>${escapeHtml(w.logoutQuestion.replace('{system}', systemName ?? ''))}</p>` +
      `<p><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${escapeHtml(w.logoutYes)}</button> ` +
      `<button type="submit" form="op.logoutForm">${escapeHtml(w.logoutNo)}</button></p>`,
  );
}

export function loggedOutPage(locale: Locale): string {
  const w = words[locale];
  return page(locale, w.loggedOutTitle, `<p>${escapeHtml(w.loggedOut)}</p>`);
}
