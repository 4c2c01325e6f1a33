import { Writable } from 'node:stream';

/** The longest name `npm start` prefixes its lines with, so that the lines' own text starts in one column. */
const nameWidth = 'certificate'.length;

/**
 * A stream that writes each line it is given to `out` behind `name |` (a partial line waits for its end):
 * `npm start`'s services write their JSON log lines through one terminal, each line saying whose it is.
 */
export function prefixedLines(name: string, out: NodeJS.WritableStream = process.stdout): Writable {
  const prefix = `${name.padEnd(nameWidth)} | `;
  let partial = '';
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      if (lines.length > 0) out.write(lines.map((line) => `${prefix}${line}\n`).join(''));
      done();
    },
    final(done) {
      if (partial) out.write(`${prefix}${partial}\n`);
      partial = '';
      done();
    },
  });
}
