import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { identityError } from '../errors';
import type { TokenIssuer } from '../tokens/token-issuer';
import type { AdminAction } from '../user-management/admin-action.entity';
import type { UserManagement } from '../user-management/user-management';
import { User } from '../users/user.entity';
import { isIdType } from '../validation/id-document';
import { ApplicationSystem, type ApplicationSystemStatus } from './application-system.entity';
import { clientSecretDigest, clientSecretMatches } from './client-secret';
import {
  type ClientSettingsInput,
  type ClientSettingsPolicy,
  checkClientSettings,
  defaultClientSettings,
  settingsOf,
} from './client-settings';
import { IdentityLookup } from './identity-lookup.entity';
import { knownSystemScopes } from './system-scopes';

export interface SystemRegistration {
  code: string;
  name: string;
  owner: string;
  scopes: string[];
  /** The OpenID Connect client settings; those left out take their defaults. */
  settings?: Partial<ClientSettingsInput>;
}

/** What an administrator changes on a registered system; what is left out stays. */
export type SystemChanges = Partial<{ name: string; owner: string; scopes: string[] } & ClientSettingsInput>;

export interface SystemCredentials {
  system: ApplicationSystem;
  /** Shown once: only its keyed hash is stored. None for a public client (`none`). */
  clientSecret: string | null;
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
  private readonly changeListeners: ((code: string) => void)[] = [];

  constructor(
    private readonly em: EntityManager,
    private readonly protector: DataProtector,
    private readonly tokens: TokenIssuer,
    private readonly management: UserManagement,
    private readonly policy: ClientSettingsPolicy,
  ) {}

