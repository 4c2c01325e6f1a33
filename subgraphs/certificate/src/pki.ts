import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type CaHierarchyName,
  ClusterNotices,
  DataProtector,
  developmentDataProtectionKeys,
  type FirstRequestListener,
  notifyCluster,
  withAdvisoryLock,
} from '@tessera/kit';
import type { Router } from 'express';
import { mountCaCertificates } from './authority/ca-certificate.route';
import {
  CaHierarchy,
  type HierarchyDefinition,
  type ImportedHierarchy,
  internationalHierarchy,
  type LoadedAuthority,
} from './authority/ca-hierarchy';
import { CertificateFactory } from './authority/certificate-factory';
import { CertificateIssuer } from './authority/certificate-issuer';
import { PkiUrls } from './authority/pki-urls';
import { mountCrls } from './crl/crl.route';
import { CrlPublisher } from './crl/crl-publisher';
import { EKeyService } from './ekeys/ekey-service';
import { EnrollmentService } from './enrollment/enrollment-service';
import type { KeyAlgorithm } from './keys/key-algorithm';
import type { KeyBackend } from './keys/key-backend';
import { KeySealer } from './keys/software/key-sealer';
import { KeyManagementService } from './kmc/key-management-service';
import type { CertificateMetrics } from './metrics/certificate-metrics';
import { OcspHttp } from './ocsp/ocsp.route';
import { OcspResponderService } from './ocsp/ocsp-responder-service';
import { defaultPolicyArc } from './profiles/certificate-profile';
import { HoldReleaseJob } from './revocation/hold-release-job';
import { LostKeyReissue } from './revocation/lost-key-reissue';
import { RevocationService } from './revocation/revocation-service';
import type { SignatureTimestampVerifier } from './signatures/signature-timestamp-verifier';
import { SignatureVerificationService } from './signatures/signature-verification-service';
import { tsaSignatureTimestamps } from './signatures/tsa-signature-timestamps';
import { TimeStampAuthority } from './timestamping/time-stamp-authority';
import { mountTimeStamping } from './timestamping/time-stamping.route';

/** Settings of the CA; the defaults (`pkiDefaults`) are those proposed for kit's settings. */
export interface PkiOptions {
  /** Base URL under which `/pki/...` (CA certificates, CRLs, OCSP) is reachable by relying parties. */
  publicUrl: string;
  /** The CA hierarchies (CA_HIERARCHIES), the default one first; `international` alone when absent. */
  hierarchies?: readonly string[];
  /** Key algorithm of the international hierarchy (CA_KEY_ALGORITHM). */
  algorithm?: KeyAlgorithm;
  rootSubject?: string;
  issuingSubject?: string;
  responderSubject?: string;
  /** Subjects of the `sm2` hierarchy (国密), whose keys are SM2 and which signs SM3withSM2. */
  sm2RootSubject?: string;
  sm2IssuingSubject?: string;
  sm2ResponderSubject?: string;
  rootValidityDays?: number;
  issuingValidityDays?: number;
  responderValidityDays?: number;
  certificateValidityDays?: number;
  crlValidityHours?: number;
  crlRefreshMarginHours?: number;
  ocspNextUpdateMinutes?: number;
  enrollmentCodeValidityDays?: number;
  enrollmentMaxFailedAttempts?: number;
  policyArc?: string;
  /**
   * The TSA policy of every time-stamp token (TSA_POLICY_OID); absent: `<policyArc>.4.1`, under the arc of the
   * time-stamping profile (`.4`, the TSA certificate's policy).
   */
  tsaPolicy?: string;
  tsaSubject?: string;
  tsaValidityDays?: number;
  /** genTime's accuracy stated in each token, in milliseconds. */
  tsaAccuracyMs?: number;
  /** An existing issuing CA to import instead of creating a hierarchy on first start (asked for only then). */
  imported?: () => ImportedHierarchy;
  /** Told when background work (CRL publication after a status change) fails. */
  onError?: (error: unknown) => void;
  /**
   * 32 bytes sealing the KMC's escrowed encryption keys (CT-1) with the software key backend; absent,
   * dual certificates are refused. A PKCS#11 backend keeps that key on its token instead.
   */
  kmcKeyEncryptionKey?: Buffer;
  /** Keys `kmcKeyEncryptionKey` replaced: they still open what they sealed, during a rotation. */
  kmcPreviousKeyEncryptionKeys?: Buffer[];
  /** Counts issuances and OCSP answers in the subgraph's registry. */
  metrics?: CertificateMetrics;
  /** Whether subscriber certificates carry the GM/T 0015 identity extensions (default on). */
  identityExtensions?: boolean;
  /**
   * Checks the time-stamp tokens of signatures handed to the verification service (issue 15 item 3); by
   * default those of Tessera's own TSA.
   */
  signatureTimestamps?: SignatureTimestampVerifier;
  /** Seals a person's ID number while its enrollment waits; the public development keys when absent (tests). */
  dataProtector?: DataProtector;
  clock?: () => Date;
}

