import { createECDH, createHash, createPrivateKey, createPublicKey, diffieHellman, type ECDH } from 'node:crypto';

/**
 * SM2 signature verification (GM/T 0003.2 §7) on OpenSSL's elliptic-curve arithmetic, for the one hot path SM2
 * has here: every SM2 CSR and certificate Tessera reads is verified once.
 *
 * Why not a library: Node's crypto verifies SM2 only with an empty distinguishing identifier (it cannot be set),
 * and sm-crypto-v2 (@noble/curves) multiplies the signer's point in JavaScript, ~3.7 ms a verification on this
 * machine against ~0.8 ms here. What OpenSSL does offer on the SM2 curve is a multiplication of the base point
 * (`ECDH.setPrivateKey`) and, for keys of type EC, Diffie–Hellman: the x-coordinate of a scalar times any point.
 *
 * The check is the standard's: with t = (r + s) mod n, accept iff (e + x(s·G + t·P)) mod n = r. Since
 * s·G + t·P = t·(u·G + P) for u = s·t⁻¹ mod n, it takes u·G from OpenSSL, W = u·G + P by one affine addition,
 * and x(t·W) by Diffie–Hellman with the scalar t. The result is the same point, not one of two candidates: no
 * signature is accepted that the standard's algorithm refuses. OpenSSL reads the SM2 curve by name as key type
 * SM2, for which it refuses Diffie–Hellman; the Diffie–Hellman keys therefore carry the curve's parameters
 * explicitly with 2·G as their base point, which OpenSSL does not match to the named curve. Diffie–Hellman never
 * uses the base point, so the product is that of the SM2 curve. `sm2-verification.test.ts` holds it to
 * sm-crypto-v2 and OpenSSL on valid, altered and degenerate signatures.
 */

const p = 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn;
const a = p - 3n;
const b = 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n;
const n = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const gx = 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n;
const gy = 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n;

type Point = readonly [bigint, bigint];

function mod(value: bigint, modulus: bigint): bigint {
  const rest = value % modulus;
  return rest < 0n ? rest + modulus : rest;
}

/** value⁻¹ mod a prime modulus, by the extended Euclidean algorithm; value must not be 0 mod modulus. */
function inverse(value: bigint, modulus: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(value, modulus), modulus, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, modulus);
}

function isOnCurve([x, y]: Point): boolean {
  return x < p && y < p && mod(y * y - (x * x * x + a * x + b), p) === 0n;
}

/** P + Q in affine coordinates; null for the point at infinity. */
function add([x1, y1]: Point, [x2, y2]: Point): Point | null {
  let slope: bigint;
  if (x1 === x2) {
    if (mod(y1 + y2, p) === 0n) return null;
    slope = mod((3n * x1 * x1 + a) * inverse(2n * y1, p), p);
  } else {
    slope = mod((y2 - y1) * inverse(x2 - x1, p), p);
  }
  const x3 = mod(slope * slope - x1 - x2, p);
  return [x3, mod(slope * (x1 - x3) - y1, p)];
}

function bytes32(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
}

function bigint(bytes: Buffer): bigint {
  return BigInt(`0x${bytes.toString('hex') || '0'}`);
}

function uncompressed([x, y]: Point): Buffer {
  return Buffer.concat([Buffer.from([4]), bytes32(x), bytes32(y)]);
}

/** Whether `encoded` is an uncompressed point `04 ‖ x ‖ y` on the SM2 curve (never the point at infinity). */
export function isSm2Point(encoded: Buffer): boolean {
  return pointOf(encoded) !== undefined;
}

function pointOf(encoded: Buffer): Point | undefined {
  if (encoded.length !== 65 || encoded[0] !== 4) return undefined;
  const point: Point = [bigint(encoded.subarray(1, 33)), bigint(encoded.subarray(33))];
  return isOnCurve(point) ? point : undefined;
}

function der(tag: number, body: Buffer): Buffer {
  const length = body.length;
  const size =
    length < 0x80
      ? Buffer.from([length])
      : length < 0x100
        ? Buffer.from([0x81, length])
        : Buffer.from([0x82, length >> 8, length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), size, body]);
}

