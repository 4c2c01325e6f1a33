/** One DER element inside a buffer: its tag and where its header, contents and end are. */
export interface DerElement {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** Input that is not strict DER: the readers below throw it and callers fall back or refuse. */
export class DerSyntaxError extends Error {}

/**
 * Reads the element at `at`, which must end by `limit`: low tag numbers only, definite and minimal
 * lengths (DER, X.690 §10.1), so the bytes read are the one encoding of their value.
 */
export function readElement(der: Buffer, at: number, limit = der.length): DerElement {
  if (at + 2 > limit) throw new DerSyntaxError('truncated');
  const tag = der[at] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerSyntaxError('high tag number');
  const first = der[at + 1] as number;
  let length = first;
  let contentStart = at + 2;
  if (first & 0x80) {
    const octets = first & 0x7f;
    if (octets === 0 || octets > 3 || at + 2 + octets > limit) throw new DerSyntaxError('bad length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[at + 2 + i] as number);
    if (length < 0x80 || der[at + 2] === 0) throw new DerSyntaxError('length not minimal');
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerSyntaxError('truncated');
  return { tag, start: at, contentStart, end };
}

/** The elements that exactly fill the contents of a constructed `element`. */
export function childrenOf(der: Buffer, element: DerElement): DerElement[] {
  if (!(element.tag & 0x20)) throw new DerSyntaxError('not constructed');
  const children: DerElement[] = [];
  for (let at = element.contentStart; at < element.end; ) {
    const child = readElement(der, at, element.end);
    children.push(child);
    at = child.end;
  }
  return children;
}

/** Checks every element nested in `element` down to the primitive ones. */
export function assertWellFormed(der: Buffer, element: DerElement): void {
  if (element.tag & 0x20) for (const child of childrenOf(der, element)) assertWellFormed(der, child);
}

export function contents(der: Buffer, element: DerElement): Buffer {
  return der.subarray(element.contentStart, element.end);
}

export function encoding(der: Buffer, element: DerElement): Buffer {
  return der.subarray(element.start, element.end);
}

/** The single element that `der` consists of, exactly. */
export function readWhole(der: Buffer): DerElement {
  const element = readElement(der, 0);
  if (element.end !== der.length) throw new DerSyntaxError('trailing bytes');
  return element;
}

/** A positive, minimally encoded INTEGER's magnitude; undefined for anything else. */
export function positiveInteger(body: Buffer): Buffer | undefined {
  if (body.length === 0 || (body[0] as number) & 0x80) return undefined;
  if (body[0] === 0) {
    if (body.length === 1 || !((body[1] as number) & 0x80)) return undefined;
    return body.subarray(1);
  }
  return body;
}
