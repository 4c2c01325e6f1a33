import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { Logger } from '@tessera/kit';
import { type DataProtector, maskIdNumber } from '@tessera/kit';
import type { BankCatalogue } from '../banks/bank-catalogue';
import type { CaptchaService } from '../captcha/captcha-service';
import { identityError } from '../errors';
import type { PasswordHasher } from '../passwords/password-hasher';
import type { SmsCodes } from '../sms/sms-codes';
import type { SmsDelivery, SmsOutbox } from '../sms/sms-outbox';
import { User } from '../users/user.entity';
import { maskCardNumber } from '../validation/bank-card';
import { required } from '../validation/checked';
import { checkIdNumber, checkPersonName, isIdType } from '../validation/id-document';
import { checkMobile, maskMobile } from '../validation/mobile';
import {
  checkConfirmation,
  checkPassword,
  defaultPasswordPolicy,
  type PasswordPolicy,
} from '../validation/password-policy';
import { checkUsername } from '../validation/username';
import type { BankVerifier } from '../verification/bank-verifier';
import { VerificationEvent } from '../verification/verification-event.entity';
import { outcomeErrors } from '../verification/verification-outcome';
import { RegistrationFlow, type RegistrationStep } from './registration-flow.entity';
import { nextStep, type RegistrationEvent } from './registration-steps';

export interface LoginInfo {
  username: string;
  /** May be left empty when going forward again with a password already set and the same username. */
  password?: string;
  confirmPassword?: string;
}

export interface IdentityInfo {
  name: string;
  idType: string;
  idNumber: string;
}

export interface VerificationInfo {
  bankCode: string;
  cardNumber: string;
  /** The mobile number reserved at the bank: the SMS code goes there. */
  phone: string;
  /** ID-10: no bank check and no text message without a solved captcha. */
  captchaId: string;
  captchaAnswer: string;
}

/** What the client sees of a flow: the entered values, to show them again on "previous step". */
export interface RegistrationFlowView {
  id: string;
  step: RegistrationStep;
  expiresAt: Date;
  username?: string;
  passwordSet: boolean;
  name?: string;
  idType?: string;
  idNumber?: string;
  bankCode?: string;
  cardNumber?: string;
  phone?: string;
  bankVerified: boolean;
  sms: SmsDelivery | null;
}

export interface RegisteredUser {
  userId: string;
  username: string;
}

export interface RegistrationDependencies {
  em: EntityManager;
  protector: DataProtector;
  hasher: PasswordHasher;
  banks: BankCatalogue;
  verifier: BankVerifier;
  captcha: CaptchaService;
  outbox: SmsOutbox;
  codes: SmsCodes;
  log: Logger;
  /** Lifetime of a flow in seconds. */
  flowTtlSeconds?: number;
  passwordPolicy?: PasswordPolicy;
}

const smsPurpose = 'registration';

/** Bank checks one flow may make; after that the person starts again (and passes step 1 again). */
export const maxBankChecks = 5;

/**
 * Citizen self-registration (ID-1..ID-8): three steps carried by a persisted flow; the account
 * is created, in one transaction, only after the bank confirmed the four elements and the SMS
 * code sent to the bank-reserved phone came back.
 */
export class RegistrationService {
  private readonly flowTtlSeconds: number;
  private readonly passwordPolicy: PasswordPolicy;

  constructor(private readonly deps: RegistrationDependencies) {
    this.flowTtlSeconds = deps.flowTtlSeconds ?? 1800;
    this.passwordPolicy = deps.passwordPolicy ?? defaultPasswordPolicy;
  }

  async start(now = new Date()): Promise<RegistrationFlowView> {
    const em = this.deps.em.fork();
    const flow = em.create(RegistrationFlow, {
      expiresAt: new Date(now.getTime() + this.flowTtlSeconds * 1000),
      createdAt: now,
    });
    await em.flush();
    return this.view(em, flow);
  }

  async get(flowId: string, now = new Date()): Promise<RegistrationFlowView> {
    const em = this.deps.em.fork();
    return this.view(em, await this.load(em, flowId, now));
  }

  /** Step 1 (ID-1, ID-2): username and password; a taken username is refused here already. */
  async submitLogin(flowId: string, input: LoginInfo, now = new Date()): Promise<RegistrationFlowView> {
    const em = this.deps.em.fork();
    const flow = await this.load(em, flowId, now);
    const to = this.transition(flow, 'submitLogin');
    const username = required(checkUsername(input.username));
    const keepPassword = !input.password && !!flow.passwordHash && flow.username === username;
    let passwordHash = flow.passwordHash;
    if (!keepPassword) {
      const password = required(checkPassword(input.password ?? '', username, this.passwordPolicy));
      required(checkConfirmation(password, input.confirmPassword ?? ''));
      passwordHash = await this.deps.hasher.hash(password);
    }
    if (await this.usernameTaken(em, username)) throw identityError('USERNAME_TAKEN');
    Object.assign(flow, { username, passwordHash, step: to });
    await em.flush();
    return this.view(em, flow);
  }

