import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, randomBytes } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { rawEcdsaToDer } from '../ecdsa-signature';
import { algorithmOfKey, algorithmTraits, type KeyAlgorithm, type KeyFamily } from '../key-algorithm';
import { type KeyBackend, type KeyReference, UnsupportedKeyAlgorithmError } from '../key-backend';
import type { KeyEncryption } from '../key-encryption';
import { pkcs11Module } from './pkcs11-module';
import { SessionPool } from './session-pool';

export interface Pkcs11KeyBackendOptions {
  /** Path of the PKCS#11 module, e.g. `/usr/lib/softhsm/libsofthsm2.so`. */
  modulePath: string;
  tokenLabel: string;
  pin: string;
  /** Sessions signing in parallel. */
  sessions?: number;
}

/** DER `ECParameters` (namedCurve OIDs) for CKA_EC_PARAMS. */
const curveParameters: Record<'P-256' | 'P-384', Buffer> = {
  'P-256': Buffer.from('06082a8648ce3d030107', 'hex'),
  'P-384': Buffer.from('06052b81040022', 'hex'),
};

/** DigestInfo prefixes (RFC 8017 §9.2): CKM_RSA_PKCS signs DigestInfo, not a bare hash. */
type RsaHash = 'sha256' | 'sha384';
const digestInfoPrefix: Record<RsaHash, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
};

/** The mechanisms a token must offer for keys of a family: key-pair generation and the signature. */
const mechanisms: Record<Exclude<KeyFamily, 'sm2'>, { code: number; name: string }[]> = {
  ec: [
    { code: pkcs11js.CKM_EC_KEY_PAIR_GEN, name: 'CKM_EC_KEY_PAIR_GEN' },
    { code: pkcs11js.CKM_ECDSA, name: 'CKM_ECDSA' },
  ],
  rsa: [
    { code: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN, name: 'CKM_RSA_PKCS_KEY_PAIR_GEN' },
    { code: pkcs11js.CKM_RSA_PKCS, name: 'CKM_RSA_PKCS' },
  ],
};

/**
 * Keys on a PKCS#11 token (SoftHSM2 in tests, any HSM in production). Tokens such as SoftHSM lack
 * the combined hash-and-sign mechanisms, so data is hashed in Node and the token signs the
 * digest with CKM_ECDSA or CKM_RSA_PKCS. SM2 has no mechanism in PKCS#11 (only vendor-defined ones, numbered
 * differently by each vendor; SoftHSM has none), so this backend refuses SM2 keys: they live in the software backend.
 */
export class Pkcs11KeyBackend implements KeyBackend {
  readonly kind = 'pkcs11';
  private readonly module: pkcs11js.PKCS11;
  private readonly pool: SessionPool;
  private readonly privateHandles = new Map<string, pkcs11js.Handle>();
  /** What the token offers, asked once: tokens do not gain mechanisms while in use. */
  private readonly offered: Set<number>;

  constructor(private readonly options: Pkcs11KeyBackendOptions) {
    this.module = pkcs11Module(options.modulePath);
    const slot = this.module.C_GetSlotList(true).find((candidate) => this.tokenLabel(candidate) === options.tokenLabel);
    if (!slot) throw new Error(`no PKCS#11 token labelled ${options.tokenLabel}`);
    this.offered = new Set(this.module.C_GetMechanismList(slot));
    this.pool = new SessionPool(this.module, slot, options.pin, options.sessions ?? 4);
  }