const pkiDefaults = {
  hierarchies: [internationalHierarchy],
  algorithm: 'P-256',
  rootSubject: 'CN=Tessera Root CA,O=Tessera,C=CN',
  issuingSubject: 'CN=Tessera Issuing CA,O=Tessera,C=CN',
  responderSubject: 'CN=Tessera OCSP Responder,O=Tessera,C=CN',
  sm2RootSubject: 'CN=Tessera 国密 SM2 Root CA,O=Tessera,C=CN',
  sm2IssuingSubject: 'CN=Tessera 国密 SM2 Issuing CA,O=Tessera,C=CN',
  sm2ResponderSubject: 'CN=Tessera 国密 SM2 OCSP Responder,O=Tessera,C=CN',
  tsaSubject: 'CN=Tessera Time-Stamping Authority,O=Tessera,C=CN',
  tsaValidityDays: 365,
  tsaAccuracyMs: 1000,
  rootValidityDays: 7300,
  issuingValidityDays: 3650,
  responderValidityDays: 90,
  certificateValidityDays: 365,
  crlValidityHours: 24,
  crlRefreshMarginHours: 6,
  ocspNextUpdateMinutes: 10,
  enrollmentCodeValidityDays: 14,
  enrollmentMaxFailedAttempts: 5,
  policyArc: defaultPolicyArc,
  identityExtensions: true,
} as const satisfies Omit<
  Required<PkiOptions>,
  | 'publicUrl'
  | 'clock'
  | 'onError'
  | 'kmcKeyEncryptionKey'
  | 'kmcPreviousKeyEncryptionKeys'
  | 'imported'
  | 'metrics'
  | 'dataProtector'
  | 'signatureTimestamps'
  | 'tsaPolicy'
>;

/** Label of the KMC's key-encryption key on a PKCS#11 token. */
export const kmcKeyLabel = 'tessera-kmc-key-encryption';

/** The CA's domain services, wired once per process. */
export interface Pki {
  hierarchy: CaHierarchy;
  issuer: CertificateIssuer;
  enrollments: EnrollmentService;
  kmc: KeyManagementService;
  ekeys: EKeyService;
  revocation: RevocationService;
  crls: CrlPublisher;
  ocsp: OcspResponderService;
  /** The RFC 3161 time-stamping authority at `/pki/tsa` (issue 15 item 4), certified by the international issuing CA. */
  tsa: TimeStampAuthority;
  holdRelease: HoldReleaseJob;
  lostKeyReissue: LostKeyReissue;
  /** The signature verification service (签名验签, issue 15 item 3). */
  signatures: SignatureVerificationService;
  urls: PkiUrls;
  /** Creates what is missing of the hierarchies and publishes a first CRL per CA. */
  start(): Promise<void>;
  /**
   * Issuing-CA rollover of a hierarchy (the default one when none is named), once across replicas: a new
   * issuing CA under the same root becomes the active one, publishes a first CRL, and every replica
   * reloads its CAs within a second; the retired CA keeps publishing until its last certificate expires.
   * Refused with CA_ROOT_KEY_OFFLINE when the root key is not online.
   */
  rollover(hierarchy: string | undefined, actor: string): Promise<LoadedAuthority>;
  /** CA certificates, CRLs and OCSP over HTTP, at the URLs the certificates carry. */
  mount(routes: Router): void;
  /** OCSP's lean path, served before Express (`SubgraphSetup.firstRequests`); `mount` keeps the same routes. */
  firstRequests: FirstRequestListener;
  /**
   * Hears the other replicas' status changes and rollovers (PostgreSQL LISTEN): each forgets its cached
   * OCSP answers and the status histories its signature verifications read, and after a rollover its loaded CAs, so that every replica answers a revocation and
   * signs with the new issuing CA within a second; close it to stop.
   */
  followReplicas(): Promise<{ close(): Promise<void> }>;
}