  /** Step 2 (ID-1): name and ID document, checked for form (checksums, dates). */
  async submitIdentity(flowId: string, input: IdentityInfo, now = new Date()): Promise<RegistrationFlowView> {
    const em = this.deps.em.fork();
    const flow = await this.load(em, flowId, now);
    const to = this.transition(flow, 'submitIdentity');
    const name = required(checkPersonName(input.name));
    if (!isIdType(input.idType)) throw identityError('ID_NUMBER_INVALID');
    const idNumber = required(checkIdNumber(input.idType, input.idNumber, now));
    const changed =
      name !== flow.name ||
      input.idType !== flow.idType ||
      idNumber !== this.openOptional('idNumber', flow.idNumberSealed);
    Object.assign(flow, {
      name,
      idType: input.idType,
      idNumberSealed: this.deps.protector.seal('idNumber', idNumber),
      step: to,
    });
    if (changed) flow.bankVerifiedAt = undefined;
    await em.flush();
    return this.view(em, flow);
  }

  /** "Previous step": values stay as entered. */
  async back(flowId: string, now = new Date()): Promise<RegistrationFlowView> {
    const em = this.deps.em.fork();
    const flow = await this.load(em, flowId, now);
    flow.step = this.transition(flow, 'back');
    await em.flush();
    return this.view(em, flow);
  }

  /**
   * Step 3, first half (ID-3..ID-7, ID-9, ID-10): a solved captcha (single use) first; the card
   * must be a debit card of a connected partner bank; the bank confirms the four elements; then
   * a code goes to the phone reserved at the bank. A failed or unavailable check leaves nothing
   * but the flow's entered values.
   */
  async sendCode(
    flowId: string,
    input: VerificationInfo,
    clientIp?: string,
    now = new Date(),
  ): Promise<RegistrationFlowView> {
    const { protector } = this.deps;
    const em = this.deps.em.fork();
    const flow = await this.load(em, flowId, now);
    this.transition(flow, 'sendCode');
    await this.deps.captcha.require(input, now);
    const card = required(await this.deps.banks.checkCard(input.bankCode, input.cardNumber));
    const phone = required(checkMobile(input.phone));
    const idNumber = protector.open('idNumber', flow.idNumberSealed as string);
    const unchanged =
      flow.bankVerifiedAt &&
      flow.bankCode === card.bankCode &&
      this.openOptional('cardNumber', flow.cardNumberSealed) === card.cardNumber &&
      this.openOptional('phone', flow.phoneSealed) === phone;
    if (!unchanged) {
      await this.reserveBankCheck(em, flow.id);
      const outcome = await this.deps.verifier.verify({
        bankCode: card.bankCode,
        name: flow.name as string,
        idType: flow.idType as NonNullable<RegistrationFlow['idType']>,
        idNumber,
        cardNumber: card.cardNumber,
        phone,
      });
      this.deps.log.info({ flowId: flow.id, bankCode: card.bankCode, outcome }, 'registration bank check');
      Object.assign(flow, {
        bankCode: card.bankCode,
        cardNumberSealed: protector.seal('cardNumber', card.cardNumber),
        phoneSealed: protector.seal('phone', phone),
        bankVerifiedAt: outcome === 'verified' ? now : undefined,
      });
      if (outcome !== 'verified') {
        await em.flush();
        throw identityError(outcomeErrors[outcome]);
      }
    }
    if (await this.identityRegistered(em, flow.idType as string, idNumber)) {
      await em.flush();
      throw identityError('IDENTITY_ALREADY_REGISTERED');
    }
    await em.transactional(async (tx) => {
      const delivery = await this.deps.codes.issue(
        tx,
        {
          purpose: smsPurpose,
          subject: flow.id,
          phone,
          clientIp,
          text: (code) => `【社会统一用户平台】您正在注册，验证码${code}，5分钟内有效。如非本人操作，请忽略。`,
        },
        now,
      );
      flow.smsMessageId = delivery.messageId;
    });
    return this.view(em, flow);
  }

