import type { IncomingMessage } from 'node:http';
import { AgentError } from '../errors';

/**
 * The request's JSON body, refused past `maxBytes` before it is all read. Requiring
 * `application/json` also makes every browser call a CORS request with a preflight: a page the agent
 * does not know cannot send it a "simple" request.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
    throw new AgentError('UNSUPPORTED_MEDIA_TYPE');
  }
  if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw new AgentError('BODY_TOO_LARGE', { maxBytes });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new AgentError('BODY_TOO_LARGE', { maxBytes });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AgentError('BAD_JSON');
  }
}