/** The channel on which a replica tells the others that a certificate's status changed (CT-5). */
export const statusChannel = 'tessera_certificate_status';

/** The notice of a status change: the certificate's serial, whose OCSP answers each replica forgets. */
const statusNotice = (serialNumber: string) => `serial:${serialNumber}`;

/** The serial a status notice names; undefined for any other payload (a lost connection, an older replica's). */
function serialOfNotice(payload: string | undefined): string | undefined {
  return payload?.startsWith('serial:') ? payload.slice('serial:'.length) : undefined;
}
/** The channel on which a replica tells the others that the CAs changed (a rollover). */
export const authoritiesChannel = 'tessera_certificate_authorities';

type HierarchySettings = Pick<
  Required<PkiOptions>,
  | 'algorithm'
  | 'rootSubject'
  | 'issuingSubject'
  | 'responderSubject'
  | 'sm2RootSubject'
  | 'sm2IssuingSubject'
  | 'sm2ResponderSubject'
>;

/**
 * The hierarchies a configuration may name (CA_HIERARCHIES), each from the CA's settings: 国际 (RSA/ECDSA of
 * CA_KEY_ALGORITHM) and 国密 (SM2 with SM3, issue 14). The CA code takes any number of them.
 */
const hierarchyDefinitions: Record<CaHierarchyName, (settings: HierarchySettings) => HierarchyDefinition> = {
  [internationalHierarchy]: ({ algorithm, rootSubject, issuingSubject, responderSubject }) => ({
    name: internationalHierarchy,
    algorithm,
    rootSubject,
    issuingSubject,
    responderSubject,
  }),
  sm2: ({ sm2RootSubject, sm2IssuingSubject, sm2ResponderSubject }) => ({
    name: 'sm2',
    algorithm: 'SM2',
    rootSubject: sm2RootSubject,
    issuingSubject: sm2IssuingSubject,
    responderSubject: sm2ResponderSubject,
  }),
};

function hierarchyDefinition(name: string, settings: HierarchySettings): HierarchyDefinition {
  const define = hierarchyDefinitions[name as CaHierarchyName] as
    | ((settings: HierarchySettings) => HierarchyDefinition)
    | undefined;
  if (!define) throw new Error(`certificate: unknown CA hierarchy ${name} in CA_HIERARCHIES`);
  return define(settings);
}