  /**
   * Step 3, second half (ID-3): the SMS code confirms the reserved phone, and the account is
   * created in one transaction. Of two flows racing for one username, the database's unique
   * constraint lets exactly one win; the other gets ID-2's error.
   */
  async complete(flowId: string, code: string, now = new Date()): Promise<RegisteredUser> {
    const { protector } = this.deps;
    const em = this.deps.em.fork();
    const flow = await this.load(em, flowId, now);
    const to = this.transition(flow, 'complete');
    if (!flow.bankVerifiedAt) throw identityError('REGISTRATION_STEP_INVALID');
    await this.deps.codes.consume(smsPurpose, flow.id, code, now);
    const idNumber = protector.open('idNumber', flow.idNumberSealed as string);
    const cardNumber = protector.open('cardNumber', flow.cardNumberSealed as string);
    const phone = protector.open('phone', flow.phoneSealed as string);
    try {
      const user = await em.transactional(async (tx) => {
        const created = tx.create(User, {
          username: flow.username as string,
          kind: 'citizen',
          displayName: flow.name as string,
          passwordHash: flow.passwordHash,
          idType: flow.idType,
          idNumberSealed: flow.idNumberSealed,
          idNumberIndex: protector.index('idNumber', `${flow.idType}:${idNumber}`),
          idNumberMasked: maskIdNumber(idNumber),
          bankCode: flow.bankCode,
          cardNumberSealed: flow.cardNumberSealed,
          cardNumberMasked: maskCardNumber(cardNumber),
          phoneSealed: flow.phoneSealed,
          phoneIndex: protector.index('phone', phone),
          phoneMasked: maskMobile(phone),
          verifiedAt: flow.bankVerifiedAt,
          verificationMethod: 'bank_four_elements',
          createdAt: now,
        });
        tx.create(VerificationEvent, {
          userId: created.id,
          reason: 'registration',
          bankCode: flow.bankCode as string,
          outcome: 'verified',
          at: flow.bankVerifiedAt,
        });
        const current = await tx.findOneOrFail(RegistrationFlow, { id: flow.id });
        Object.assign(current, { step: to, userId: created.id });
        return created;
      });
      this.deps.log.info({ flowId: flow.id, userId: user.id }, 'citizen registered');
      return { userId: user.id, username: user.username };
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw identityError(
          String(error.message).includes('user_username_unique') ? 'USERNAME_TAKEN' : 'IDENTITY_ALREADY_REGISTERED',
        );
      }
      throw error;
    }
  }

  private async load(em: EntityManager, flowId: string, now: Date): Promise<RegistrationFlow> {
    const flow = /^[0-9a-f-]{36}$/i.test(flowId) ? await em.findOne(RegistrationFlow, { id: flowId }) : null;
    if (!flow || flow.expiresAt <= now) throw identityError('REGISTRATION_FLOW_EXPIRED');
    return flow;
  }

  private transition(flow: RegistrationFlow, event: RegistrationEvent): RegistrationStep {
    const to = nextStep(flow.step, event);
    if (!to) throw identityError('REGISTRATION_STEP_INVALID');
    return to;
  }

  /**
   * Counts a bank check of the flow before it is made, by one conditional update: of simultaneous
   * requests, no more than `maxBankChecks` reach the bank. VERIFICATION_ATTEMPTS_EXCEEDED after.
   */
  private async reserveBankCheck(em: EntityManager, flowId: string): Promise<void> {
    const reserved = await em.execute(
      'update "identity"."registration_flow" set "bank_checks" = "bank_checks" + 1 where "id" = ? and "bank_checks" < ? returning "bank_checks"',
      [flowId, maxBankChecks],
    );
    if (reserved.length === 0) throw identityError('VERIFICATION_ATTEMPTS_EXCEEDED');
  }

  private async usernameTaken(em: EntityManager, username: string): Promise<boolean> {
    return (await em.count(User, { username })) > 0;
  }

  private async identityRegistered(em: EntityManager, idType: string, idNumber: string): Promise<boolean> {
    const index = this.deps.protector.index('idNumber', `${idType}:${idNumber}`);
    return (await em.count(User, { idNumberIndex: index, kind: 'citizen' })) > 0;
  }

  private openOptional(field: 'idNumber' | 'cardNumber' | 'phone', sealed?: string): string | undefined {
    return sealed ? this.deps.protector.open(field, sealed) : undefined;
  }

  private async view(em: EntityManager, flow: RegistrationFlow): Promise<RegistrationFlowView> {
    return {
      id: flow.id,
      step: flow.step,
      expiresAt: flow.expiresAt,
      username: flow.username,
      passwordSet: !!flow.passwordHash,
      name: flow.name,
      idType: flow.idType,
      idNumber: this.openOptional('idNumber', flow.idNumberSealed),
      bankCode: flow.bankCode,
      cardNumber: this.openOptional('cardNumber', flow.cardNumberSealed),
      phone: this.openOptional('phone', flow.phoneSealed),
      bankVerified: !!flow.bankVerifiedAt,
      sms: flow.smsMessageId ? await this.deps.outbox.delivery(em, flow.smsMessageId) : null,
    };
  }
}
