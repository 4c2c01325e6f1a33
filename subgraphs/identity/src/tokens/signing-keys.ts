import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type DataProtector, signingAlgorithm } from '@tessera/kit';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type KeyLike } from 'jose';
import { SigningKey } from './signing-key.entity';
import {
  checkIntervalMs,
  prePublicationMs,
  publishedStates,
  retiresAt,
  rotationDueAt,
  type SigningKeyEvent,
  type SigningKeyPolicy,
  type SigningKeyState,
  signingKeyTransitions,
} from './signing-key-lifecycle';

/** A key this process signs with, opened once and kept in memory. */
export interface Signer {
  kid: string;
  key: KeyLike | Uint8Array;
  activateAt: number;
}

/** What a change of the key set did, for logs and the audit trail. */
export interface SigningKeyChange {
  kid: string;
  event: SigningKeyEvent;
}

/** Replicas serialise every change of the key set on this lock (inside the change's transaction). */
const lockSql = `select pg_advisory_xact_lock(hashtext('identity.signing_key'))`;

/**
 * The keys that sign access tokens, through their lifecycle (`signing-key-lifecycle.ts`). Every
 * change runs in one transaction under an advisory lock, so replicas that start or rotate at
 * once make one key, not one each. Private halves are sealed under DATA_ENCRYPTION_KEYS; the
 * signing keys are opened into memory at start and after each change, so signing a token never
 * reads the database. Every replica checks the table on a timer (`advance`): it learns of a key
 * another replica published long before that key signs, and switches to it at its `activateAt`
 * even before any replica has recorded the promotion.
 */
export class SigningKeys {
  private signers: Signer[] = [];
  private opened = new Map<string, Signer>();
  private ready?: Promise<void>;
  private published?: { at: number; keys: Promise<JSONWebKeySet> };

  constructor(
    private readonly em: EntityManager,
    private readonly protector: DataProtector,
    readonly policy: SigningKeyPolicy,
  ) {}

  /** How often every replica runs `advance`. */
  get checkEveryMs(): number {
    return checkIntervalMs(this.policy);
  }

  /**
   * At start: seals any private key still in clear (written before keys were sealed), makes the
   * first key if there is none, applies the lifecycle, and opens the signing keys.
   */
  ensure(now = new Date()): Promise<void> {
    this.ready ??= this.change(async (em) => {
      const changes: SigningKeyChange[] = [];
      const clear = await em.find(
        SigningKey,
        { privateJwkInClear: { $ne: null } },
        { populate: ['privateJwkInClear', 'privateKeySealed'] },
      );
      for (const key of clear) {
        if (key.state !== 'retired') key.privateKeySealed = this.seal(key.privateJwkInClear as JWK);
        key.privateJwkInClear = null;
      }
      const signing = await em.count(SigningKey, { state: { $in: ['active', 'next'] } });
      if (signing === 0) {
        const first = await this.create(em, 'active', now);
        changes.push({ kid: first.kid, event: 'activate' });
      } else if ((await em.count(SigningKey, { state: 'active' })) === 0) {
        // A next key with no active one to follow: nothing signs until it does.
        const next = await em.findOneOrFail(SigningKey, { state: 'next' }, { orderBy: { activateAt: 'asc' } });
        this.move(next, 'activate');
        next.activateAt = now;
        changes.push({ kid: next.kid, event: 'activate' });
      }
      return changes;
    }).then(() => undefined);
    this.ready.catch(() => {
      this.ready = undefined;
    });
    return this.ready;
  }

  /**
   * The scheduled check: publishes the next key when the active one is due within the
   * pre-publication period, activates a next key whose time has come (its predecessor starts
   * retiring), retires keys whose last token has expired. Returns what changed.
   */
  advance(now = new Date()): Promise<SigningKeyChange[]> {
    return this.change(async (em) => {
      const changes: SigningKeyChange[] = [];
      const keys = await em.find(SigningKey, { state: { $ne: 'retired' } }, { orderBy: { activateAt: 'asc' } });
      let active = keys.find((k) => k.state === 'active');
      let next = keys.find((k) => k.state === 'next');
      const due = active && rotationDueAt(active.activateAt, this.policy);
      if (active && !next && due && due.getTime() - prePublicationMs(this.policy) <= now.getTime()) {
        next = await this.create(em, 'next', now, due);
        changes.push({ kid: next.kid, event: 'publish' });
      }
      if (next && next.activateAt <= now) {
        if (active) {
          this.move(active, 'supersede');
          active.retiringAt = next.activateAt;
          changes.push({ kid: active.kid, event: 'supersede' });
        }
        this.move(next, 'activate');
        changes.push({ kid: next.kid, event: 'activate' });
        active = next;
      }
      for (const key of keys.filter((k) => k.state === 'retiring')) {
        if (retiresAt(key.retiringAt ?? key.activateAt, this.policy) <= now) {
          this.move(key, 'retire');
          key.retiredAt = now;
          key.privateKeySealed = null;
          changes.push({ kid: key.kid, event: 'retire' });
        }
      }
      return changes;
    });
  }

  /**
   * An administrator's rotation: publishes a next key now, which signs once the pre-publication
   * period is over (an existing next key is kept, not replaced). Returns the key that will sign.
   */
  async rotate(now = new Date()): Promise<{ kid: string; activateAt: Date; published: boolean }> {
    let result: { kid: string; activateAt: Date; published: boolean } | undefined;
    await this.change(async (em) => {
      const next = await em.findOne(SigningKey, { state: 'next' });
      if (next) {
        result = { kid: next.kid, activateAt: next.activateAt, published: false };
        return [];
      }
      const created = await this.create(em, 'next', now);
      result = { kid: created.kid, activateAt: created.activateAt, published: true };
      return [{ kid: created.kid, event: 'publish' }];
    });
    return result as NonNullable<typeof result>;
  }