  supports(algorithm: KeyAlgorithm): true | UnsupportedKeyAlgorithmError {
    const { family } = algorithmTraits[algorithm];
    const token = `token ${this.options.tokenLabel}`;
    if (family === 'sm2') {
      return new UnsupportedKeyAlgorithmError(
        'pkcs11',
        algorithm,
        'SM2 mechanism for key-pair generation and SM3withSM2 signatures',
        `PKCS#11 standardises none and Tessera drives no vendor's (CKM_SM2_KEY_PAIR_GEN, CKM_SM3_SM2...), whatever ${token} offers: SM2 keys need the software backend`,
      );
    }
    const missing = mechanisms[family].filter((mechanism) => !this.offered.has(mechanism.code));
    if (missing.length === 0) return true;
    return new UnsupportedKeyAlgorithmError(
      'pkcs11',
      algorithm,
      missing.map((mechanism) => mechanism.name).join(' or '),
      `${token} does not offer it`,
    );
  }

  async generateKey(key: KeyReference): Promise<void> {
    this.requireSupport(key.algorithm);
    await this.refuseExisting(key.label);
    const traits = algorithmTraits[key.algorithm];
    const common = [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: key.label },
      { type: pkcs11js.CKA_ID, value: keyId(key.label) },
    ];
    const privateTemplate = [
      ...common,
      { type: pkcs11js.CKA_PRIVATE, value: true },
      { type: pkcs11js.CKA_SENSITIVE, value: true },
      { type: pkcs11js.CKA_EXTRACTABLE, value: false },
      { type: pkcs11js.CKA_SIGN, value: true },
    ];
    await this.pool.use((session) => {
      if (traits.family === 'ec') {
        this.module.C_GenerateKeyPair(
          session,
          { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
          [
            ...common,
            { type: pkcs11js.CKA_VERIFY, value: true },
            { type: pkcs11js.CKA_EC_PARAMS, value: curveParameters[traits.namedCurve ?? 'P-256'] },
          ],
          privateTemplate,
        );
      } else {
        this.module.C_GenerateKeyPair(
          session,
          { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
          [
            ...common,
            { type: pkcs11js.CKA_VERIFY, value: true },
            { type: pkcs11js.CKA_MODULUS_BITS, value: traits.modulusLength ?? 2048 },
            { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
          ],
          privateTemplate,
        );
      }
    });
  }

  async importKey(key: KeyReference, pkcs8: Buffer): Promise<void> {
    this.requireSupport(key.algorithm);
    await this.refuseExisting(key.label);
    const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    if (algorithmOfKey(privateKey) !== key.algorithm) throw new TypeError(`the imported key is not ${key.algorithm}`);
    const jwk = privateKey.export({ format: 'jwk' });
    const common = [
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_LABEL, value: key.label },
      { type: pkcs11js.CKA_ID, value: keyId(key.label) },
    ];
    const traits = algorithmTraits[key.algorithm];
    const [publicAttributes, privateAttributes] =
      traits.family === 'ec' ? ecAttributes(jwk, traits.namedCurve ?? 'P-256') : rsaAttributes(jwk);
    await this.pool.use((session) => {
      this.module.C_CreateObject(session, [
        ...common,
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
        { type: pkcs11js.CKA_VERIFY, value: true },
        ...publicAttributes,
      ]);
      this.module.C_CreateObject(session, [
        ...common,
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_SIGN, value: true },
        ...privateAttributes,
      ]);
    });
  }

  async hasKey(label: string): Promise<boolean> {
    return this.pool.use((session) => this.find(session, pkcs11js.CKO_PRIVATE_KEY, label) !== undefined);
  }

