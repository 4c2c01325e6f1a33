import { answerNoSoonerThan } from './even-answers';

describe('even answers (ID-13, ID-14)', () => {
  it('answers a result and an error alike, neither before the floor', async () => {
    const started = performance.now();
    await expect(answerNoSoonerThan(60, async () => 'fast')).resolves.toBe('fast');
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
    const again = performance.now();
    await expect(
      answerNoSoonerThan(60, async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(performance.now() - again).toBeGreaterThanOrEqual(59);
  });
});
