import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { PrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { sm2 } from 'sm-crypto-v2';
import { childrenOf, contents, readWhole } from '../../authority/der-reader';
import { isSm2Point } from './sm2-verification';

/** The SM2 curve (GM/T 0006 `sm2p256v1`) and id-ecPublicKey, under which SM2 keys travel (GM/T 0010, RFC 8998). */
const sm2CurveOid = '1.2.156.10197.1.301';
const ecPublicKeyOid = '1.2.840.10045.2.1';
/** The SubjectPublicKeyInfo's AlgorithmIdentifier of an SM2 key as DER, as OpenSSL writes it. */
const sm2KeyAlgorithm = Buffer.from('301306072a8648ce3d020106082a811ccf5501822d', 'hex');
/** The order n of the curve's base point (GM/T 0003.5). */
export const sm2Order = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/** An SM2 private key: the scalar d and the public point d·G, both hex as sm-crypto-v2 takes them. */
export interface Sm2KeyPair {
  /** 32 bytes, hex. */
  d: string;
  /** The uncompressed point `04 || x || y`, hex. */
  publicKey: string;
}

export function generateSm2Key(): Sm2KeyPair {
  const { privateKey, publicKey } = sm2.generateKeyPairHex();
  return { d: privateKey.padStart(64, '0'), publicKey };
}

/**
 * The key of a PKCS#8 `PrivateKeyInfo` as OpenSSL writes it (`openssl genpkey -algorithm SM2`: id-ecPublicKey with
 * the SM2 curve, an ECPrivateKey inside), or undefined when the PKCS#8 holds no SM2 key. Throws on an SM2 key whose
 * scalar is out of range or whose embedded public key is not its own.
 */
export function sm2KeyFromPkcs8(pkcs8: Buffer): Sm2KeyPair | undefined {
  let info: PrivateKeyInfo;
  let inner: ECPrivateKey;
  try {
    info = AsnConvert.parse(pkcs8, PrivateKeyInfo);
    if (info.privateKeyAlgorithm.algorithm !== ecPublicKeyOid) return undefined;
    inner = AsnConvert.parse(info.privateKey.buffer, ECPrivateKey);
  } catch {
    return undefined;
  }
  const parameters = info.privateKeyAlgorithm.parameters;
  const curve = parameters ? AsnConvert.parse(parameters, ECParameters).namedCurve : inner.parameters?.namedCurve;
  if (curve !== sm2CurveOid) return undefined;
  const scalar = BigInt(`0x${Buffer.from(inner.privateKey.buffer).toString('hex') || '0'}`);
  // d = n − 1 has no (1 + d)⁻¹, which SM2 signing needs (GM/T 0003.1).
  if (scalar < 1n || scalar > sm2Order - 2n) throw new RangeError('the SM2 private key is out of range');
  const d = scalar.toString(16).padStart(64, '0');
  const publicKey = sm2.getPublicKeyFromPrivateKey(d);
  if (inner.publicKey && !Buffer.from(inner.publicKey).equals(Buffer.from(publicKey, 'hex'))) {
    throw new RangeError('the public key in the SM2 PKCS#8 is not that of its private key');
  }
  return { d, publicKey };
}

/** PKCS#8 DER exactly as OpenSSL 3 writes an SM2 key (so `openssl pkey` and GmSSL read it back). */
export function sm2Pkcs8(key: Sm2KeyPair): Buffer {
  const ecPrivateKey = new ECPrivateKey({
    version: 1,
    privateKey: new OctetString(Buffer.from(key.d, 'hex')),
    publicKey: new Uint8Array(Buffer.from(key.publicKey, 'hex')).buffer,
  });
  const info = new PrivateKeyInfo({
    privateKeyAlgorithm: new AlgorithmIdentifier({
      algorithm: ecPublicKeyOid,
      parameters: AsnConvert.serialize(new ECParameters({ namedCurve: sm2CurveOid })),
    }),
  });
  info.privateKey.buffer = AsnConvert.serialize(ecPrivateKey);
  return Buffer.from(AsnConvert.serialize(info));
}

/** SubjectPublicKeyInfo DER of an SM2 public point. */
export function sm2Spki(publicKey: string): Buffer {
  const point = Buffer.from(publicKey, 'hex');
  const bits = Buffer.concat([Buffer.from([0x03, point.length + 1, 0]), point]);
  const body = Buffer.concat([sm2KeyAlgorithm, bits]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** Whether SubjectPublicKeyInfo DER names the SM2 curve (whatever its point). */
function isSm2Spki(spki: Buffer): boolean {
  return (
    spki.length > 2 + sm2KeyAlgorithm.length && spki.subarray(2, 2 + sm2KeyAlgorithm.length).equals(sm2KeyAlgorithm)
  );
}

/**
 * The public point (hex, uncompressed) of an SM2 SubjectPublicKeyInfo, checked to be on the curve;
 * undefined for any other key. Throws on an SM2 key whose point is not valid.
 */
export function sm2PublicKeyOfSpki(spki: Buffer): string | undefined {
  if (!isSm2Spki(spki)) return undefined;
  const [, bits] = childrenOf(spki, readWhole(spki));
  const point = bits?.tag === 0x03 && spki[bits.contentStart] === 0 ? contents(spki, bits).subarray(1) : undefined;
  if (!point || !isSm2Point(point))
    throw new RangeError('the SM2 public key is not an uncompressed point on the curve');
  return point.toString('hex');
}
