import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BasicConstraintsExtension, SubjectKeyIdentifierExtension, X509Certificate } from '@peculiar/x509';
import { CertificateError } from '../errors';
import { algorithmTraits, type KeyAlgorithm } from '../keys/key-algorithm';
import type { KeyBackend, KeyReference } from '../keys/key-backend';
import { privateKeyFromPkcs8 } from '../keys/private-key';
import { algorithmOfSpki } from '../keys/public-key';
import { verifySignature, verifySigned } from '../keys/signature-verification';
import { OcspResponder } from '../ocsp/ocsp-responder.entity';
import { issuingCaProfile, ocspResponderProfile, rootCaProfile } from '../profiles/certificate-profile';
import { CertificateAuthority } from './certificate-authority.entity';
import type { CertificateFactory, IssuingAuthority } from './certificate-factory';
import type { PkiUrls } from './pki-urls';
import { backendSigner, type Signer } from './signer';
import { wholeSeconds } from './whole-seconds';

export interface CaHierarchyOptions {
  em: EntityManager;
  backend: KeyBackend;
  factory: CertificateFactory;
  urls: PkiUrls;
  /** Algorithm of newly created CA and responder keys. */
  algorithm: KeyAlgorithm;
  rootSubject: string;
  issuingSubject: string;
  responderSubject: string;
  rootValidityDays: number;
  issuingValidityDays: number;
  responderValidityDays: number;
  /** An existing issuing CA to import, instead of creating a hierarchy, on first start; asked for only then. */
  imported?: () => ImportedHierarchy;
  clock?: () => Date;
}

/** A CA with its parsed certificate and, when its key is online, a signer. */
export interface LoadedAuthority {
  entity: CertificateAuthority;
  certificate: X509Certificate;
  signer?: Signer;
}

/** The delegated responder of the issuing CA, ready to sign. */
export interface LoadedResponder {
  entity: OcspResponder;
  certificate: X509Certificate;
  signer: Signer;
}

export interface ImportedHierarchy {
  rootCertificate: Buffer;
  issuingCertificate: Buffer;
  /** PKCS#8 DER of the issuing CA's key, stored in the key backend; the root key stays offline. */
  issuingKey?: Buffer;
  /** Or the label of the issuing CA's key the backend already holds (a key on the HSM). */
  issuingKeyLabel?: string;
  /** PKCS#8 DER of the root's key, when it comes too (a PKCS#12 export of this CA); else the root stays offline. */
  rootKey?: Buffer;
}

const day = 24 * 60 * 60 * 1000;
/** A responder certificate is replaced when less than this part of its validity is left. */
const responderRenewal = 1 / 3;

/**
 * The two-level hierarchy (root + issuing CA) and the issuing CA's delegated OCSP responder:
 * created on first start, or imported; the responder certificate is renewed before it expires.
 */
export class CaHierarchy {
  private readonly clock: () => Date;
  /** CA rows change only when the hierarchy is created or imported: loaded and parsed once. */
  private loaded?: Promise<LoadedAuthority[]>;
  private currentResponder?: LoadedResponder;
  private readonly signing = new WeakMap<LoadedAuthority, Map<boolean, IssuingAuthority>>();

