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
});
