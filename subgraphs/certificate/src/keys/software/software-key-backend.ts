import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { algorithmOfKey, algorithmTraits } from '../key-algorithm';
import type { KeyBackend, KeyReference } from '../key-backend';
import { KeySealer } from './key-sealer';
import { SealedKey } from './sealed-key.entity';

export interface SoftwareKeyBackendOptions {
  em: EntityManager;
  /** 32 bytes; private keys are stored sealed under it and never in the clear. */
  keyEncryptionKey: Buffer;
  /** Keys `keyEncryptionKey` replaced: they still open the keys they sealed, during a rotation. */
  previousKeyEncryptionKeys?: Buffer[];
}

/** Keys in Node crypto, stored sealed in the subgraph's database: the embedded default. */
export class SoftwareKeyBackend implements KeyBackend {
  readonly kind = 'software';
  private readonly sealer: KeySealer;
  /** Opened keys, so signing does not decrypt on every call. */
  private readonly opened = new Map<string, KeyObject>();

  constructor(private readonly options: SoftwareKeyBackendOptions) {
    this.sealer = new KeySealer(options.keyEncryptionKey, options.previousKeyEncryptionKeys);
  }

  async generateKey(key: KeyReference): Promise<void> {
    const traits = algorithmTraits[key.algorithm];
    const { privateKey } =
      traits.family === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: traits.namedCurve ?? 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: traits.modulusLength ?? 2048 });
    await this.store(key, privateKey);
  }

  async importKey(key: KeyReference, pkcs8: Buffer): Promise<void> {
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    if (algorithmOfKey(privateKey) !== key.algorithm) {
      throw new TypeError(`the imported key is not ${key.algorithm}`);
    }
    await this.store(key, privateKey);
  }

  async exportKey(key: KeyReference): Promise<Buffer> {
    return (await this.privateKey(key)).export({ type: 'pkcs8', format: 'der' });
  }

  async hasKey(label: string): Promise<boolean> {
    return (await this.options.em.fork().count(SealedKey, { label })) > 0;
  }

  async publicKey(key: KeyReference): Promise<Buffer> {
    return createPublicKey(await this.privateKey(key)).export({ type: 'spki', format: 'der' });
  }

  async sign(key: KeyReference, data: Buffer): Promise<Buffer> {
    const privateKey = await this.privateKey(key);
    return sign(algorithmTraits[key.algorithm].hash, data, { key: privateKey, dsaEncoding: 'der' });
  }

  async close(): Promise<void> {
    this.opened.clear();
  }

  private async store(key: KeyReference, privateKey: KeyObject): Promise<void> {
    const em = this.options.em.fork();
    if (await em.count(SealedKey, { label: key.label })) throw new Error(`key ${key.label} already exists`);
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    em.create(SealedKey, { label: key.label, algorithm: key.algorithm, ...this.sealer.seal(key.label, pkcs8) });
    await em.flush();
    this.opened.set(key.label, privateKey);
  }

  private async privateKey(key: KeyReference): Promise<KeyObject> {
    const cached = this.opened.get(key.label);
    if (cached) return cached;
    const sealed = await this.options.em.fork().findOne(SealedKey, { label: key.label });
    if (!sealed || sealed.algorithm !== key.algorithm) throw new Error(`no ${key.algorithm} key ${key.label}`);
    const privateKey = createPrivateKey({
      key: this.sealer.open(key.label, sealed),
      format: 'der',
      type: 'pkcs8',
    });
    this.opened.set(key.label, privateKey);
    return privateKey;
  }
}
