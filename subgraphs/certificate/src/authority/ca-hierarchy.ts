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
import {
  type CertificateProfile,
  issuingCaProfile,
  ocspResponderProfile,
  rootCaProfile,
} from '../profiles/certificate-profile';
import { type AuthorityRole, CertificateAuthority } from './certificate-authority.entity';
import type { CertificateFactory, IssuingAuthority } from './certificate-factory';
import type { DelegatedCertificate } from './delegated-certificate.entity';
import { holdsFamily } from './hierarchy-family';
import type { PkiUrls } from './pki-urls';
import { backendSigner, type Signer } from './signer';
import { wholeSeconds } from './whole-seconds';

/**
 * One hierarchy of the CA (CA_HIERARCHIES): a root, its issuing CA by generation and their delegated
 * OCSP responders, all with keys of one algorithm. A second hierarchy is another definition, nothing more.
 */
export interface HierarchyDefinition {
  /** `international` (RSA/ECDSA, today's) or another configured one. */
  name: string;
  /** Algorithm of the hierarchy's new CA and responder keys. */
  algorithm: KeyAlgorithm;
  rootSubject: string;
  /** Subject of the first issuing CA; generation n > 1 carries ` Gn` after its common name. */
  issuingSubject: string;
  responderSubject: string;
}

/** The hierarchy whose CAs keep the names (and URLs) of the single hierarchy before there were several. */
export const internationalHierarchy = 'international';

export interface CaHierarchyOptions {
  em: EntityManager;
  backend: KeyBackend;
  factory: CertificateFactory;
  urls: PkiUrls;
  /** The configured hierarchies; the first is the default one (and the one an import goes to). */
  hierarchies: HierarchyDefinition[];
  rootValidityDays: number;
  issuingValidityDays: number;
  responderValidityDays: number;
  /** An existing issuing CA to import, instead of creating a hierarchy, on first start; asked for only then. */
  imported?: () => ImportedHierarchy;
  clock?: () => Date;
}

/** A delegated key and its certificate, as `certifyDelegatedKey` makes them, for the caller's table. */
export type DelegatedKey = Pick<DelegatedCertificate, 'keyLabel' | 'algorithm' | 'certificateDer' | 'notAfter'>;

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
/** How long a retired CA's last expiry is trusted before it is read again (a late in-flight issuance). */
const lastExpiryRecheck = 60_000;

/**
 * The CA's hierarchies (CA_HIERARCHIES): per hierarchy a root and issuing CAs by generation, created on
 * first start or imported, each issuing CA with its delegated OCSP responder, renewed before it expires.
 * The active issuing CA of a hierarchy signs; a rollover replaces it by the next generation under the same
 * root, and the retired one keeps publishing its CRL and answering OCSP until its last certificate expires.
 */
export class CaHierarchy {
  private readonly clock: () => Date;
  /** CA rows change only at creation, import and rollover: loaded and parsed once, again after `reload`. */
  private loaded?: Promise<LoadedAuthority[]>;
  private readonly responders = new Map<string, LoadedResponder>();
  private readonly lastExpiries = new Map<string, { until: number; checkedAt: number }>();
  private readonly signing = new WeakMap<LoadedAuthority, Map<boolean, IssuingAuthority>>();

  constructor(private readonly options: CaHierarchyOptions) {
    this.clock = options.clock ?? (() => new Date());
    if (options.hierarchies.length === 0) throw new Error('the CA needs at least one hierarchy');
  }

  /** The configured hierarchies' names, the default one first. */
  get hierarchies(): string[] {
    return this.options.hierarchies.map((hierarchy) => hierarchy.name);
  }

  /** Makes (or imports) whatever is missing; idempotent, safe on every start, never replaces a hierarchy. */
  async ensure(): Promise<void> {
    // A backend that cannot hold a hierarchy's keys (an HSM without SM2) stops the start, naming what it lacks.
    for (const definition of this.options.hierarchies) {
      const support = this.options.backend.supports(definition.algorithm);
      if (support !== true) throw support;
    }
    const em = this.options.em.fork();
    const [first] = this.options.hierarchies;
    for (const definition of this.options.hierarchies) {
      if (await em.findOne(CertificateAuthority, { role: 'root', hierarchy: definition.name })) continue;
      const imported = definition === first ? this.options.imported?.() : undefined;
      if (imported) await this.importAtStart(imported);
      else await this.create(definition);
    }
    for (const name of this.hierarchies) await this.ensureResponder(await this.issuing(name));
  }

