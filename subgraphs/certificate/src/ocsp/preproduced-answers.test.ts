import { type PreproducedAnswer, PreproducedAnswers } from './preproduced-answers';

const answer = (nextUpdate: number): PreproducedAnswer => ({
  der: Buffer.from([nextUpdate % 256]),
  nextUpdate: new Date(nextUpdate),
  refreshAt: nextUpdate / 2,
});

describe('pre-produced OCSP answers (CT-5)', () => {
  it('serve an answer until its nextUpdate, per serial and CertID', () => {
    const answers = new PreproducedAnswers(10);
    const kept = answer(1_000);
    expect(answers.keep('0a', 'sha1 id', kept, answers.epoch())).toBe(true);
    expect(answers.get('0a', 'sha1 id', 999)).toBe(kept);
    expect(answers.get('0a', 'sha1 id', 1_000)).toBeUndefined();
    expect(answers.get('0a', 'sha256 id', 0)).toBeUndefined();
    expect(answers.get('0b', 'sha1 id', 0)).toBeUndefined();
  });

  it("CT-5: a status change forgets that certificate's answers (every CertID) and no other's", () => {
    const answers = new PreproducedAnswers(10);
    for (const [serial, certId] of [
      ['0a', 'sha1'],
      ['0a', 'sha256'],
      ['0b', 'sha1'],
    ] as const) {
      answers.keep(serial, certId, answer(1_000), answers.epoch());
    }
    answers.invalidate('0a');
    expect(answers.get('0a', 'sha1', 0)).toBeUndefined();
    expect(answers.get('0a', 'sha256', 0)).toBeUndefined();
    expect(answers.get('0b', 'sha1', 0)).toBeDefined();
    answers.invalidate();
    expect(answers.get('0b', 'sha1', 0)).toBeUndefined();
  });

  it('CT-5: an answer whose production began before any status change is not kept (its status may be stale)', () => {
    const answers = new PreproducedAnswers(10);
    const epoch = answers.epoch();
    answers.invalidate('0a');
    expect(answers.keep('0a', 'sha1', answer(1_000), epoch)).toBe(false);
    expect(answers.get('0a', 'sha1', 0)).toBeUndefined();
    expect(answers.keep('0a', 'sha1', answer(1_000), answers.epoch())).toBe(true);
  });

  it('keep the certificates asked about most recently, no more than the bound', () => {
    const answers = new PreproducedAnswers(2);
    answers.keep('01', 'id', answer(1_000), answers.epoch());
    answers.keep('02', 'id', answer(1_000), answers.epoch());
    answers.get('01', 'id', 0);
    answers.keep('03', 'id', answer(1_000), answers.epoch());
    expect(answers.get('01', 'id', 0)).toBeDefined();
    expect(answers.get('02', 'id', 0)).toBeUndefined();
    expect(answers.get('03', 'id', 0)).toBeDefined();
  });
});
