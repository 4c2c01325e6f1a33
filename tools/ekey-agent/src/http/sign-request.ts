import { z } from 'zod';
import { AgentError } from '../errors';
import { maxChallengeBytes } from '../protocol';

export interface SignRequest {
  certificateId: Buffer;
  data: Buffer;
  pin: string;
}

const schema = z.strictObject({
  certificateId: z.string().regex(/^(?:[0-9a-fA-F]{2}){1,64}$/, 'the hexadecimal key id from /v1/certificates'),
  data: z.base64().min(1, 'the challenge bytes, base64'),
  pin: z.string().min(1, 'the PIN').max(64, 'at most 64 characters'),
});

/** `POST /v1/sign`'s body, checked; messages never quote the PIN. */
export function parseSignRequest(body: unknown): SignRequest {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const field = issue?.path.join('.') || 'body';
    if (field === 'data' && issue?.code === 'invalid_format') throw new AgentError('BAD_BASE64');
    throw new AgentError('BAD_REQUEST', { field, problem: issue?.message ?? 'invalid' });
  }
  const data = Buffer.from(parsed.data.data, 'base64');
  if (data.length > maxChallengeBytes) throw new AgentError('DATA_TOO_LARGE', { maxBytes: maxChallengeBytes });
  return { certificateId: Buffer.from(parsed.data.certificateId, 'hex'), data, pin: parsed.data.pin };
}
