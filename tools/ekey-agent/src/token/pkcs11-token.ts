import { verify, X509Certificate } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { AgentError } from '../errors';
import type { PinAttempt, TokenCertificate, TokenStatus } from '../protocol';
import { PinAttempts } from './pin-attempts';
import { describeKey, type SignatureScheme, schemeFor } from './signature-schemes';

export interface Signed {
  signature: Buffer;
  scheme: SignatureScheme;
  certificate: Buffer;
  pinAttempt: PinAttempt;
}

interface Token {
  slot: pkcs11js.Handle;
  info: pkcs11js.TokenInfo;
  serialNumber: string;
}

/** PKCS#11 return values that mean the PIN was checked and was wrong. */
const wrongPin = new Set([pkcs11js.CKR_PIN_INCORRECT, pkcs11js.CKR_PIN_INVALID, pkcs11js.CKR_PIN_LEN_RANGE]);
/** PKCS#11 return values that mean the token went away. */
const gone = new Set([
  pkcs11js.CKR_TOKEN_NOT_PRESENT,
  pkcs11js.CKR_DEVICE_REMOVED,
  pkcs11js.CKR_SLOT_ID_INVALID,
  pkcs11js.CKR_SESSION_HANDLE_INVALID,
]);

/**
 * The EKey as the agent sees it through the vendor's PKCS#11 module: its status, its certificates (public
 * objects, read without a PIN), and signing, which logs in with the PIN for one signature and logs out.
 * One operation at a time: PKCS#11 login state belongs to the whole application, so a second request
 * must never sign on the strength of a first request's PIN.
 */