  async publicKey(key: KeyReference): Promise<Buffer> {
    this.requireSupport(key.algorithm);
    const traits = algorithmTraits[key.algorithm];
    return this.pool.use((session) => {
      const handle = this.find(session, pkcs11js.CKO_PUBLIC_KEY, key.label);
      if (handle === undefined) throw new Error(`no public key ${key.label} on the token`);
      if (traits.family === 'ec') {
        const [point] = this.module.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_EC_POINT }]);
        return ecPublicKey(unwrapOctetString(point?.value as Buffer), traits.namedCurve ?? 'P-256');
      }
      const [modulus, exponent] = this.module.C_GetAttributeValue(session, handle, [
        { type: pkcs11js.CKA_MODULUS },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT },
      ]);
      return createPublicKey({
        key: { kty: 'RSA', n: base64url(modulus?.value as Buffer), e: base64url(exponent?.value as Buffer) },
        format: 'jwk',
      }).export({ type: 'spki', format: 'der' });
    });
  }

  async sign(key: KeyReference, data: Buffer): Promise<Buffer> {
    this.requireSupport(key.algorithm);
    const traits = algorithmTraits[key.algorithm];
    const digest = createHash(traits.hash).update(data).digest();
    return this.pool.use(async (session) => {
      const handle = this.privateHandle(session, key.label);
      if (traits.family === 'ec') {
        this.module.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, handle);
        const raw = await this.module.C_SignAsync(session, digest, Buffer.alloc(2 * fieldBytes(key.algorithm)));
        return rawEcdsaToDer(raw);
      }
      this.module.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, handle);
      // RSA keys hash with SHA-2 only (SM3 is SM2's, refused above).
      const input = Buffer.concat([digestInfoPrefix[traits.hash as RsaHash], digest]);
      return this.module.C_SignAsync(session, input, Buffer.alloc((traits.modulusLength ?? 2048) / 8));
    });
  }

  /**
   * An AES-256 secret key on the token (sensitive, never extractable) that seals with CKM_AES_GCM:
   * the KMC's escrowed keys are opened by the HSM or not at all.
   */
  keyEncryption(label: string): KeyEncryption {
    let handle: Promise<pkcs11js.Handle> | undefined;
    const secretKey = () => {
      handle ??= this.secretKey(label).catch((error: unknown) => {
        handle = undefined;
        throw error;
      });
      return handle;
    };
    const gcm = (iv: Buffer, aad: string) => ({
      mechanism: pkcs11js.CKM_AES_GCM,
      parameter: { type: pkcs11js.CK_PARAMS_AES_GCM, iv, ivBits: iv.length * 8, aad: Buffer.from(aad), tagBits: 128 },
    });
    return {
      seal: async (aad, plaintext) => {
        const key = await secretKey();
        const iv = randomBytes(12);
        const sealed = await this.pool.use((session) => {
          this.module.C_EncryptInit(session, gcm(iv, aad), key);
          return this.module.C_EncryptAsync(session, plaintext, Buffer.alloc(plaintext.length + gcmTagBytes));
        });
        const split = sealed.length - gcmTagBytes;
        return { iv, ciphertext: sealed.subarray(0, split), tag: sealed.subarray(split) };
      },
      open: async (aad, { iv, tag, ciphertext }) => {
        const key = await secretKey();
        return this.pool.use((session) => {
          this.module.C_DecryptInit(session, gcm(iv, aad), key);
          // Room for the whole input: a token may want it before it knows the tag checks out, and a
          // buffer too small would leave the operation active on the session.
          const sealed = Buffer.concat([ciphertext, tag]);
          return this.module.C_DecryptAsync(session, sealed, Buffer.alloc(sealed.length));
        });
      },
    };
  }

  async close(): Promise<void> {
    this.pool.close();
    this.privateHandles.clear();
  }

  /** The secret key under `label`, generated on the token the first time. */
  private secretKey(label: string): Promise<pkcs11js.Handle> {
    return this.pool.use((session) => {
      const existing = this.find(session, pkcs11js.CKO_SECRET_KEY, label);
      if (existing !== undefined) return existing;
      return this.module.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_ENCRYPT, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_ID, value: keyId(label) },
      ]);
    });
  }

  /** A token removed since the library listed it answers with an error: it is simply not ours. */
  private tokenLabel(slot: pkcs11js.Handle): string | undefined {
    try {
      return this.module.C_GetTokenInfo(slot).label.trim();
    } catch {
      return undefined;
    }
  }

  private requireSupport(algorithm: KeyAlgorithm): void {
    const support = this.supports(algorithm);
    if (support !== true) throw support;
  }

  private async refuseExisting(label: string): Promise<void> {
    if (await this.hasKey(label)) throw new Error(`key ${label} already exists`);
  }

  /** Object handles are valid for the whole application, so a key is searched for once. */
  private privateHandle(session: pkcs11js.Handle, label: string): pkcs11js.Handle {
    const cached = this.privateHandles.get(label);
    if (cached) return cached;
    const handle = this.find(session, pkcs11js.CKO_PRIVATE_KEY, label);
    if (handle === undefined) throw new Error(`no private key ${label} on the token`);
    this.privateHandles.set(label, handle);
    return handle;
  }

  private find(session: pkcs11js.Handle, objectClass: number, label: string): pkcs11js.Handle | undefined {
    this.module.C_FindObjectsInit(session, [
      { type: pkcs11js.CKA_CLASS, value: objectClass },
      { type: pkcs11js.CKA_LABEL, value: label },
    ]);
    try {
      return this.module.C_FindObjects(session) ?? undefined;
    } finally {
      this.module.C_FindObjectsFinal(session);
    }
  }
}

