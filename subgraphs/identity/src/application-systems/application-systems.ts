import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { identityError } from '../errors';
import type { TokenIssuer } from '../tokens/token-issuer';
import type { UserManagement } from '../user-management/user-management';
import { User } from '../users/user.entity';
import { isIdType } from '../validation/id-document';
import { ApplicationSystem, type ApplicationSystemStatus } from './application-system.entity';
import { IdentityLookup } from './identity-lookup.entity';
import { knownSystemScopes } from './system-scopes';

export interface SystemRegistration {
  code: string;
  name: string;
  owner: string;
  scopes: string[];
}

export interface SystemCredentials {
  system: ApplicationSystem;
  /** Shown once: only its keyed hash is stored. */
  clientSecret: string;
}

export interface SystemToken {
  accessToken: string;
  expiresIn: number;
  scopes: string[];
}

/** A person as a business system sees them (ID-17): verified data only, numbers masked. */
export interface VerifiedIdentity {
  userId: string;
  verifiedName: string;
  idType?: string;
  idNumberMasked?: string;
  verifiedAt?: Date;
  verificationMethod?: string;
}

const systemTokenTtl = 600;

/**
 * Application system management (ID-17): administrators register business systems and issue,
 * rotate and revoke their credentials; systems get tokens limited to their scopes and resolve
 * persons, every lookup audited.
 */
export class ApplicationSystems {
  constructor(
    private readonly em: EntityManager,
    private readonly protector: DataProtector,
    private readonly tokens: TokenIssuer,
    private readonly management: UserManagement,
  ) {}

  async register(actorId: string, registration: SystemRegistration): Promise<SystemCredentials> {
    const code = registration.code.trim().toLowerCase();
    if (!/^[a-z][a-z0-9-]{2,39}$/.test(code) || !registration.name.trim() || !registration.owner.trim()) {
      throw identityError('APPLICATION_SYSTEM_INVALID');
    }
    if (registration.scopes.some((s) => !knownSystemScopes.includes(s)))
      throw identityError('APPLICATION_SYSTEM_INVALID');
    const em = this.em.fork();
    const clientSecret = this.newSecret();
    const system = em.create(ApplicationSystem, {
      code,
      name: registration.name.trim(),
      owner: registration.owner.trim(),
      scopes: [...new Set(registration.scopes)],
      secretDigest: this.digest(clientSecret),
      secretIssuedAt: new Date(),
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw identityError('APPLICATION_SYSTEM_INVALID');
      throw error;
    }
    await this.management.record(actorId, 'register_system', undefined, code);
    return { system, clientSecret };
  }

  /** A new secret; the old one stops working at once. */
  async rotateSecret(actorId: string, code: string): Promise<SystemCredentials> {
    const em = this.em.fork();
    const system = await this.find(em, code);
    const clientSecret = this.newSecret();
    Object.assign(system, { secretDigest: this.digest(clientSecret), secretIssuedAt: new Date() });
    await em.flush();
    await this.management.record(actorId, 'rotate_system_secret', undefined, code);
    return { system, clientSecret };
  }

  /** Suspends, reactivates or retires a system; a retired system's secret is erased. */
  async setStatus(actorId: string, code: string, status: ApplicationSystemStatus): Promise<ApplicationSystem> {
    const em = this.em.fork();
    const system = await this.find(em, code);
    system.status = status;
    await em.flush();
    if (status === 'retired') await em.nativeUpdate(ApplicationSystem, { id: system.id }, { secretDigest: null });
    await this.management.record(actorId, `system_${status}`, undefined, code);
    return system;
  }

  list(): Promise<ApplicationSystem[]> {
    return this.em.fork().find(ApplicationSystem, {}, { orderBy: { code: 'asc' } });
  }

  /** OAuth2 client credentials (RFC 6749 §4.4): an active system with the right secret gets its scopes. */
  async issueToken(clientId: string, clientSecret: string, requested?: string[]): Promise<SystemToken> {
    const system = await this.em
      .fork()
      .findOne(ApplicationSystem, { code: clientId.trim().toLowerCase() }, { populate: ['secretDigest'] });
    const expected = Buffer.from(system?.secretDigest ?? '0'.repeat(64), 'hex');
    const given = Buffer.from(this.digest(clientSecret), 'hex');
    if (system?.status !== 'active' || !system.secretDigest || !timingSafeEqual(expected, given)) {
      throw identityError('INVALID_CLIENT');
    }
    const scopes = requested?.length ? requested.filter((s) => system.scopes.includes(s)) : system.scopes;
    const accessToken = await this.tokens.issue({ subject: system.code, kind: 'system', scopes, ttl: systemTokenTtl });
    return { accessToken, expiresIn: systemTokenTtl, scopes };
  }

  /** Resolves a person by user id, or by ID type + number, and records the lookup. */
  async resolve(
    systemCode: string,
    by: { userId?: string; idType?: string; idNumber?: string },
    now = new Date(),
  ): Promise<VerifiedIdentity | null> {
    const em = this.em.fork();
    let user: User | null = null;
    const lookupBy = by.userId ? 'user_id' : 'id_number';
    if (by.userId) {
      user = /^[0-9a-f-]{36}$/.test(by.userId) ? await em.findOne(User, { id: by.userId, kind: 'citizen' }) : null;
    } else if (by.idNumber) {
      const idType = by.idType && isIdType(by.idType) ? by.idType : 'RESIDENT_ID_CARD';
      const idNumber = by.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
      const index = this.protector.index('idNumber', `${idType}:${idNumber}`);
      user = await em.findOne(User, { idNumberIndex: index, kind: 'citizen' });
    }
    const verified = user?.verifiedAt ? user : null;
    em.create(IdentityLookup, { systemCode, lookupBy, userId: verified?.id, found: !!verified, at: now });
    await em.flush();
    if (!verified) return null;
    return {
      userId: verified.id,
      verifiedName: verified.displayName,
      idType: verified.idType,
      idNumberMasked: verified.idNumberMasked,
      verifiedAt: verified.verifiedAt,
      verificationMethod: verified.verificationMethod,
    };
  }

  /** The lookups of one system, newest first (auditors). */
  lookups(systemCode: string, limit = 100): Promise<IdentityLookup[]> {
    return this.em.fork().find(IdentityLookup, { systemCode }, { orderBy: { at: 'desc' }, limit });
  }

  private async find(em: EntityManager, code: string): Promise<ApplicationSystem> {
    const system = await em.findOne(ApplicationSystem, { code });
    if (!system) throw identityError('APPLICATION_SYSTEM_INVALID');
    return system;
  }

  private newSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  private digest(secret: string): string {
    return this.protector.digest('client-secret', secret);
  }
}
