import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { prefixedLines } from './prefixed-lines';

describe("npm start's output, a line per service line", () => {
  it('prefixes each whole line with the name in one column, holding a partial line until its end', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    const lines = prefixedLines('ra', out);
    lines.write('{"message":"one"}\n{"mess');
    expect(text).toBe('ra          | {"message":"one"}\n');
    lines.write('age":"two"}\n');
    lines.end('no newline at the end');
    await finished(lines);
    expect(text.split('\n')).toEqual([
      'ra          | {"message":"one"}',
      'ra          | {"message":"two"}',
      'ra          | no newline at the end',
      '',
    ]);
  });
});