export class Pkcs11Token {
  private readonly module: pkcs11js.PKCS11;
  private readonly attempts = new PinAttempts();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    modulePath: string,
    private readonly tokenLabel?: string,
  ) {
    this.module = new pkcs11js.PKCS11();
    try {
      this.module.load(modulePath);
      // OS locking: without it, concurrent calls into some modules crash the process.
      this.module.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    } catch (error) {
      throw new Error(`cannot load the PKCS#11 module ${modulePath} (EKEY_AGENT_PKCS11_MODULE): ${String(error)}`);
    }
  }

  status(): Promise<TokenStatus> {
    return this.exclusive(() => {
      const token = this.find();
      if (!token) return { present: false };
      return {
        present: true,
        label: token.info.label.trim(),
        serialNumber: token.serialNumber,
        manufacturer: token.info.manufacturerID.trim(),
        model: token.info.model.trim(),
        pinLocked: this.isLocked(token),
        remainingAttempts: this.attempts.remaining(token.serialNumber),
      };
    });
  }

  certificates(): Promise<TokenCertificate[]> {
    return this.exclusive(() => {
      const token = this.require();
      return this.inSession(token, (session) =>
        this.findAll(session, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
        ]).flatMap((handle) => {
          const [id, label, value] = this.module
            .C_GetAttributeValue(session, handle, [
              { type: pkcs11js.CKA_ID },
              { type: pkcs11js.CKA_LABEL },
              { type: pkcs11js.CKA_VALUE },
            ])
            .map((attribute) => attribute.value as Buffer);
          // Without a key id a certificate cannot name its private key: there is nothing to sign with.
          if (!id?.length || !value) return [];
          const described = describeCertificate(id, label?.toString('utf8') ?? '', value);
          return described ? [described] : [];
        }),
      );
    });
  }

  /** Logs in with `pin`, signs `data` with the private key of the certificate `certificateId`, logs out. */
  sign(certificateId: Buffer, data: Buffer, pin: string): Promise<Signed> {
    return this.exclusive(() => {
      const token = this.require();
      const ekeySerial = token.serialNumber;
      if (this.isLocked(token)) throw new AgentError('PIN_LOCKED', {}, undefined, ekeySerial);
      return this.inSession(token, async (session) => {
        const certificate = this.certificate(session, certificateId, ekeySerial);
        const publicKey = certificate.publicKey;
        const scheme = schemeFor(publicKey);
        if (!scheme) {
          throw new AgentError(
            'KEY_ALGORITHM_UNSUPPORTED',
            { algorithm: describeKey(publicKey) },
            undefined,
            ekeySerial,
          );
        }
        const pinAttempt = this.logIn(session, pin, ekeySerial);
        try {
          const key = this.findAll(session, [
            { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
            { type: pkcs11js.CKA_ID, value: certificateId },
          ])[0];
          if (key === undefined) throw new AgentError('KEY_NOT_FOUND', {}, pinAttempt);
          const signature = await scheme.sign(this.module, session, key, data).catch((error: unknown) => {
            throw tokenFailure(error, pinAttempt);
          });
          // A driver fault must not reach the platform as a signature that merely fails to verify there.
          if (!verify(scheme.hash, data, publicKey, signature)) throw new AgentError('SIGNING_FAILED', {}, pinAttempt);
          return { signature, scheme, certificate: certificate.raw, pinAttempt };
        } finally {
          this.logOut(session);
        }
      });
    });
  }

  close(): void {
    this.module.C_Finalize();
  }

  /** Locked by the agent's count, or by the token's own (CKF_USER_PIN_LOCKED), which the agent then keeps. */
  private isLocked(token: Token): boolean {
    if ((token.info.flags & pkcs11js.CKF_USER_PIN_LOCKED) !== 0) this.attempts.lock(token.serialNumber);
    return this.attempts.isLocked(token.serialNumber);
  }

  /** Runs `operation` after every earlier one has finished. */
  private exclusive<T>(operation: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(() => operation());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The configured token, or the first initialised one present. */
  private find(): Token | undefined {
    for (const slot of this.module.C_GetSlotList(true)) {
      const info = this.tokenInfo(slot);
      if (!info || (info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) === 0) continue;
      if (this.tokenLabel !== undefined && info.label.trim() !== this.tokenLabel) continue;
      return { slot, info, serialNumber: info.serialNumber.trim() };
    }
    return undefined;
  }

  private require(): Token {
    const token = this.find();
    if (!token) throw new AgentError('TOKEN_NOT_PRESENT');
    return token;
  }

  /** A token pulled out while the module lists it answers with an error: it is simply not there. */
  private tokenInfo(slot: pkcs11js.Handle): pkcs11js.TokenInfo | undefined {
    try {
      return this.module.C_GetTokenInfo(slot);
    } catch {
      return undefined;
    }
  }

  private async inSession<T>(token: Token, operation: (session: pkcs11js.Handle) => T | Promise<T>): Promise<T> {
    let session: pkcs11js.Handle;
    try {
      session = this.module.C_OpenSession(token.slot, pkcs11js.CKF_SERIAL_SESSION);
    } catch (error) {
      throw tokenFailure(error);
    }
    try {
      return await operation(session);
    } catch (error) {
      throw error instanceof AgentError ? error : tokenFailure(error);
    } finally {
      try {
        this.module.C_CloseSession(session);
      } catch {
        // The token was pulled out: its sessions are gone already.
      }
    }
  }

  private certificate(session: pkcs11js.Handle, id: Buffer, ekeySerial: string): X509Certificate {
    const handle = this.findAll(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_ID, value: id },
    ])[0];
    if (handle === undefined) throw new AgentError('CERTIFICATE_NOT_FOUND', {}, undefined, ekeySerial);
    const [value] = this.module.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }]);
    return new X509Certificate(value?.value as Buffer);
  }

  /**
   * C_Login with the PIN, counted for CT-3. Login state is per application, so one left over from an
   * interrupted request is ended first: the PIN of this request is always the one checked.
   */
  private logIn(session: pkcs11js.Handle, pin: string, ekeySerial: string, retry = true): PinAttempt {
    try {
      this.module.C_Login(session, pkcs11js.CKU_USER, pin);
      return this.attempts.recordSuccess(ekeySerial);
    } catch (error) {
      const code = error instanceof pkcs11js.Pkcs11Error ? error.code : undefined;
      if (code === pkcs11js.CKR_USER_ALREADY_LOGGED_IN && retry) {
        this.logOut(session);
        return this.logIn(session, pin, ekeySerial, false);
      }
      if (code !== undefined && wrongPin.has(code)) {
        const attempt = this.attempts.recordFailure(ekeySerial);
        if (attempt.locked) throw new AgentError('PIN_LOCKED', {}, attempt);
        throw new AgentError('PIN_INCORRECT', { remainingAttempts: attempt.remainingAttempts }, attempt);
      }
      if (code === pkcs11js.CKR_PIN_LOCKED) {
        this.attempts.lock(ekeySerial);
        throw new AgentError('PIN_LOCKED', {}, undefined, ekeySerial);
      }
      throw tokenFailure(error);
    }
  }

  private logOut(session: pkcs11js.Handle): void {
    try {
      this.module.C_Logout(session);
    } catch {
      // Not logged in, or the token is gone: either way nobody is logged in now.
    }
  }

  private findAll(session: pkcs11js.Handle, template: pkcs11js.Template): pkcs11js.Handle[] {
    this.module.C_FindObjectsInit(session, template);
    try {
      return this.module.C_FindObjects(session, 64);
    } finally {
      this.module.C_FindObjectsFinal(session);
    }
  }
}

/** A PKCS#11 failure as the page sees it: the token went away (-10101011) or signing failed (-10101019). */
function tokenFailure(error: unknown, pinAttempt?: PinAttempt): AgentError {
  if (error instanceof AgentError) return error;
  if (error instanceof pkcs11js.Pkcs11Error && gone.has(error.code)) {
    return new AgentError('TOKEN_NOT_PRESENT', {}, pinAttempt);
  }
  return new AgentError('SIGNING_FAILED', {}, pinAttempt);
}

/** Undefined for an object that is not an X.509 certificate after all: nobody can select it. */
function describeCertificate(id: Buffer, label: string, der: Buffer): TokenCertificate | undefined {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(der);
  } catch {
    return undefined;
  }
  return {
    id: id.toString('hex'),
    label,
    certificate: der.toString('base64'),
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
    notBefore: certificate.validFromDate.toISOString(),
    notAfter: certificate.validToDate.toISOString(),
    keyAlgorithm: describeKey(certificate.publicKey),
    signatureAlgorithm: schemeFor(certificate.publicKey)?.name,
  };
}