const gcmTagBytes = 16;

function keyId(label: string): Buffer {
  return createHash('sha1').update(label).digest();
}

function fieldBytes(algorithm: KeyAlgorithm): number {
  return algorithm === 'P-384' ? 48 : 32;
}

function base64url(value: Buffer): string {
  return value.toString('base64url');
}

function fromBase64url(value: string | undefined): Buffer {
  return Buffer.from(value ?? '', 'base64url');
}

/** CKA_EC_POINT holds the point wrapped in a DER OCTET STRING (SoftHSM and most HSMs). */
function unwrapOctetString(value: Buffer): Buffer {
  if (value[0] === 0x04 && value[1] === value.length - 2) return value.subarray(2);
  if (value[0] === 0x04 && value[1] === 0x81 && value[2] === value.length - 3) return value.subarray(3);
  return value;
}

function ecPublicKey(point: Buffer, curve: 'P-256' | 'P-384'): Buffer {
  const size = (point.length - 1) / 2;
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: curve,
      x: base64url(point.subarray(1, 1 + size)),
      y: base64url(point.subarray(1 + size)),
    },
    format: 'jwk',
  }).export({ type: 'spki', format: 'der' });
}

function ecAttributes(jwk: JsonWebKey, curve: 'P-256' | 'P-384'): [pkcs11js.Template, pkcs11js.Template] {
  const point = Buffer.concat([Buffer.from([4]), fromBase64url(jwk.x), fromBase64url(jwk.y)]);
  const params = { type: pkcs11js.CKA_EC_PARAMS, value: curveParameters[curve] };
  return [
    [
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
      params,
      { type: pkcs11js.CKA_EC_POINT, value: Buffer.concat([Buffer.from([4, point.length]), point]) },
    ],
    [
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_EC },
      params,
      { type: pkcs11js.CKA_VALUE, value: fromBase64url(jwk.d) },
    ],
  ];
}

function rsaAttributes(jwk: JsonWebKey): [pkcs11js.Template, pkcs11js.Template] {
  const publicPart = [
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA },
    { type: pkcs11js.CKA_MODULUS, value: fromBase64url(jwk.n) },
    { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: fromBase64url(jwk.e) },
  ];
  return [
    publicPart,
    [
      ...publicPart,
      { type: pkcs11js.CKA_PRIVATE_EXPONENT, value: fromBase64url(jwk.d) },
      { type: pkcs11js.CKA_PRIME_1, value: fromBase64url(jwk.p) },
      { type: pkcs11js.CKA_PRIME_2, value: fromBase64url(jwk.q) },
      { type: pkcs11js.CKA_EXPONENT_1, value: fromBase64url(jwk.dp) },
      { type: pkcs11js.CKA_EXPONENT_2, value: fromBase64url(jwk.dq) },
      { type: pkcs11js.CKA_COEFFICIENT, value: fromBase64url(jwk.qi) },
    ],
  ];
}
