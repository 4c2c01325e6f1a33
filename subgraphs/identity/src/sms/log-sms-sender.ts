import type { Logger } from '@tessera/kit';
import { maskMobile } from '../validation/mobile';
import type { OutgoingSms, SmsSender } from './sms-sender';

/**
 * The development sender: the message stays in the outbox for administrators, and the console
 * of `npm start` shows it (phone masked) so a developer can type the code.
 */
export class LogSmsSender implements SmsSender {
  constructor(private readonly log: Logger) {}

  async send(message: OutgoingSms): Promise<void> {
    this.log.info({ smsId: message.id }, `SMS to ${maskMobile(message.phone)}: ${message.text}`);
  }
}
