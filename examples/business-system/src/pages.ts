import type { SignedInUser } from './relying-party';

/** A text in Chinese with its English beside it. */
export interface Bilingual {
  zh: string;
  en: string;
}

const html = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const both = ({ zh, en }: Bilingual): string => `${html(zh)} <span lang="en">${html(en)}</span>`;

const style = `
body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2933; }
header { border-bottom: 1px solid #cbd2d9; padding-bottom: .5rem; margin-bottom: 1.5rem; }
span[lang=en] { color: #616e7c; font-size: .9em; }
a.button, button { display: inline-block; padding: .5rem 1rem; border: 0; border-radius: 4px; background: #1d4ed8; color: #fff; font: inherit; text-decoration: none; cursor: pointer; }
a.button span[lang=en], button span[lang=en] { color: #dbeafe; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border-bottom: 1px solid #e4e7eb; padding: .4rem; text-align: left; vertical-align: top; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; font-size: 1.1em; }
dd { margin: 0; font-weight: 600; }
`;

function page(system: Bilingual, title: Bilingual, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title.zh)} · ${html(system.zh)}</title><style>${style}</style></head>
<body>
<header><a href="./"><strong>${both(system)}</strong></a></header>
<main>
<h1>${both(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** The name a signed-in user is greeted by: the verified name, else the username, else the subject. */
function displayName(user: SignedInUser): string {
  const claims = { ...user.idTokenClaims, ...user.userinfo };
  return [claims.name, claims.preferred_username, user.sub].find((v): v is string => typeof v === 'string') ?? '';
}

const signOutForm = `<form method="post" action="logout"><button type="submit">${both({ zh: '退出登录', en: 'Sign out' })}</button></form>`;

export function homePage(system: Bilingual, user: SignedInUser | undefined): string {
  if (!user) {
    return page(
      system,
      { zh: '欢迎', en: 'Welcome' },
      `<p>${both({ zh: '请通过统一身份认证平台登录。', en: 'Sign in through the unified identity platform.' })}</p>
<p><a class="button" href="login">${both({ zh: '登录', en: 'Sign in' })}</a></p>`,
    );
  }
  return page(
    system,
    { zh: '欢迎', en: 'Welcome' },
    `<p>${both({ zh: '您已登录：', en: 'You are signed in as' })} <strong id="signed-in-as">${html(displayName(user))}</strong></p>
<p><a href="profile">${both({ zh: '查看实名信息', en: 'See your verified identity' })}</a></p>
${signOutForm}`,
  );
}

/** The claims the profile page lists, in the order of sso.md's claims table. */
const claimLabels: [claim: string, label: Bilingual][] = [
  ['name', { zh: '实名姓名', en: 'Verified name' }],
  ['preferred_username', { zh: '用户名', en: 'Username' }],
  ['real_name_verified', { zh: '已实名认证', en: 'Real-name verified' }],
  ['real_name_method', { zh: '认证方式', en: 'Verification method' }],
  ['real_name_verified_at', { zh: '认证时间', en: 'Verified at' }],
  ['id_type', { zh: '证件类型', en: 'ID type' }],
  ['id_number_masked', { zh: '证件号码（打码）', en: 'ID number (masked)' }],
  ['phone_number', { zh: '手机号（打码）', en: 'Phone number (masked)' }],
  ['phone_number_verified', { zh: '手机号已验证', en: 'Phone number verified' }],
  ['acr', { zh: '认证级别', en: 'Authentication context' }],
  ['amr', { zh: '认证手段', en: 'Authentication methods' }],
  ['sub', { zh: '用户标识', en: 'Subject' }],
  ['sid', { zh: '平台会话', en: 'Platform session' }],
];

function shown(claim: string, value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return both(value ? { zh: '是', en: 'yes' } : { zh: '否', en: 'no' });
  if (claim === 'real_name_verified_at' && typeof value === 'number') {
    return html(new Date(value * 1000).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }));
  }
  if (Array.isArray(value)) return html(value.join(', '));
  return html(typeof value === 'string' ? value : JSON.stringify(value));
}

export function profilePage(system: Bilingual, user: SignedInUser): string {
  const claims: Record<string, unknown> = { ...user.idTokenClaims, ...user.userinfo };
  const rows = claimLabels
    .map(
      ([claim, label]) =>
        `<tr><th>${both(label)}<br><code>${claim}</code></th><td>${shown(claim, user.idTokenClaims[claim])}</td><td>${shown(claim, user.userinfo[claim])}</td></tr>`,
    )
    .join('\n');
  return page(
    system,
    { zh: '实名信息', en: 'Verified identity' },
    `<dl>
<dt>${both({ zh: '实名姓名', en: 'Verified name' })}</dt><dd id="verified-name">${shown('name', claims.name)}</dd>
<dt>${both({ zh: '证件号码', en: 'ID number' })}</dt><dd id="id-number-masked">${shown('id_number_masked', claims.id_number_masked)}</dd>
</dl>
<p>${both({ zh: '统一身份认证平台告诉本系统的全部信息：', en: 'Everything the identity platform told this system:' })}</p>
<table>
<thead><tr><th>${both({ zh: '声明', en: 'Claim' })}</th><th>${both({ zh: 'ID 令牌', en: 'ID token' })}</th><th>${both({ zh: '用户信息端点', en: 'Userinfo' })}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
${signOutForm}`,
  );
}

/** What went wrong, in words, instead of a stack trace; `detail` is an OAuth error code or message. */
export function problemPage(system: Bilingual, title: Bilingual, problem: Bilingual, detail?: string): string {
  return page(
    system,
    title,
    `<p role="alert">${both(problem)}</p>
${detail ? `<p><code>${html(detail)}</code></p>` : ''}
<p><a class="button" href="./">${both({ zh: '返回首页', en: 'Back to the home page' })}</a></p>`,
  );
}
