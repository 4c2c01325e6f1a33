import type { OutgoingSms, SmsSender } from './sms-sender';

export interface HttpSmsSenderOptions {
  /** Gateway endpoint that accepts `{ id, phone, text }` as JSON. */
  url: string;
  timeoutMs?: number;
  /** Sent as a bearer token when set. */
  apiKey?: string;
}

/** Posts each message to an SMS gateway; the message id lets the gateway drop duplicates. */
export class HttpSmsSender implements SmsSender {
  constructor(private readonly options: HttpSmsSenderOptions) {}

  async send(message: OutgoingSms): Promise<void> {
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': message.id,
        ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
      },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}
