import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector, Logger } from '@tessera/kit';
import type { BankCatalogue } from '../banks/bank-catalogue';
import { identityError } from '../errors';
import type { CodeRequested, SmsCodes } from '../sms/sms-codes';
import { User } from '../users/user.entity';
import { maskCardNumber } from '../validation/bank-card';
import { required } from '../validation/checked';
import { checkPersonName } from '../validation/id-document';
import { checkMobile, maskMobile } from '../validation/mobile';
import type { BankVerifier } from '../verification/bank-verifier';
import { VerificationEvent } from '../verification/verification-event.entity';
import { outcomeErrors } from '../verification/verification-outcome';
import { ProfileChange } from './profile-change.entity';

/** What a citizen may ask to change, and what is refused (ID-12). */
export interface ProfileChangeRequest {
  name?: string;
  bankCode: string;
  cardNumber: string;
  phone: string;
  username?: string;
  idType?: string;
  idNumber?: string;
}

const codePurpose = 'profile-change';
const changeTtlMs = 15 * 60_000;

/**
 * Changing name, bank, card or phone (ID-12): each change passes the bank's four-element
 * check again (ID-3) and the SMS code sent to the new phone before it is saved. Username, ID
 * type and ID number never change.
 */
export class ProfileService {
  constructor(
    private readonly em: EntityManager,
    private readonly protector: DataProtector,
    private readonly banks: BankCatalogue,
    private readonly verifier: BankVerifier,
    private readonly codes: SmsCodes,
    private readonly log: Logger,
  ) {}

  /** Returns the id of the pending change and the delivery of the code on its way to the new phone. */
  async requestChange(
    userId: string,
    request: ProfileChangeRequest,
    clientIp?: string,
    now = new Date(),
  ): Promise<CodeRequested> {
    if (request.username !== undefined || request.idType !== undefined || request.idNumber !== undefined) {
      throw identityError('PROFILE_FIELD_IMMUTABLE');
    }
    const em = this.em.fork();
    const user = await em.findOne(User, { id: userId, kind: 'citizen' }, { populate: ['idNumberSealed'] });
    if (!user?.idNumberSealed || !user.idType) throw identityError('PROFILE_NOT_VERIFIED');
    const name = request.name === undefined ? user.displayName : required(checkPersonName(request.name));
    const card = required(await this.banks.checkCard(request.bankCode, request.cardNumber));
    const phone = required(checkMobile(request.phone));
    const outcome = await this.verifier.verify({
      bankCode: card.bankCode,
      name,
      idType: user.idType,
      idNumber: this.protector.open('idNumber', user.idNumberSealed),
      cardNumber: card.cardNumber,
      phone,
    });
    this.log.info({ userId, bankCode: card.bankCode, outcome }, 'profile change bank check');
    em.create(VerificationEvent, { userId, reason: 'profile_change', bankCode: card.bankCode, outcome, at: now });
    await em.flush();
    if (outcome !== 'verified') throw identityError(outcomeErrors[outcome]);
    return em.transactional(async (tx) => {
      const change = tx.create(ProfileChange, {
        userId,
        name,
        bankCode: card.bankCode,
        cardNumberSealed: this.protector.seal('cardNumber', card.cardNumber),
        phoneSealed: this.protector.seal('phone', phone),
        verifiedAt: now,
        expiresAt: new Date(now.getTime() + changeTtlMs),
        createdAt: now,
      });
      await tx.flush();
      const { state, retryInSeconds } = await this.codes.issue(
        tx,
        {
          purpose: codePurpose,
          subject: change.id,
          phone,
          clientIp,
          text: (code) => `【社会统一用户平台】您正在变更用户信息，验证码${code}，5分钟内有效。`,
        },
        now,
      );
      return { id: change.id, sms: { state, retryInSeconds } };
    });
  }

  /** The SMS code confirms the new phone; the change is saved with the new verification time. */
  async confirmChange(userId: string, changeId: string, code: string, now = new Date()): Promise<void> {
    const em = this.em.fork();
    const change = /^[0-9a-f-]{36}$/.test(changeId) ? await em.findOne(ProfileChange, { id: changeId, userId }) : null;
    if (!change || change.appliedAt || change.expiresAt <= now) throw identityError('SMS_CODE_EXPIRED');
    await this.codes.consume(codePurpose, change.id, code, now);
    const card = this.protector.open('cardNumber', change.cardNumberSealed);
    const phone = this.protector.open('phone', change.phoneSealed);
    await em.transactional(async (tx) => {
      await tx.nativeUpdate(
        User,
        { id: userId },
        {
          displayName: change.name,
          bankCode: change.bankCode,
          cardNumberSealed: change.cardNumberSealed,
          cardNumberMasked: maskCardNumber(card),
          phoneSealed: change.phoneSealed,
          phoneIndex: this.protector.index('phone', phone),
          phoneMasked: maskMobile(phone),
          verifiedAt: change.verifiedAt,
          verificationMethod: 'bank_four_elements',
        },
      );
      await tx.nativeUpdate(ProfileChange, { id: change.id }, { appliedAt: now });
    });
    this.log.info({ userId }, 'profile changed');
  }
}