function integer(value: bigint): Buffer {
  const hex = value.toString(16);
  const magnitude = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return der(0x02, (magnitude[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), magnitude]) : magnitude);
}

const idEcPublicKey = Buffer.from('06072a8648ce3d0201', 'hex');
const primeField = Buffer.from('06072a8648ce3d0101', 'hex');
const doubledBase = add([gx, gy], [gx, gy]) as Point;

/** SEC 1 `ECParameters` of the SM2 curve with base point 2·G (see above), as `id-ecPublicKey` parameters. */
const explicitAlgorithm = der(
  0x30,
  Buffer.concat([
    idEcPublicKey,
    der(
      0x30,
      Buffer.concat([
        integer(1n),
        der(0x30, Buffer.concat([primeField, integer(p)])),
        der(0x30, Buffer.concat([der(0x04, bytes32(a)), der(0x04, bytes32(b))])),
        der(0x04, uncompressed(doubledBase)),
        integer(n),
        integer(1n),
      ]),
    ),
  ]),
);

/** BIT STRING of a point, as SubjectPublicKeyInfo and ECPrivateKey carry it. */
function pointBits(point: Point): Buffer {
  return der(0x03, Buffer.concat([Buffer.from([0]), uncompressed(point)]));
}

/**
 * A PKCS#8 key holding `scalar` on the explicit curve. Its public key field is filled with the base point: the key
 * only ever serves as the scalar of one Diffie–Hellman product, and without the field OpenSSL would spend a
 * multiplication computing it.
 */
function scalarKey(scalar: bigint): Buffer {
  const ecPrivateKey = der(
    0x30,
    Buffer.concat([integer(1n), der(0x04, bytes32(scalar)), der(0xa1, pointBits(doubledBase))]),
  );
  return der(0x30, Buffer.concat([integer(0n), explicitAlgorithm, der(0x04, ecPrivateKey)]));
}

function pointKey(point: Point): Buffer {
  return der(0x30, Buffer.concat([explicitAlgorithm, pointBits(point)]));
}

/** x(scalar · point) on the SM2 curve; scalar in [1, n − 1], point on the curve. */
function xOfProduct(scalar: bigint, point: Point): bigint {
  const secret = diffieHellman({
    privateKey: createPrivateKey({ key: scalarKey(scalar), format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: pointKey(point), format: 'der', type: 'spki' }),
  });
  return bigint(secret);
}

let baseMultiplier: ECDH | undefined;

/** scalar · G on the SM2 curve; scalar in [1, n − 1]. */
function baseProduct(scalar: bigint): Point {
  baseMultiplier ??= createECDH('SM2');
  baseMultiplier.setPrivateKey(bytes32(scalar));
  return pointOf(baseMultiplier.getPublicKey()) as Point;
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) of GM/T 0003.2 §5.5 for the signer's point and identifier. */
const curveBytes = Buffer.concat([a, b, gx, gy].map(bytes32));

function zValue(publicKey: Buffer, distinguishingId: string): Buffer {
  const id = Buffer.from(distinguishingId, 'utf8');
  const bits = id.length * 8;
  return createHash('sm3')
    .update(Buffer.from([bits >> 8, bits & 0xff]))
    .update(id)
    .update(curveBytes)
    .update(publicKey.subarray(1))
    .digest();
}

/**
 * Whether (r, s) is an SM2 signature of `data` by the uncompressed point `publicKey` with `distinguishingId`
 * (e = SM3(Z ‖ data)). False for r or s outside [1, n − 1], a point not on the curve, and every degenerate case
 * the standard refuses.
 */
export function sm2VerifyNative(
  publicKey: Buffer,
  data: Buffer,
  r: bigint,
  s: bigint,
  distinguishingId: string,
): boolean {
  if (r < 1n || r >= n || s < 1n || s >= n) return false;
  const t = (r + s) % n;
  if (t === 0n) return false;
  const signer = pointOf(publicKey);
  if (!signer) return false;
  const e = bigint(createHash('sm3').update(zValue(publicKey, distinguishingId)).update(data).digest());
  const u = (s * inverse(t, n)) % n;
  const w = add(baseProduct(u), signer);
  if (!w) return false;
  return (e + xOfProduct(t, w)) % n === r;
}
