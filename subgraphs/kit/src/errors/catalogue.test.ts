import { catalogue, isErrorCode, messageFor } from './catalogue';

describe('the error catalogue', () => {
  it('has a zh-CN and an English message for every code', () => {
    for (const [code, entry] of Object.entries(catalogue)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.messages['zh-CN'].trim()).not.toBe('');
      expect(entry.messages.en.trim()).not.toBe('');
      expect(entry.messages['zh-CN']).not.toBe(entry.messages.en);
    }
  });

  it('fills placeholders from the error data and leaves unknown ones visible', () => {
    expect(messageFor('FORBIDDEN', 'en')).toBe('You are not allowed to do this');
    expect(isErrorCode('FORBIDDEN')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });
});
