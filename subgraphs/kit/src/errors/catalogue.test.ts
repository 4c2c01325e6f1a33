import { catalogue, isErrorCode, messageFor } from './catalogue';
import { certificateErrors } from './codes/certificate';
import { commonErrors } from './codes/common';
import { customerServiceErrors } from './codes/customer-service';
import { identityErrors } from './codes/identity';
import { raErrors } from './codes/ra';

describe('the error catalogue', () => {
  it('has a zh-CN and an English message for every code', () => {
    for (const [code, entry] of Object.entries(catalogue)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(entry.messages['zh-CN'].trim()).not.toBe('');
      expect(entry.messages.en.trim()).not.toBe('');
      expect(entry.messages['zh-CN']).not.toBe(entry.messages.en);
    }
  });

  it('defines each code in one bounded context only (a second definition would silently replace the first)', () => {
    const files = { commonErrors, identityErrors, certificateErrors, raErrors, customerServiceErrors };
    const owners = new Map<string, string[]>();
    for (const [file, codes] of Object.entries(files)) {
      for (const code of Object.keys(codes)) owners.set(code, [...(owners.get(code) ?? []), file]);
    }
    expect([...owners].filter(([, where]) => where.length > 1)).toEqual([]);
  });

  it('fills placeholders from the error data and leaves unknown ones visible', () => {
    expect(messageFor('FORBIDDEN', 'en')).toBe('You are not allowed to do this');
    expect(isErrorCode('FORBIDDEN')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });
});