  constructor(private readonly options: CaHierarchyOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Makes (or imports) whatever is missing; idempotent, safe on every start, never replaces a hierarchy. */
  async ensure(): Promise<void> {
    // A backend that cannot hold this hierarchy's keys (an HSM without SM2) stops the start, naming what it lacks.
    const support = this.options.backend.supports(this.options.algorithm);
    if (support !== true) throw support;
    const em = this.options.em.fork();
    if (!(await em.findOne(CertificateAuthority, { role: 'root' }))) {
      const imported = this.options.imported?.();
      if (imported) await this.importAtStart(imported);
      else await this.create();
    }
    await this.ensureResponder();
  }

  /**
   * Takes over an existing issuing CA (key + certificate) under its self-signed root. Refuses
   * (CA_IMPORT_INVALID, with the problem) a chain that does not verify, an issuing certificate that
   * is no CA, an unsupported key, and a key that is not the certificate's.
   */
  async import(hierarchy: ImportedHierarchy): Promise<void> {
    const refuse = (problem: string) => new CertificateError('CA_IMPORT_INVALID', { problem });
    let root: X509Certificate;
    let issuing: X509Certificate;
    try {
      root = new X509Certificate(hierarchy.rootCertificate);
      issuing = new X509Certificate(hierarchy.issuingCertificate);
    } catch {
      throw refuse('a CA certificate cannot be read');
    }
    const publicKey = Buffer.from(issuing.publicKey.rawData);
    const algorithm = algorithmOfSpki(publicKey);
    if (!algorithm) throw refuse('the issuing CA key is not P-256, P-384, RSA-2048, RSA-3072 or SM2');
    const rootPublicKey = Buffer.from(root.publicKey.rawData);
    if (!(await verifySigned(Buffer.from(root.rawData), rootPublicKey).catch(() => false))) {
      throw refuse('the root certificate is not self-signed');
    }
    if (!(await verifySigned(Buffer.from(issuing.rawData), rootPublicKey).catch(() => false))) {
      throw refuse('the issuing CA certificate is not signed by the root');
    }
    if (!issuing.getExtension(BasicConstraintsExtension)?.ca) {
      throw refuse('the issuing certificate is not a CA certificate');
    }
    const rootAlgorithm = algorithmOfSpki(rootPublicKey) ?? algorithm;
    const rootKey = hierarchy.rootKey
      ? await this.storedKey(hierarchy.rootKey, 'root', rootAlgorithm, rootPublicKey, refuse)
      : undefined;
    const issuingKey = await this.importedKey(hierarchy, algorithm, publicKey, refuse);
    const em = this.options.em.fork();
    const rootEntity = em.create(CertificateAuthority, {
      name: 'root',
      role: 'root',
      keyBackend: this.options.backend.kind,
      keyLabel: rootKey?.label,
      algorithm: rootAlgorithm,
      certificateDer: hierarchy.rootCertificate,
      notAfter: root.notAfter,
    });
    em.create(CertificateAuthority, {
      name: 'issuing',
      role: 'issuing',
      issuerId: rootEntity.id,
      keyBackend: this.options.backend.kind,
      keyLabel: issuingKey.label,
      algorithm,
      certificateDer: hierarchy.issuingCertificate,
      notAfter: issuing.notAfter,
    });
    await em.flush();
    this.loaded = undefined;
    await this.ensureResponder();
  }

  /** The configured import on first start: a refusal stops the start with the problem named. */
  private async importAtStart(imported: ImportedHierarchy): Promise<void> {
    try {
      await this.import(imported);
    } catch (error) {
      if (!(error instanceof CertificateError && error.code === 'CA_IMPORT_INVALID')) throw error;
      throw new Error(`certificate: the CA of CA_IMPORT_CERTIFICATES was not imported: ${error.extensions.problem}`, {
        cause: error,
      });
    }
  }

  /**
   * The issuing CA's key in the backend, shown to be the certificate's: a PKCS#8 key by its public
   * half before it is stored, a key already in the backend by a signature the certificate verifies.
   */
  private async importedKey(
    hierarchy: ImportedHierarchy,
    algorithm: KeyAlgorithm,
    publicKey: Buffer,
    refuse: (problem: string) => CertificateError,
  ): Promise<KeyReference> {
    const { backend } = this.options;
    if (hierarchy.issuingKey) return this.storedKey(hierarchy.issuingKey, 'issuing', algorithm, publicKey, refuse);
    const label = hierarchy.issuingKeyLabel;
    if (!label) throw refuse('neither a key nor a key label was given');
    if (!(await backend.hasKey(label))) throw refuse(`the key backend holds no key labelled ${label}`);
    const key = { label, algorithm };
    const challenge = randomBytes(32);
    let matches = false;
    try {
      const signature = await backend.sign(key, challenge);
      matches = await verifySignature(algorithmTraits[algorithm].hash, publicKey, challenge, signature);
    } catch {
      matches = false;
    }
    if (!matches) throw refuse(`the key labelled ${label} does not match the issuing CA certificate`);
    return key;
  }

  /** A PKCS#8 key shown to be the certificate's by its public half, then stored in the backend. */
  private async storedKey(
    pkcs8: Buffer,
    name: 'root' | 'issuing',
    algorithm: KeyAlgorithm,
    publicKey: Buffer,
    refuse: (problem: string) => CertificateError,
  ): Promise<KeyReference> {
    let matches = false;
    try {
      matches = privateKeyFromPkcs8(pkcs8)?.spki().equals(publicKey) ?? false;
    } catch {
      throw refuse(`the ${name} CA key is not a readable PKCS#8 key`);
    }
    if (!matches) throw refuse(`the key does not match the ${name} CA certificate`);
    const key = { label: `tessera-${name}-${randomUUID()}`, algorithm };
    await this.options.backend.importKey(key, pkcs8);
    return key;
  }

  async authority(name: string): Promise<LoadedAuthority | null> {
    return (await this.authorities()).find((authority) => authority.entity.name === name) ?? null;
  }

  async authorities(): Promise<LoadedAuthority[]> {
    this.loaded ??= this.options.em
      .fork()
      .find(CertificateAuthority, {}, { orderBy: { createdAt: 'asc' } })
      .then((entities) => entities.map((entity) => this.load(entity)));
    try {
      return await this.loaded;
    } catch (error) {
      this.loaded = undefined;
      throw error;
    }
  }

  /** The issuing CA, which signs subscriber certificates. */
  async issuing(): Promise<LoadedAuthority> {
    const authority = await this.authority('issuing');
    if (!authority?.signer) throw new Error('the issuing CA is not set up');
    return authority;
  }

  /** The current delegated responder of the issuing CA, renewed here once it is due. */
  async responder(): Promise<LoadedResponder> {
    const current = this.currentResponder;
    if (current && this.clock().getTime() < this.renewsAt(current.entity)) return current;
    await this.ensureResponder();
    const issuing = await this.issuing();
    const entity = await this.options.em
      .fork()
      .findOne(OcspResponder, { authorityId: issuing.entity.id }, { orderBy: { createdAt: 'desc' } });
    if (!entity) throw new Error('the OCSP responder is not set up');
    this.currentResponder = {
      entity,
      certificate: new X509Certificate(entity.certificateDer),
      signer: backendSigner(this.options.backend, { label: entity.keyLabel, algorithm: entity.algorithm }),
    };
    return this.currentResponder;
  }

  /** What the factory needs to sign under `authority`; worked out once per CA (every issuance asks). */
  issuingAuthority(authority: LoadedAuthority, withOcsp: boolean): IssuingAuthority {
    if (!authority.signer) throw new Error(`the key of CA ${authority.entity.name} is offline`);
    let known = this.signing.get(authority);
    if (!known) {
      known = new Map();
      this.signing.set(authority, known);
    }
    const cached = known.get(withOcsp);
    if (cached) return cached;
    const made = {
      signer: authority.signer,
      certificate: authority.certificate,
      name: authority.certificate.subjectName.toArrayBuffer(),
      keyId: authority.certificate.getExtension(SubjectKeyIdentifierExtension)?.keyId,
      pointers: this.options.urls.pointersFor(authority.entity.name, withOcsp),
    };
    known.set(withOcsp, made);
    return made;
  }

  private load(entity: CertificateAuthority): LoadedAuthority {
    return {
      entity,
      certificate: new X509Certificate(entity.certificateDer),
      signer: entity.keyLabel
        ? backendSigner(this.options.backend, { label: entity.keyLabel, algorithm: entity.algorithm })
        : undefined,
    };
  }

  private async create(): Promise<void> {
    const { options } = this;
    const now = wholeSeconds(this.clock());
    const rootKey = await this.newKey('root');
    const root = await options.factory.make(
      {
        profile: rootCaProfile,
        subject: options.rootSubject,
        publicKey: await options.backend.publicKey(rootKey),
        notBefore: now,
        notAfter: new Date(now.getTime() + options.rootValidityDays * day),
      },
      { signer: backendSigner(options.backend, rootKey) },
    );
    const em = options.em.fork();
    const rootEntity = em.create(CertificateAuthority, {
      name: 'root',
      role: 'root',
      keyBackend: options.backend.kind,
      keyLabel: rootKey.label,
      algorithm: rootKey.algorithm,
      certificateDer: root.der,
      notAfter: new X509Certificate(root.der).notAfter,
    });
    const issuingKey = await this.newKey('issuing');
    const issuing = await options.factory.make(
      {
        profile: issuingCaProfile,
        subject: options.issuingSubject,
        publicKey: await options.backend.publicKey(issuingKey),
        notBefore: now,
        notAfter: new Date(
          Math.min(now.getTime() + options.issuingValidityDays * day, new X509Certificate(root.der).notAfter.getTime()),
        ),
      },
      this.issuingAuthority(this.load(rootEntity), false),
    );
    em.create(CertificateAuthority, {
      name: 'issuing',
      role: 'issuing',
      issuerId: rootEntity.id,
      keyBackend: options.backend.kind,
      keyLabel: issuingKey.label,
      algorithm: issuingKey.algorithm,
      certificateDer: issuing.der,
      notAfter: new X509Certificate(issuing.der).notAfter,
    });
    await em.flush();
    this.loaded = undefined;
  }

  private async ensureResponder(): Promise<void> {
    const { options } = this;
    const issuing = await this.issuing();
    const now = wholeSeconds(this.clock());
    const em = options.em.fork();
    const current = await em.findOne(
      OcspResponder,
      { authorityId: issuing.entity.id },
      { orderBy: { createdAt: 'desc' } },
    );
    if (current && now.getTime() < this.renewsAt(current)) return;
    const key = await this.newKey('ocsp');
    const made = await options.factory.make(
      {
        profile: ocspResponderProfile,
        subject: options.responderSubject,
        publicKey: await options.backend.publicKey(key),
        notBefore: now,
        notAfter: new Date(
          Math.min(now.getTime() + options.responderValidityDays * day, issuing.entity.notAfter.getTime()),
        ),
      },
      this.issuingAuthority(issuing, false),
    );
    em.create(OcspResponder, {
      authorityId: issuing.entity.id,
      keyLabel: key.label,
      algorithm: key.algorithm,
      certificateDer: made.der,
      notAfter: new X509Certificate(made.der).notAfter,
    });
    await em.flush();
  }

  private renewsAt(responder: OcspResponder): number {
    return responder.notAfter.getTime() - this.options.responderValidityDays * day * responderRenewal;
  }

  private async newKey(purpose: string): Promise<KeyReference> {
    const key = { label: `tessera-${purpose}-${randomUUID()}`, algorithm: this.options.algorithm };
    await this.options.backend.generateKey(key);
    return key;
  }
}