  /** Forgets the loaded CAs and responders (another replica rolled over): the next use reads them again. */
  reload(): void {
    this.loaded = undefined;
    this.responders.clear();
  }

  /**
   * Takes over an existing issuing CA (key + certificate) under its self-signed root, as the hierarchy
   * `name` (the default one unless named). Refuses (CA_IMPORT_INVALID, with the problem) a chain that does
   * not verify, an issuing certificate that is no CA, an unsupported key, a key of the other family than the
   * hierarchy's (an SM2 CA is no international one, and the reverse), and a key that is not the certificate's.
   */
  async import(hierarchy: ImportedHierarchy, name?: string): Promise<void> {
    const definition = this.definition(name);
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
    if (!holdsFamily(definition, algorithmTraits[algorithm].family)) {
      throw refuse(
        `the issuing CA key is ${algorithm}: the hierarchy ${definition.name} holds ${definition.algorithm} keys`,
      );
    }
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
    const target = definition.name;
    const rootEntity = em.create(CertificateAuthority, {
      name: authorityName(target, 'root', 1),
      hierarchy: target,
      role: 'root',
      generation: 1,
      keyBackend: this.options.backend.kind,
      keyLabel: rootKey?.label,
      algorithm: rootAlgorithm,
      certificateDer: hierarchy.rootCertificate,
      notAfter: root.notAfter,
    });
    em.create(CertificateAuthority, {
      name: authorityName(target, 'issuing', 1),
      hierarchy: target,
      role: 'issuing',
      generation: 1,
      issuerId: rootEntity.id,
      keyBackend: this.options.backend.kind,
      keyLabel: issuingKey.label,
      algorithm,
      certificateDer: hierarchy.issuingCertificate,
      notAfter: issuing.notAfter,
    });
    await em.flush();
    this.reload();
    await this.ensureResponder(await this.issuing(target));
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

  /** The active issuing CA of a hierarchy (the default one when none is named): the CA that signs new certificates. */
  async issuing(hierarchy?: string): Promise<LoadedAuthority> {
    const { name } = this.definition(hierarchy);
    const authority = (await this.authorities()).find(
      (a) => a.entity.hierarchy === name && a.entity.role === 'issuing' && !a.entity.retiredAt,
    );
    if (!authority?.signer) throw new Error(`the issuing CA of hierarchy ${name} is not set up`);
    return authority;
  }

  /** The hierarchy of the CA `authorityId` (from the CAs loaded once per process); undefined for none. */
  async hierarchyOf(authorityId: string | null | undefined): Promise<HierarchyDefinition | undefined> {
    if (!authorityId) return undefined;
    const authority = (await this.authorities()).find((a) => a.entity.id === authorityId);
    return authority ? this.definition(authority.entity.hierarchy) : undefined;
  }

  /** The issuing CAs that still publish a CRL and answer OCSP: the active ones, and retired ones until their last certificate expires. */
  async publishing(): Promise<LoadedAuthority[]> {
    const issuing = (await this.authorities()).filter((a) => a.entity.role === 'issuing' && a.signer);
    const publishes = await Promise.all(issuing.map((authority) => this.publishes(authority)));
    return issuing.filter((_, index) => publishes[index]);
  }

  /** Whether a CA still publishes: a root or an active issuing CA does; a retired one until its last certificate expires. */
  async publishes(authority: LoadedAuthority): Promise<boolean> {
    const { retiredAt, id } = authority.entity;
    if (!authority.signer) return false;
    if (!retiredAt) return true;
    const now = this.clock().getTime();
    let known = this.lastExpiries.get(id);
    if (!known || Date.now() - known.checkedAt > lastExpiryRecheck) {
      const [row] = await this.options.em
        .fork()
        .execute<{ until: Date | null }[]>(
          'select max(not_after) as until from "certificate"."certificate" where authority_id = ? and issued_at is not null',
          [id],
        );
      known = { until: row?.until ? new Date(row.until).getTime() : 0, checkedAt: Date.now() };
      this.lastExpiries.set(id, known);
    }
    return now < known.until;
  }

  /** The current delegated responder of an issuing CA (the default hierarchy's active one when none is given), renewed here once it is due. */
  async responder(of?: LoadedAuthority): Promise<LoadedResponder> {
    const authority = of ?? (await this.issuing());
    const current = this.responders.get(authority.entity.id);
    if (current && this.clock().getTime() < this.renewsAt(current.entity)) return current;
    await this.ensureResponder(authority);
    const entity = await this.options.em
      .fork()
      .findOne(OcspResponder, { authorityId: authority.entity.id }, { orderBy: { createdAt: 'desc' } });
    if (!entity) throw new Error('the OCSP responder is not set up');
    const loaded = {
      entity,
      certificate: new X509Certificate(entity.certificateDer),
      signer: backendSigner(this.options.backend, { label: entity.keyLabel, algorithm: entity.algorithm }),
    };
    this.responders.set(authority.entity.id, loaded);
    return loaded;
  }

  /**
   * Issuing-CA rollover: a new key and certificate for the next generation of the hierarchy's issuing CA,
   * signed by its root (whose key must be online), made the active one; the one before is retired. Run it
   * under the hierarchy's advisory lock: it reads the rows afresh, so a second run makes a further generation.
   */
  async rollover(hierarchy: string | undefined, actor: string): Promise<LoadedAuthority> {
    const definition = this.definition(hierarchy);
    this.reload();
    const authorities = (await this.authorities()).filter((a) => a.entity.hierarchy === definition.name);
    const root = authorities.find((a) => a.entity.role === 'root');
    if (!root) throw new Error(`the hierarchy ${definition.name} is not set up`);
    if (!root.entity.keyLabel || !(await this.options.backend.hasKey(root.entity.keyLabel))) {
      throw new CertificateError('CA_ROOT_KEY_OFFLINE', { hierarchy: definition.name });
    }
    const current = await this.issuing(definition.name);
    const generation = Math.max(...authorities.map((a) => a.entity.generation)) + 1;
    const now = wholeSeconds(this.clock());
    const key = await this.newKey('issuing', definition.algorithm);
    const made = await this.options.factory.make(
      {
        profile: issuingCaProfile,
        subject: generationSubject(definition.issuingSubject, generation),
        publicKey: await this.options.backend.publicKey(key),
        notBefore: now,
        notAfter: new Date(
          Math.min(now.getTime() + this.options.issuingValidityDays * day, root.certificate.notAfter.getTime()),
        ),
      },
      this.issuingAuthority(root, false),
    );
    await this.options.em.fork().transactional(async (em) => {
      // Retired first: the database allows one active issuing CA per hierarchy.
      await em.nativeUpdate(CertificateAuthority, { id: current.entity.id, retiredAt: null }, { retiredAt: now });
      em.create(CertificateAuthority, {
        name: authorityName(definition.name, 'issuing', generation),
        hierarchy: definition.name,
        role: 'issuing',
        generation,
        issuerId: root.entity.id,
        keyBackend: this.options.backend.kind,
        keyLabel: key.label,
        algorithm: key.algorithm,
        certificateDer: made.der,
        notAfter: new X509Certificate(made.der).notAfter,
        createdBy: actor,
      });
      await em.flush();
    });
    this.reload();
    const active = await this.issuing(definition.name);
    await this.ensureResponder(active);
    return active;
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

  /** A configured hierarchy, the default one when none is named; an unknown name is refused (CA_HIERARCHY_UNKNOWN). */
  definition(name?: string): HierarchyDefinition {
    const [first] = this.options.hierarchies as [HierarchyDefinition];
    if (name === undefined) return first;
    const found = this.options.hierarchies.find((definition) => definition.name === name);
    if (!found)
      throw new CertificateError('CA_HIERARCHY_UNKNOWN', { hierarchy: name, configured: this.hierarchies.join(', ') });
    return found;
  }

  private async create(definition: HierarchyDefinition): Promise<void> {
    const { options } = this;
    const now = wholeSeconds(this.clock());
    const rootKey = await this.newKey('root', definition.algorithm);
    const root = await options.factory.make(
      {
        profile: rootCaProfile,
        subject: definition.rootSubject,
        publicKey: await options.backend.publicKey(rootKey),
        notBefore: now,
        notAfter: new Date(now.getTime() + options.rootValidityDays * day),
      },
      { signer: backendSigner(options.backend, rootKey) },
    );
    const em = options.em.fork();
    const rootEntity = em.create(CertificateAuthority, {
      name: authorityName(definition.name, 'root', 1),
      hierarchy: definition.name,
      role: 'root',
      generation: 1,
      keyBackend: options.backend.kind,
      keyLabel: rootKey.label,
      algorithm: rootKey.algorithm,
      certificateDer: root.der,
      notAfter: new X509Certificate(root.der).notAfter,
    });
    const issuingKey = await this.newKey('issuing', definition.algorithm);
    const issuing = await options.factory.make(
      {
        profile: issuingCaProfile,
        subject: definition.issuingSubject,
        publicKey: await options.backend.publicKey(issuingKey),
        notBefore: now,
        notAfter: new Date(
          Math.min(now.getTime() + options.issuingValidityDays * day, new X509Certificate(root.der).notAfter.getTime()),
        ),
      },
      this.issuingAuthority(this.load(rootEntity), false),
    );
    em.create(CertificateAuthority, {
      name: authorityName(definition.name, 'issuing', 1),
      hierarchy: definition.name,
      role: 'issuing',
      generation: 1,
      issuerId: rootEntity.id,
      keyBackend: options.backend.kind,
      keyLabel: issuingKey.label,
      algorithm: issuingKey.algorithm,
      certificateDer: issuing.der,
      notAfter: new X509Certificate(issuing.der).notAfter,
    });
    await em.flush();
    this.reload();
  }

  /** Makes the issuing CA's responder, or its next one once the current one is due for renewal. */
  private async ensureResponder(issuing: LoadedAuthority): Promise<void> {
    const { options } = this;
    const now = wholeSeconds(this.clock());
    const em = options.em.fork();
    const current = await em.findOne(
      OcspResponder,
      { authorityId: issuing.entity.id },
      { orderBy: { createdAt: 'desc' } },
    );
    if (current && now.getTime() < this.renewsAt(current)) return;
    const definition = this.definition(issuing.entity.hierarchy);
    const delegated = await this.certifyDelegatedKey(issuing, {
      purpose: 'ocsp',
      profile: ocspResponderProfile,
      subject: definition.responderSubject,
      validityDays: options.responderValidityDays,
    });
    em.create(OcspResponder, { authorityId: issuing.entity.id, ...delegated });
    await em.flush();
  }

  /**
   * A new key of the issuing CA's algorithm in the key backend, certified by that CA under `profile` for at most
   * `validityDays` (never past the CA's own end): what the CA delegates a task to, its OCSP responder (RFC 6960
   * §4.2.2.2) and its time-stamping authority (RFC 3161 §2.3). The caller records it.
   */
  async certifyDelegatedKey(
    issuing: LoadedAuthority,
    delegation: { purpose: string; profile: CertificateProfile; subject: string; validityDays: number },
  ): Promise<DelegatedKey> {
    const { options } = this;
    const now = wholeSeconds(this.clock());
    const key = await this.newKey(delegation.purpose, issuing.entity.algorithm);
    const made = await options.factory.make(
      {
        profile: delegation.profile,
        subject: delegation.subject,
        publicKey: await options.backend.publicKey(key),
        notBefore: now,
        notAfter: new Date(Math.min(now.getTime() + delegation.validityDays * day, issuing.entity.notAfter.getTime())),
      },
      this.issuingAuthority(issuing, false),
    );
    return {
      keyLabel: key.label,
      algorithm: key.algorithm,
      certificateDer: made.der,
      notAfter: new X509Certificate(made.der).notAfter,
    };
  }

  private renewsAt(responder: OcspResponder): number {
    return responder.notAfter.getTime() - this.options.responderValidityDays * day * responderRenewal;
  }

  private async newKey(purpose: string, algorithm: KeyAlgorithm): Promise<KeyReference> {
    const key = { label: `tessera-${purpose}-${randomUUID()}`, algorithm };
    await this.options.backend.generateKey(key);
    return key;
  }
}

/**
 * The stable name (and URL) of a CA: the international hierarchy keeps the names it had alone (`root`,
 * `issuing`), other hierarchies prefix theirs (`sm2-root`); generations after the first end in `-n`.
 */
export function authorityName(hierarchy: string, role: AuthorityRole, generation: number): string {
  const prefix = hierarchy === internationalHierarchy ? '' : `${hierarchy}-`;
  return `${prefix}${role}${generation > 1 ? `-${generation}` : ''}`;
}

/**
 * The subject of an issuing CA's generation: the first keeps the configured one, later ones add ` Gn` to its
 * common name, so that relying parties never confuse two generations' certificates and CRLs by name.
 */
export function generationSubject(subject: string, generation: number): string {
  if (generation === 1) return subject;
  const named = subject.replace(
    /(^|,)(\s*CN=)([^,]+)/i,
    (_, start, cn, value) => `${start}${cn}${value} G${generation}`,
  );
  return named === subject ? `CN=G${generation},${subject}` : named;
}
