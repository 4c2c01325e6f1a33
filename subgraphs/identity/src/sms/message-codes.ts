import type { DataProtector } from '@tessera/kit';

/** Where a message's text takes its code; the outbox stores the text with this, never the code. */
export const codePlaceholder = '{code}';

/** How administrators see a code's place in a message. */
export const maskedCode = '******';

/**
 * The one-time code a text message carries (ID-9), derived from the message's id with the keyed
 * hash of DATA_INDEX_KEY (which never rotates): no table holds the code. The code table keeps
 * its hash to check answers against; the outbox keeps the text with a placeholder, which the
 * dispatcher fills in for the sender at send time, and masks for administrators.
 */
export class MessageCodes {
  constructor(private readonly protector: DataProtector) {}

  /** The 6-digit code of a message. */
  codeOf(messageId: string): string {
    const digest = this.protector.digest('sms-message-code', messageId);
    return (Number.parseInt(digest.slice(0, 12), 16) % 1_000_000).toString().padStart(6, '0');
  }

  /** The text the sender delivers: the placeholder replaced by the message's code. */
  render(text: string, messageId: string): string {
    return text.includes(codePlaceholder) ? text.replaceAll(codePlaceholder, this.codeOf(messageId)) : text;
  }

  /** The text administrators read: the code masked. */
  static masked(text: string): string {
    return text.replaceAll(codePlaceholder, maskedCode);
  }
}
