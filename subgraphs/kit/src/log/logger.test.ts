import { createLogger } from './logger';

function lines(write: (log: ReturnType<typeof createLogger>) => void): Record<string, unknown>[] {
  const out: string[] = [];
  const log = createLogger({ service: 'test', destination: { write: (line: string) => out.push(line) } as never });
  write(log);
  return out.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('structured logging', () => {
  it('writes one JSON line per entry with the service, level, time and message', () => {
    const [entry] = lines((log) =>
      log.child({ requestId: 'r-12345678' }).info({ step: 'enter' }, 'application entered'),
    );
    expect(entry).toMatchObject({
      level: 'info',
      service: 'test',
      requestId: 'r-12345678',
      step: 'enter',
      message: 'application entered',
    });
    expect(new Date(String(entry?.time)).toString()).not.toBe('Invalid Date');
  });

  it('never writes personal or secret values, wherever they sit (ID-8)', () => {
    const [entry] = lines((log) =>
      log.info(
        {
          idNumber: '440303198503121239',
          applicant: { phone: '13800138000', cardNumber: '6222020000000001230' },
          request: { body: { password: 'hunter2', clientSecret: 's3cret' } },
          req: { headers: { authorization: 'Bearer abc' } },
        },
        'registration',
      ),
    );
    const text = JSON.stringify(entry);
    for (const secret of [
      '440303198503121239',
      '13800138000',
      '6222020000000001230',
      'hunter2',
      's3cret',
      'Bearer abc',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(entry).toMatchObject({ idNumber: '[redacted]', applicant: { phone: '[redacted]' } });
  });

  it("keeps an error's code (as errorCode) while `code` stays redacted everywhere else", () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const [entry] = lines((log) => log.error({ err: refused, sms: { code: '123456' } }, 'database unreachable'));
    expect(entry).toMatchObject({
      err: { errorCode: 'ECONNREFUSED', message: refused.message },
      sms: { code: '[redacted]' },
    });
    expect(JSON.stringify(entry)).not.toContain('123456');
  });
});
