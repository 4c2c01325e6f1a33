import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SubjectKeyIdentifierExtension, X509Certificate } from '@peculiar/x509';
import { CertificateError } from '../errors';
import { algorithmOfKey, type KeyAlgorithm } from '../keys/key-algorithm';
import type { KeyBackend, KeyReference } from '../keys/key-backend';
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
  /** PKCS#8 DER of the issuing CA's key; the root key stays offline. */
  issuingKey: Buffer;
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

  constructor(private readonly options: CaHierarchyOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Makes whatever is missing; idempotent, safe on every start. */
  async ensure(): Promise<void> {
    const em = this.options.em.fork();
    if (!(await em.findOne(CertificateAuthority, { role: 'root' }))) await this.create();
    await this.ensureResponder();
  }

  /** Takes over an existing issuing CA (key + certificate) under an existing root. */
  async import(hierarchy: ImportedHierarchy): Promise<void> {
    const root = new X509Certificate(hierarchy.rootCertificate);
    const issuing = new X509Certificate(hierarchy.issuingCertificate);
    const key = createPublicKey(createPrivateKey({ key: hierarchy.issuingKey, format: 'der', type: 'pkcs8' }));
    const algorithm = algorithmOfKey(key);
    const publicKey = key.export({ type: 'spki', format: 'der' });
    const chains = await issuing.verify({ publicKey: root.publicKey, signatureOnly: true });
    if (!algorithm || !chains || !publicKey.equals(Buffer.from(issuing.publicKey.rawData))) {
      throw new CertificateError('CA_IMPORT_INVALID');
    }
    const issuingKey = { label: `tessera-issuing-${randomUUID()}`, algorithm };
    await this.options.backend.importKey(issuingKey, hierarchy.issuingKey);
    const em = this.options.em.fork();
    const rootEntity = em.create(CertificateAuthority, {
      name: 'root',
      role: 'root',
      keyBackend: this.options.backend.kind,
      algorithm:
        algorithmOfKey(createPublicKey({ key: Buffer.from(root.publicKey.rawData), format: 'der', type: 'spki' })) ??
        algorithm,
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

  /** What the factory needs to sign under `authority`. */
  issuingAuthority(authority: LoadedAuthority, withOcsp: boolean): IssuingAuthority {
    if (!authority.signer) throw new Error(`the key of CA ${authority.entity.name} is offline`);
    return {
      signer: authority.signer,
      certificate: authority.certificate,
      name: authority.certificate.subjectName.toArrayBuffer(),
      keyId: authority.certificate.getExtension(SubjectKeyIdentifierExtension)?.keyId,
      pointers: this.options.urls.pointersFor(authority.entity.name, withOcsp),
    };
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
