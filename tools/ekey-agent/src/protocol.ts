/**
 * The agent's HTTP protocol, version 1 (README.md describes it): what a web page sends and receives.
 * Types and constants only, so a web client can import them without the agent's dependencies.
 */

/** Every endpoint's path starts with `/v1/`. */
export const protocolVersion = 'v1';

/** A sign-in challenge is a few dozen bytes; anything much bigger is not one, and the agent signs nothing else. */
export const maxChallengeBytes = 1024;

/** CT-3: the EKey locks after this many wrong PINs in a row. */
export const maxPinFailures = 5;

/** What the page reports to the platform after every PIN the token checked (`reportEKeyPinAttempt`, CT-3). */
export interface PinAttempt {
  /** The token's serial number, which is the EKey's serial number in the platform. */
  ekeySerial: string;
  correct: boolean;
  remainingAttempts: number;
  locked: boolean;
}

/** `GET /v1/status`. */
export interface StatusResponse {
  agent: { name: 'tessera-ekey-agent'; version: string; protocol: typeof protocolVersion };
  token: TokenStatus;
}

export interface TokenStatus {
  present: boolean;
  label?: string;
  /** The EKey's serial number in the platform (`reportEKeyPinAttempt(serialNumber, …)`). */
  serialNumber?: string;
  manufacturer?: string;
  model?: string;
  pinLocked?: boolean;
  remainingAttempts?: number;
}

export type SignatureAlgorithm = 'sha256WithRSAEncryption' | 'ecdsa-with-SHA256';

/** `GET /v1/certificates`. */
export interface CertificatesResponse {
  certificates: TokenCertificate[];
}

/** A certificate on the token, selected for signing by its key id (CKA_ID, shared with its private key). */
export interface TokenCertificate {
  /** The key id, hexadecimal: `certificateId` of a sign request. */
  id: string;
  label: string;
  /** DER, base64. */
  certificate: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** e.g. `rsa 2048`, `ec prime256v1`. */
  keyAlgorithm: string;
  /** The signature the agent makes with its key; absent when it does not sign with such keys. */
  signatureAlgorithm?: SignatureAlgorithm;
}

/** `POST /v1/sign`, `Content-Type: application/json`. */
export interface SignRequestBody {
  certificateId: string;
  /** The challenge bytes, base64, at most `maxChallengeBytes` decoded. */
  data: string;
  pin: string;
}

export interface SignResponse {
  /** PKCS#1 v1.5 for RSA, DER `ECDSA-Sig-Value` for ECDSA; base64. */
  signature: string;
  algorithm: SignatureAlgorithm;
  algorithmOid: string;
  /** The signer's certificate, DER, base64. */
  certificate: string;
  ekeySerial: string;
  pinAttempt: PinAttempt;
}

export type Locale = 'zh-CN' | 'en';

/** Every refusal: `code` is stable (pages switch on it), `message` follows `Accept-Language`. */
export interface ErrorResponse {
  error: {
    code: string;
    /** The CT-6 client error code the support handbook explains, e.g. `-10101011`. */
    clientCode?: string;
    /** The domain rule behind the refusal (`CT-3`, `CT-6`). */
    rule?: string;
    message: string;
    messages: Record<Locale, string>;
    ekeySerial?: string;
    /** Present when the token checked a PIN: the page reports it to the platform. */
    pinAttempt?: PinAttempt;
    /** The message's parameters, e.g. `remainingAttempts`, `field`, `maxBytes`, `origin`. */
    [param: string]: unknown;
  };
}
