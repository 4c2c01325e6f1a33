import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@tessera/kit';
import { isOrganizationCode, isUnifiedSocialCreditCode } from './credit-code';
import { Subscriber, type SubscriberKind } from './subscriber.entity';

export interface SubscriberInput {
  kind: SubscriberKind;
  socialInsuranceNumber: string;
  name: string;
  creditCode?: string | null;
  organizationCode?: string | null;
  contactName: string;
  contactPhone: string;
  region: string;
  agency: string;
  userId?: string | null;
}

const socialInsuranceNumber = /^[0-9A-Za-z-]{4,32}$/;
const phone = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** The subscriber register (RA-15): insured units and persons, validated before they are kept. */
export class Subscribers {
  async register(em: EntityManager, input: SubscriberInput): Promise<Subscriber> {
    const required = ['socialInsuranceNumber', 'name', 'contactName', 'contactPhone', 'region', 'agency'] as const;
    const missing: string[] = required.filter((k) => !input[k]?.trim());
    if (input.kind === 'unit' && !input.creditCode?.trim() && !input.organizationCode?.trim())
      missing.push('creditCode');
    if (input.kind === 'person' && !input.userId) missing.push('userId');
    if (missing.length) throw new DomainError('SUBSCRIBER_INCOMPLETE', { missing: missing.join(', ') });
    if (!socialInsuranceNumber.test(input.socialInsuranceNumber.trim())) {
      throw new DomainError('BAD_USER_INPUT', { detail: 'socialInsuranceNumber' });
    }
    if (!phone.test(input.contactPhone.trim())) throw new DomainError('BAD_USER_INPUT', { detail: 'contactPhone' });
    const creditCode = input.creditCode?.trim().toUpperCase() || undefined;
    let organizationCode = input.organizationCode?.trim().toUpperCase().replace('-', '') || undefined;
    if (creditCode) {
      if (!isUnifiedSocialCreditCode(creditCode)) throw new DomainError('CREDIT_CODE_INVALID');
      organizationCode = creditCode.slice(8, 17);
    } else if (organizationCode && !isOrganizationCode(organizationCode)) {
      throw new DomainError('CREDIT_CODE_INVALID');
    }
    const subscriber = em.create(Subscriber, {
      kind: input.kind,
      socialInsuranceNumber: input.socialInsuranceNumber.trim(),
      name: input.name.trim(),
      creditCode,
      organizationCode,
      contactName: input.contactName.trim(),
      contactPhone: input.contactPhone.trim(),
      region: input.region.trim(),
      agency: input.agency.trim(),
      userId: input.kind === 'person' ? (input.userId ?? undefined) : undefined,
    });
    await em.flush();
    return subscriber;
  }

  async get(em: EntityManager, id: string): Promise<Subscriber> {
    const found = await em.findOne(Subscriber, { id });
    if (!found) throw new DomainError('SUBSCRIBER_NOT_FOUND');
    return found;
  }

  /** Search by social-insurance number (exact), credit code (exact) or name (partial). */
  search(em: EntityManager, text: string, limit = 50): Promise<Subscriber[]> {
    const q = text.trim();
    return em.find(
      Subscriber,
      {
        $or: [
          { socialInsuranceNumber: q },
          { creditCode: q.toUpperCase() },
          { name: { $ilike: `%${q.replace(/[\\%_]/g, '\\$&')}%` } },
        ],
      },
      { orderBy: { socialInsuranceNumber: 'asc' }, limit: Math.min(Math.max(limit, 1), 200) },
    );
  }
}
