import { accepted, type Checked, refused } from './checked';

// Number ranges allocated by MIIT to mobile operators (13x, 145-149, 15x without 154, 162/165-167, 170-178, 18x, 19x without 194).
const mainlandMobile = /^1(3\d|4[5-9]|5[0-35-9]|6[25-7]|7[0-8]|8\d|9[0-35-9])\d{8}$/;

/** A mainland mobile number; an optional `+86`/`86` prefix, spaces and hyphens are dropped. */
export function checkMobile(raw: string): Checked<string> {
  const digits = raw
    .normalize('NFKC')
    .replace(/[\s-]/g, '')
    .replace(/^\+?86(?=1\d{10}$)/, '');
  return mainlandMobile.test(digits) ? accepted(digits) : refused('MOBILE_INVALID');
}

/** `138****8000`: what screens, logs and admins see of a phone number. */
export function maskMobile(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
