import { accepted, type Checked, refused } from './checked';

const pattern = /^[a-z][a-z0-9_]{3,19}$/;

/**
 * Usernames are case-insensitive (`ZhangSan` and `zhangsan` are one name), so they are kept in
 * lower case after width folding (full-width letters typed with a Chinese IME count as ASCII).
 */
export function checkUsername(raw: string): Checked<string> {
  const username = raw.normalize('NFKC').trim().toLowerCase();
  return pattern.test(username) ? accepted(username) : refused('USERNAME_INVALID');
}
