import type { Locale } from '@tessera/kit';

/** The security questions a user chooses from (ID-16). */
export const securityQuestions: readonly { id: string; text: Record<Locale, string> }[] = [
  { id: 'mother-name', text: { 'zh-CN': '您母亲的姓名是？', en: "What is your mother's name?" } },
  { id: 'father-name', text: { 'zh-CN': '您父亲的姓名是？', en: "What is your father's name?" } },
  { id: 'spouse-name', text: { 'zh-CN': '您配偶的姓名是？', en: "What is your spouse's name?" } },
  { id: 'primary-school', text: { 'zh-CN': '您就读的小学名称是？', en: 'Which primary school did you attend?' } },
  { id: 'birthplace', text: { 'zh-CN': '您的出生地是？', en: 'Where were you born?' } },
  { id: 'first-employer', text: { 'zh-CN': '您的第一个工作单位是？', en: 'Who was your first employer?' } },
  {
    id: 'childhood-friend',
    text: { 'zh-CN': '您儿时最好的朋友的名字是？', en: "What is your best childhood friend's name?" },
  },
  {
    id: 'favourite-teacher',
    text: { 'zh-CN': '您最喜欢的老师的姓名是？', en: "What is your favourite teacher's name?" },
  },
];

export const minimumSecurityAnswers = 3;

export function isSecurityQuestion(id: string): boolean {
  return securityQuestions.some((q) => q.id === id);
}

/**
 * Answers compare case- and width-insensitively and without spaces: 「北京 」, 「ＢＥＩＪＩＮＧ」 and
 * "beijing" are each equal to their other spellings (ID-16).
 */
export function normaliseAnswer(answer: string): string {
  return answer.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}
