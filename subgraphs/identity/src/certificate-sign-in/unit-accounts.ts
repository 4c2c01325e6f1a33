import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { identityError } from '../errors';
import type { UserManagement } from '../user-management/user-management';
import { User } from '../users/user.entity';

/** A unit as its certificate names it. */
export interface UnitOfCertificate {
  insuranceNumber: string;
  name: string;
  creditCode: string | null;
}

/** What certificate sign-in needs of a unit account. */
export interface UnitAccount {
  id: string;
  kind: 'unit';
  roles: User['roles'];
  lockedAt: Date | null;
}

/**
 * Issue 15: insured units as accounts (a `User` of kind `unit`: sessions, tokens, the single-sign-on
 * `sub` and the history work as for persons). A unit account is made by its first certificate sign-in,
 * keyed by its social-insurance number, so all of the unit's certificates sign in as the one unit; each
 * sign-in refreshes its name and credit code from the certificate. It has no password: it signs in with
 * its certificates only. Administrators list and search units and disable one (ID-18's audited lock).
 */
export class UnitAccounts {
  constructor(
    private readonly em: EntityManager,
    private readonly management: UserManagement,
  ) {}

  /** The unit's account, made now if this is its first sign-in, with the certificate's name and credit code. */
  async ensure(unit: UnitOfCertificate, now = new Date()): Promise<UnitAccount> {
    const [row] = await this.em
      .getConnection()
      .execute<{ id: string; roles: User['roles']; locked_at: string | null }[]>(
        `insert into "identity"."user" ("id", "username", "kind", "display_name", "roles", "unit_insurance_number",
         "unit_credit_code", "created_at", "updated_at")
       values (?, ?, 'unit', ?, '{}', ?, ?, ?, ?)
       on conflict ("unit_insurance_number") where "kind" = 'unit' do update set
         "display_name" = excluded."display_name",
         "unit_credit_code" = coalesce(excluded."unit_credit_code", "user"."unit_credit_code"),
         "updated_at" = excluded."updated_at"
       returning "id", "roles", "locked_at"`,
        [randomUUID(), `unit:${unit.insuranceNumber}`, unit.name, unit.insuranceNumber, unit.creditCode, now, now],
      );
    if (!row) throw new Error('the unit account was not written');
    return { id: row.id, kind: 'unit', roles: row.roles, lockedAt: row.locked_at ? new Date(row.locked_at) : null };
  }

  /** Unit accounts, newest first; `search` matches the name, social-insurance number or credit code (part of it). */
  list(search?: string, first = 50): Promise<User[]> {
    const term = search?.normalize('NFKC').trim();
    const like = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    return this.em.fork().find(
      User,
      {
        kind: 'unit',
        ...(like
          ? {
              $or: [
                { displayName: { $ilike: like } },
                { unitInsuranceNumber: { $ilike: like } },
                { unitCreditCode: { $ilike: like } },
              ],
            }
          : {}),
      },
      { orderBy: { createdAt: 'desc' }, limit: Math.min(Math.max(first, 1), 200) },
    );
  }

  /** Disables a unit: its sessions end and it cannot sign in (audited as `lock`). */
  async disable(actorId: string, unitId: string, now = new Date()): Promise<User> {
    await this.requireUnit(unitId);
    return this.management.lock(actorId, unitId, now);
  }

  /** Enables a disabled unit again (audited as `unlock`). */
  async enable(actorId: string, unitId: string, now = new Date()): Promise<User> {
    await this.requireUnit(unitId);
    return this.management.unlock(actorId, unitId, now);
  }

  private async requireUnit(unitId: string): Promise<void> {
    const unit = /^[0-9a-f-]{36}$/.test(unitId)
      ? await this.em.fork().findOne(User, { id: unitId, kind: 'unit' }, { fields: ['id'] })
      : null;
    if (!unit) throw identityError('UNIT_ACCOUNT_NOT_FOUND');
  }
}