  async register(actorId: string, registration: SystemRegistration): Promise<SystemCredentials> {
    const code = registration.code.trim().toLowerCase();
    if (!/^[a-z][a-z0-9-]{2,39}$/.test(code)) throw identityError('APPLICATION_SYSTEM_INVALID', { field: 'code' });
    const { name, owner } = this.names(registration);
    const { scopes, settings } = checkClientSettings(
      registration.scopes,
      { ...defaultClientSettings, ...definedOf(registration.settings ?? {}) },
      this.policy,
    );
    const em = this.em.fork();
    const clientSecret = settings.tokenEndpointAuthMethod === 'none' ? null : this.newSecret();
    const system = em.create(ApplicationSystem, {
      code,
      name,
      owner,
      scopes,
      ...settings,
      secretDigest: clientSecret && this.digest(clientSecret),
      secretIssuedAt: clientSecret ? new Date() : undefined,
    });
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw identityError('APPLICATION_SYSTEM_INVALID', { field: 'code' });
      }
      throw error;
    }
    this.changed(code);
    await this.management.record(actorId, 'register_system', { systemCode: code });
    return { system, clientSecret };
  }

  /**
   * Changes a system's name, owner, scopes and client settings, checked together as at
   * registration, and records what changed. Turning it into a public client erases its secret;
   * a public client made confidential gets one by `rotateSecret`.
   */
  async update(actorId: string, code: string, changes: SystemChanges): Promise<ApplicationSystem> {
    const em = this.em.fork();
    const system = await this.find(em, code);
    const given = definedOf(changes);
    const { name, owner } = this.names({ name: given.name ?? system.name, owner: given.owner ?? system.owner });
    const checked = checkClientSettings(
      given.scopes ?? system.scopes,
      { ...settingsOf(system), ...given },
      this.policy,
    );
    const before: Record<string, unknown> = { name: system.name, owner: system.owner, scopes: system.scopes };
    const after: Record<string, unknown> = { name, owner, scopes: checked.scopes, ...checked.settings };
    Object.assign(before, settingsOf(system));
    const changed = Object.keys(after).filter((k) => !isDeepStrictEqual(before[k], after[k]));
    if (changed.length === 0) return system;
    Object.assign(system, { name, owner, scopes: checked.scopes }, checked.settings);
    await em.transactional(async (tx) => {
      await tx.flush();
      if (checked.settings.tokenEndpointAuthMethod === 'none') {
        await tx.nativeUpdate(ApplicationSystem, { id: system.id }, { secretDigest: null, secretIssuedAt: null });
        system.secretIssuedAt = undefined;
      }
      const detail = Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }]));
      await this.management.record(
        actorId,
        'update_system',
        { systemCode: system.code },
        JSON.stringify(detail),
        new Date(),
        tx,
      );
    });
    this.changed(system.code);
    return system;
  }

  /** A new secret; the old one stops working at once. A public client has none. */
  async rotateSecret(actorId: string, code: string): Promise<SystemCredentials> {
    const em = this.em.fork();
    const system = await this.find(em, code);
    if (system.tokenEndpointAuthMethod === 'none') throw identityError('APPLICATION_SYSTEM_PUBLIC_CLIENT');
    const clientSecret = this.newSecret();
    Object.assign(system, { secretDigest: this.digest(clientSecret), secretIssuedAt: new Date() });
    await em.flush();
    this.changed(system.code);
    await this.management.record(actorId, 'rotate_system_secret', { systemCode: code });
    return { system, clientSecret };
  }

  /** Suspends, reactivates or retires a system; a retired system's secret is erased. */
  async setStatus(actorId: string, code: string, status: ApplicationSystemStatus): Promise<ApplicationSystem> {
    const em = this.em.fork();
    const system = await this.find(em, code);
    system.status = status;
    await em.flush();
    if (status === 'retired') await em.nativeUpdate(ApplicationSystem, { id: system.id }, { secretDigest: null });
    this.changed(system.code);
    await this.management.record(actorId, `system_${status}`, { systemCode: code });
    return system;
  }

  /**
   * Calls `listener` with a system's code after each change to it commits here (what is kept of
   * the system elsewhere in this process is dropped before the change is answered).
   */
  onChanged(listener: (code: string) => void): void {
    this.changeListeners.push(listener);
  }

  private changed(code: string): void {
    for (const listener of this.changeListeners) listener(code);
  }

  /** What administrators did to a system: registration, changes, secrets, status (ID-17). */
  actions(code: string): Promise<AdminAction[]> {
    return this.management.actionsOnSystem(code);
  }

  list(): Promise<ApplicationSystem[]> {
    return this.em.fork().find(ApplicationSystem, {}, { orderBy: { code: 'asc' } });
  }

  /** OAuth2 client credentials (RFC 6749 §4.4): an active system with the right secret gets its scopes. */
  async issueToken(clientId: string, clientSecret: string, requested?: string[]): Promise<SystemToken> {
    const system = await this.em
      .fork()
      .findOne(ApplicationSystem, { code: clientId.trim().toLowerCase() }, { populate: ['secretDigest'] });
    const matches = clientSecretMatches(this.protector, system?.secretDigest, clientSecret);
    if (system?.status !== 'active' || !matches) {
      throw identityError('INVALID_CLIENT');
    }
    // OpenID Connect scopes are asked for by users' sign-ins, never granted to the system itself.
    const own = system.scopes.filter((s) => knownSystemScopes.includes(s));
    const scopes = requested?.length ? requested.filter((s) => own.includes(s)) : own;
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

  private names(given: { name: string; owner: string }): { name: string; owner: string } {
    const name = given.name.trim();
    const owner = given.owner.trim();
    if (!name) throw identityError('APPLICATION_SYSTEM_INVALID', { field: 'name' });
    if (!owner) throw identityError('APPLICATION_SYSTEM_INVALID', { field: 'owner' });
    return { name, owner };
  }

  private newSecret(): string {
    return randomBytes(32).toString('base64url');
  }

  private digest(secret: string): string {
    return clientSecretDigest(this.protector, secret);
  }
}

/** Settings a null clears; any other setting left out or null stays as it is. */
const clearable = new Set(['backchannelLogoutUri', 'jwksUri', 'jwks']);

/** The entries of a partial input that were given. */
function definedOf<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(input).filter(([k, v]) => v !== undefined && (v !== null || clearable.has(k))),
  ) as Partial<T>;
}