export function createPki(em: EntityManager, backend: KeyBackend, options: PkiOptions): Pki {
  const settings = { ...pkiDefaults, ...options };
  const { clock } = settings;
  const databaseUrl = em.config.get('clientUrl') as string;
  const urls = new PkiUrls(settings.publicUrl);
  const factory = new CertificateFactory(settings.policyArc);
  const hierarchy = new CaHierarchy({
    em,
    backend,
    factory,
    urls,
    ...settings,
    hierarchies: settings.hierarchies.map((name) => hierarchyDefinition(name, settings)),
  });
  const issuer = new CertificateIssuer({
    em,
    hierarchy,
    factory,
    validityDays: settings.certificateValidityDays,
    identityExtensions: settings.identityExtensions,
    clock,
    onIssued: (certificate) => settings.metrics?.issued.inc({ kind: certificate.kind, usage: certificate.usage }),
  });
  const crls = new CrlPublisher({
    em,
    hierarchy,
    validityHours: settings.crlValidityHours,
    refreshMarginHours: settings.crlRefreshMarginHours,
    onError: settings.onError,
    clock,
  });
  const ocsp = new OcspResponderService({
    em,
    hierarchy,
    nextUpdateMinutes: settings.ocspNextUpdateMinutes,
    onError: settings.onError,
    clock,
  });
  const ocspHttp = new OcspHttp({
    responder: ocsp,
    clock,
    onAnswer: (statuses) => settings.metrics?.ocspAnswered(statuses),
    onError: settings.onError,
  });
  const underHierarchyLock = <T>(work: () => Promise<T>) =>
    withAdvisoryLock(databaseUrl, 'certificate:ca-hierarchy', work);
  const tsa = new TimeStampAuthority({
    em,
    backend,
    hierarchy,
    // SM2 time-stamping is not offered yet: the TSA is certified by the international hierarchy only.
    hierarchyName: settings.hierarchies.includes(internationalHierarchy) ? internationalHierarchy : undefined,
    policy: settings.tsaPolicy ?? `${settings.policyArc}.4.1`,
    subject: settings.tsaSubject,
    validityDays: settings.tsaValidityDays,
    accuracyMs: settings.tsaAccuracyMs,
    lock: underHierarchyLock,
    onError: settings.onError,
    clock,
  });
  const publishes = async (name: string) => {
    const authority = await hierarchy.authority(name);
    return authority !== null && (await hierarchy.publishes(authority));
  };
  /** After a rollover here or on another replica: the CAs are read again, cached OCSP answers forgotten. */
  const reloadAuthorities = () => {
    hierarchy.reload();
    ocsp.invalidate();
    tsa.reload();
  };
  const signatures = new SignatureVerificationService({
    em,
    hierarchy,
    timestamps: settings.signatureTimestamps ?? tsaSignatureTimestamps(tsa),
    clock,
  });
  const revocation = new RevocationService({
    em,
    clock,
    // The change is committed: OCSP answers at once, on every replica (each one hears the notice and
    // forgets its answers about the certificate), and the CRL follows in the background (CT-5).
    onStatusChange: async (certificate) => {
      ocsp.invalidate(certificate.serialNumber);
      signatures.invalidate();
      await notifyCluster(em, statusChannel, statusNotice(certificate.serialNumber));
      const authority = (await hierarchy.authorities()).find((a) => a.entity.id === certificate.authorityId);
      if (authority) void crls.request(authority.entity.name);
    },
  });
  const kmc = new KeyManagementService({
    em,
    issuer,
    // With a token the KMC's key lives there too (made on first use); else it is the configured one.
    keyEncryption:
      backend.keyEncryption?.(kmcKeyLabel) ??
      (settings.kmcKeyEncryptionKey &&
        new KeySealer(settings.kmcKeyEncryptionKey, settings.kmcPreviousKeyEncryptionKeys)),
    clock,
  });
  const enrollments = new EnrollmentService({
    em,
    issuer,
    kmc,
    codeValidityDays: settings.enrollmentCodeValidityDays,
    certificateValidityDays: settings.certificateValidityDays,
    maxFailedAttempts: settings.enrollmentMaxFailedAttempts,
    protector: settings.dataProtector ?? new DataProtector(developmentDataProtectionKeys()),
    identityExtensions: settings.identityExtensions,
    clock,
  });
  return {
    hierarchy,
    issuer,
    enrollments,
    kmc,
    ekeys: new EKeyService(em, clock),
    revocation,
    crls,
    ocsp,
    tsa,
    holdRelease: new HoldReleaseJob({ em, revocation, clock }),
    lostKeyReissue: new LostKeyReissue(issuer, revocation),
    signatures,
    urls,
    firstRequests: ocspHttp.firstRequests,
    async start() {
      // Replicas starting together on an empty database create one hierarchy between them.
      await underHierarchyLock(async () => {
        await hierarchy.ensure();
        await tsa.ensure();
      });
      await crls.refreshDue();
    },
    async rollover(name, actor) {
      const active = await underHierarchyLock(async () => {
        const made = await hierarchy.rollover(name, actor);
        // The TSA follows the new issuing CA: its next certificate comes from it (issue 15 item 4).
        tsa.reload();
        await tsa.ensure();
        return made;
      });
      reloadAuthorities();
      await notifyCluster(em, authoritiesChannel, active.entity.id);
      await crls.current(active.entity.name);
      return active;
    },
    async followReplicas() {
      const statusNotices = await ClusterNotices.listen(
        databaseUrl,
        statusChannel,
        (payload) => {
          ocsp.invalidate(serialOfNotice(payload));
          signatures.invalidate();
        },
        settings.onError,
      );
      ocsp.keepWhile(() => statusNotices.listening);
      const notices = [
        statusNotices,
        await ClusterNotices.listen(databaseUrl, authoritiesChannel, reloadAuthorities, settings.onError),
      ];
      return { close: async () => void (await Promise.all(notices.map((listening) => listening.close()))) };
    },
    mount(routes) {
      mountCaCertificates(routes, hierarchy);
      mountCrls(routes, crls, publishes);
      ocspHttp.mount(routes);
      mountTimeStamping(routes, tsa);
    },
  };
}
