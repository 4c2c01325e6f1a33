import { randomSerialNumber, storedSerialOf } from './serial-number';

describe('serial numbers as people type them (CT-2 search)', () => {
  it('one serial whatever the case, separators and leading zeros; the stored form keeps whole bytes', () => {
    for (const typed of ['03016f841c93', '3016F841C93', '03:01:6F:84:1C:93', '0003 01 6f 84 1c 93', ' 03016f841c93 ']) {
      expect(storedSerialOf(typed)).toBe('03016f841c93');
    }
    expect(storedSerialOf('00')).toBe('00');
    expect(storedSerialOf('7f')).toBe('7f');
  });

  it('anything that is not hex is no serial', () => {
    for (const typed of ['', ':', 'serial', '0x12', '12-34', '１２']) expect(storedSerialOf(typed)).toBeUndefined();
  });

  it('every generated serial is already in its stored form, a leading zero nibble included', () => {
    for (let i = 0; i < 512; i++) {
      const { hex } = randomSerialNumber();
      expect(storedSerialOf(hex)).toBe(hex);
      expect(storedSerialOf(hex.toUpperCase().replace(/(..)(?!$)/g, '$1:'))).toBe(hex);
    }
  });
});