  /** Every key, newest first, without private halves: what administrators and auditors see. */
  list(): Promise<SigningKey[]> {
    return this.em.fork().find(SigningKey, {}, { orderBy: { createdAt: 'desc' } });
  }

  /** The key to sign with now: the next key from its `activateAt`, else the active one. No I/O. */
  async signer(now = Date.now()): Promise<Signer> {
    if (this.signers.length === 0) await this.ensure();
    const [active, ...next] = this.signers;
    return next.filter((k) => k.activateAt <= now).at(-1) ?? (active as Signer);
  }

  /**
   * The public keys that verify tokens: next, active and retiring keys. Read at most once per
   * memo period (it is asked for on every request identity serves); a change made here refreshes it.
   */
  keySet(): Promise<JSONWebKeySet> {
    if (!this.published || Date.now() - this.published.at > this.policy.keySetMemoMs) {
      this.published = { at: Date.now(), keys: this.loadKeySet() };
      this.published.keys.catch(() => {
        this.published = undefined;
      });
    }
    return this.published.keys;
  }

  /**
   * What the OpenID Connect provider signs ID tokens with (issue 12): the private halves of the
   * published keys, the key that signs now first (the provider signs with the first one), and a
   * version that changes whenever the signing key or the published set does. No I/O unless the
   * version changed since the last call.
   */
  async providerKeys(now = Date.now()): Promise<{ version: string; keys: () => Promise<JWK[]> }> {
    const signer = await this.signer(now);
    const published = (await this.keySet()).keys.map((k) => k.kid as string);
    const others = published.filter((kid) => kid !== signer.kid);
    return {
      version: [signer.kid, ...others].join(','),
      keys: async () => {
        const rows = await this.em
          .fork()
          .find(SigningKey, { kid: { $in: [signer.kid, ...others] } }, { populate: ['privateKeySealed'] });
        const opened = rows
          .filter((row) => row.privateKeySealed)
          .map((row) => ({
            ...(JSON.parse(this.protector.open('signingKey', row.privateKeySealed as string)) as JWK),
            kid: row.kid,
            alg: signingAlgorithm,
            use: 'sig',
          }));
        return [signer.kid, ...others].flatMap((kid) => opened.filter((k) => k.kid === kid));
      },
    };
  }

  /** Opens the active and next keys into memory (after a change here or another replica's). */
  async reload(): Promise<void> {
    const rows = await this.em
      .fork()
      .find(
        SigningKey,
        { state: { $in: ['active', 'next'] } },
        { populate: ['privateKeySealed'], orderBy: { activateAt: 'asc' } },
      );
    const active = rows.filter((r) => r.state === 'active');
    const next = rows.filter((r) => r.state === 'next');
    const signers: Signer[] = [];
    for (const row of [...active, ...next]) {
      let opened = this.opened.get(row.kid);
      if (!opened) {
        if (!row.privateKeySealed) throw new Error(`signing key ${row.kid} has no private key`);
        const jwk = JSON.parse(this.protector.open('signingKey', row.privateKeySealed)) as JWK;
        opened = { kid: row.kid, key: await importJWK(jwk, signingAlgorithm), activateAt: 0 };
      }
      opened = { ...opened, activateAt: row.activateAt.getTime() };
      signers.push(opened);
    }
    this.opened = new Map(signers.map((s) => [s.kid, s]));
    this.signers = signers;
  }

  private loadKeySet(): Promise<JSONWebKeySet> {
    return this.em
      .fork()
      .find(SigningKey, { state: { $in: [...publishedStates] } }, { orderBy: { activateAt: 'asc' } })
      .then((keys) => ({ keys: keys.map((k) => k.publicJwk) }));
  }

  /** Runs a change of the key set under the lock, then refreshes what this process holds. */
  private async change(apply: (em: EntityManager) => Promise<SigningKeyChange[]>): Promise<SigningKeyChange[]> {
    const changes = await this.em.fork().transactional(async (em) => {
      await em.execute(lockSql);
      return apply(em);
    });
    if (changes.length > 0) this.published = undefined;
    await this.reload();
    return changes;
  }

  private async create(em: EntityManager, state: 'active' | 'next', now: Date, notBefore?: Date): Promise<SigningKey> {
    const pair = await generateKeyPair(signingAlgorithm, { extractable: true });
    const kid = randomUUID();
    const activateAt =
      state === 'active'
        ? now
        : new Date(Math.max(now.getTime() + prePublicationMs(this.policy), notBefore?.getTime() ?? 0));
    const key = em.create(SigningKey, {
      kid,
      algorithm: signingAlgorithm,
      publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg: signingAlgorithm, use: 'sig' },
      privateKeySealed: this.seal(await exportJWK(pair.privateKey)),
      state,
      createdAt: now,
      activateAt,
    });
    await em.flush();
    return key;
  }

  private seal(jwk: JWK): string {
    return this.protector.seal('signingKey', JSON.stringify(jwk));
  }

  /** Moves a key by its lifecycle's table, and by nothing else. */
  private move(key: SigningKey, event: SigningKeyEvent): void {
    const transition = signingKeyTransitions.find((t) => t.from === key.state && t.event === event);
    if (!transition) throw new Error(`signing key ${key.kid}: no ${event} from ${key.state}`);
    key.state = transition.to as SigningKeyState;
  }
}
