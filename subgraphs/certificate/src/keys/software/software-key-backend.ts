import type { EntityManager } from '@mikro-orm/postgresql';
import type { KeyAlgorithm } from '../key-algorithm';
import type { KeyBackend, KeyReference } from '../key-backend';
import { generatePrivateKey, type PrivateKey, privateKeyFromPkcs8 } from '../private-key';
import { KeySealer } from './key-sealer';
import { SealedKey } from './sealed-key.entity';

export interface SoftwareKeyBackendOptions {
  em: EntityManager;
  /** 32 bytes; private keys are stored sealed under it and never in the clear. */
  keyEncryptionKey: Buffer;
  /** Keys `keyEncryptionKey` replaced: they still open the keys they sealed, during a rotation. */
  previousKeyEncryptionKeys?: Buffer[];
}

/** Keys in this process (`PrivateKey`: every algorithm), stored sealed in the subgraph's database: the embedded default. */
export class SoftwareKeyBackend implements KeyBackend {
  readonly kind = 'software';
  private readonly sealer: KeySealer;
  /** Opened keys, so signing does not decrypt on every call. */
  private readonly opened = new Map<string, PrivateKey>();

  constructor(private readonly options: SoftwareKeyBackendOptions) {
    this.sealer = new KeySealer(options.keyEncryptionKey, options.previousKeyEncryptionKeys);
  }

  /** Every algorithm: the software backend signs them all. */
  supports(_algorithm: KeyAlgorithm): true {
    return true;
  }

  async generateKey(key: KeyReference): Promise<void> {
    await this.store(key, generatePrivateKey(key.algorithm));
  }

  async importKey(key: KeyReference, pkcs8: Buffer): Promise<void> {
    const privateKey = privateKeyFromPkcs8(pkcs8);
    if (privateKey?.algorithm !== key.algorithm) throw new TypeError(`the imported key is not ${key.algorithm}`);
    await this.store(key, privateKey);
  }

  async exportKey(key: KeyReference): Promise<Buffer> {
    return (await this.privateKey(key)).pkcs8();
  }

  async hasKey(label: string): Promise<boolean> {
    return (await this.options.em.fork().count(SealedKey, { label })) > 0;
  }

  async publicKey(key: KeyReference): Promise<Buffer> {
    return (await this.privateKey(key)).spki();
  }

  async sign(key: KeyReference, data: Buffer): Promise<Buffer> {
    return (await this.privateKey(key)).sign(data);
  }

  async close(): Promise<void> {
    this.opened.clear();
  }

  private async store(key: KeyReference, privateKey: PrivateKey): Promise<void> {
    const em = this.options.em.fork();
    if (await em.count(SealedKey, { label: key.label })) throw new Error(`key ${key.label} already exists`);
    const pkcs8 = privateKey.pkcs8();
    em.create(SealedKey, { label: key.label, algorithm: key.algorithm, ...this.sealer.seal(key.label, pkcs8) });
    await em.flush();
    this.opened.set(key.label, privateKey);
  }

  private async privateKey(key: KeyReference): Promise<PrivateKey> {
    const cached = this.opened.get(key.label);
    if (cached) return cached;
    const sealed = await this.options.em.fork().findOne(SealedKey, { label: key.label });
    if (!sealed || sealed.algorithm !== key.algorithm) throw new Error(`no ${key.algorithm} key ${key.label}`);
    const privateKey = privateKeyFromPkcs8(this.sealer.open(key.label, sealed));
    if (privateKey?.algorithm !== key.algorithm) throw new Error(`no ${key.algorithm} key ${key.label}`);
    this.opened.set(key.label, privateKey);
    return privateKey;
  }
}
