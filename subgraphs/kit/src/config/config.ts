import path from 'node:path';
import { z } from 'zod';
import { fileVariable, readSecretFiles } from './secret-files';
import { type CaHierarchyName, type SettingName, settings } from './settings';

export { type CaHierarchyName, caHierarchyNames } from './settings';

type Raw = { [K in SettingName]: z.output<(typeof settings)[K]['schema']> };

export type Locale = 'zh-CN' | 'en';
export type ServiceName = 'identity' | 'certificate' | 'ra';
export const serviceNames: readonly ServiceName[] = ['identity', 'certificate', 'ra'];

export interface ServiceEndpoint {
  port: number;
  /** GraphQL URL as other processes reach it. */
  url: string;
}

/** The platform's whole configuration, read once from the environment. */
/** The bureau as both clients present it (issue 17 item 4), served to them at `/client-config.json`. */
export interface Branding {
  /** The bureau's name in each language the clients speak. */
  name: Record<Locale, string>;
  /** The emblem beside the name: an http(s) URL or a path on the platform; none when absent. */
  emblemUrl?: string;
  /** The service hotline (12333). */
  hotline: string;
  /** The privacy notice: an http(s) URL or a path on the platform. */
  privacyUrl: string;
  /** The ICP filing number (备案号); none when absent. */
  icpFiling?: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: Raw['LOG_LEVEL'];
  host: string;
  publicUrl: string;
  database: { url?: string; dataDir: string; embeddedPort: number };
  /** `npm start`: the gateway and each subgraph in a process of its own, or all in one. */
  platformProcesses: 'per-service' | 'single';
  services: Record<ServiceName, ServiceEndpoint>;
  gateway: {
    port: number;
    /** Express `trust proxy` of the gateway: who may name the client in X-Forwarded-For. */
    trustProxy: boolean | number | string;
    supergraphPath: string;
    watchSupergraph: boolean;
    /** Only the clients' registered operations run, but for administrators, auditors and services. */
    trustedOperationsOnly: boolean;
  };
  /** Operation limits every GraphQL server of the platform enforces, the gateway and each subgraph alike. */
  limits: { maxDepth: number; maxAliases: number; maxCost: number; maxTokens: number };
  /**
   * The secret of the gateway assertion (the gateway signs, subgraphs verify); undefined outside
   * production when none is configured: subgraphs then know callers only by their socket address.
   */
  gatewayAssertionSecret?: string;
  /** Bearer token `/metrics` requires; undefined: open outside production, not served in production. */
  metricsToken?: string;
  /** The management port of a process (`/metrics`) is its HTTP port plus this. */
  metricsPortOffset: number;
  /** OpenTelemetry traces; undefined: off (no SDK, no `traceparent`). */
  tracing?: { url: string; headers: Record<string, string>; sampleRatio: number };
  auth: {
    issuer: string;
    audience: string;
    jwksUrl: string;
    /** How long a copy of identity's list of ended sessions is used before it is fetched again. */
    revocationRefreshMs: number;
    /** How long a copy of identity's JWKS is used before it is fetched again (also its `Cache-Control`). */
    jwksCacheMs: number;
    /** Age at which identity replaces its signing key; 0: only when an administrator asks. */
    signingKeyRotationDays: number;
    /** Identity's OAuth 2.0 token endpoint. */
    tokenUrl: string;
    /** This process's secret for service tokens, when it runs on its own. */
    serviceClientSecret?: string;
    /** Identity only: the services that may obtain service tokens, by name. */
    serviceSecrets: Record<string, string>;
  };
  /** Largest GraphQL request body, in bytes, at the gateway and at every subgraph (one setting for both). */
  maxBodyBytes: number;
  /** Folder with the built clients the gateway serves. */
  clientsDir: string;
  /** Issue 15: the origin of the local EKey agent the web client's certificate sign-in calls. */
  ekeyAgentOrigin: string;
  /** Issue 17: the bureau's time zone, in which the clients show dates and times (BUREAU_TIME_ZONE). */
  bureauTimeZone: string;
  /** Issue 17 item 4: who the clients say runs the service, and the footer's facts (BUREAU_*). */
  branding: Branding;
  introspection: boolean;
  seedDemoData: boolean;
  /** Keys sealing personal data at rest (ID-8), shared by identity and the RA (kit/src/protection). */
  dataProtection: { encryptionKeys?: string; indexKey?: string };
  identity: {
    bankVerifierUrl?: string;
    bankVerifierTimeoutMs: number;
    sandboxBankPort: number;
    smsGatewayUrl?: string;
    captchaTestAnswer?: string;
    legacyIdLoginUntil: Date;
    registrationFlowTtlSeconds: number;
  };
  certificate: {
    keyBackend: 'software' | 'pkcs11';
    keyEncryptionKey?: string;
    kmcKeyEncryptionKey?: string;
    /** Keys KMC_KEY_ENCRYPTION_KEY replaced, still opening what they sealed during a rotation. */
    kmcPreviousKeyEncryptionKeys: string[];
    /** Keys CA_KEY_ENCRYPTION_KEY replaced, still opening the software CA keys they sealed during a rotation. */
    previousKeyEncryptionKeys: string[];
    pkcs11: { modulePath: string; tokenLabel?: string; pin?: string; sessions: number };
    keyAlgorithm: 'P-256' | 'P-384' | 'RSA-2048' | 'RSA-3072';
    /** The CA hierarchies, the default one first (CA_HIERARCHIES; both unless the keys are on a token). */
    hierarchies: CaHierarchyName[];
    /** An existing issuing CA to import on first start: its certificate file and its key (file or token label). */
    import?: { certificatesFile?: string; keyFile?: string; keyLabel?: string };
    publicUrl?: string;
    /** The TSA policy of time-stamp tokens (TSA_POLICY_OID); the default under the CA's policy arc when absent. */
    tsaPolicy?: string;
    certificateValidityDays: number;
    /** GM/T 0015 identity extensions from the RA's data (`CA_GM_IDENTITY_EXTENSIONS`); the RA reads it too. */
    gmIdentityExtensions: boolean;
    enrollmentCodeValidityDays: number;
    crlValidityHours: number;
    /** Public status queries per client address and window (CT-2). */
    statusRateLimit: { requests: number; windowSeconds: number };
  };
  /** The RA's working-day calendar (CS-4 service promises). */
  ra: {
    holidays: string[];
    workingWeekends: string[];
    suspensionReviewIntervalMinutes: number;
    /** Days before expiry from which a certificate may be renewed (RA-2). */
    renewalWindowDays: number;
    /** Where uploaded documents are kept; undefined (and no `documentsS3`): in PostgreSQL. */
    documentsDir?: string;
    /** The operator says `documentsDir` is shared by every replica (required in production). */
    documentsDirShared: boolean;
    /** S3-compatible object storage for uploaded documents (path-style), when its bucket is configured. */
    documentsS3?: DocumentObjectStorage;
  };
  defaultLocale: Locale;
  /** Periods of scheduled jobs, in milliseconds by job name, that replace their declared ones. */
  jobPeriods: Record<string, number>;
  /** How processes start, use the database, wait for each other and stop, with several replicas. */
  runtime: {
    /** Apply migrations at start; otherwise refuse to start while some are pending. */
    migrateOnStart: boolean;
    databasePoolSize: number;
    /** Time to open a PostgreSQL connection or wait for a free one of the pool. */
    databaseConnectTimeoutMs: number;
    /** PostgreSQL `statement_timeout` of the serving connections; 0: none. */
    statementTimeoutMs: number;
    /** Time allowed for one gateway→subgraph fetch. */
    subgraphTimeoutMs: number;
    /** Time allowed for one service-to-service call. */
    serviceCallTimeoutMs: number;
    /** Readiness off this long before the listener closes, then in-flight requests get `graceMs` to finish. */
    shutdown: { delayMs: number; graceMs: number };
  };
}

/** S3-compatible object storage (`RA_DOCUMENTS_S3_*`); the RA refuses it when a part is missing. */
export interface DocumentObjectStorage {
  url?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The standard OTEL_* variables of the OTLP/HTTP trace exporter, read here like every other setting. */
function tracingOf(raw: Raw): Config['tracing'] {
  const base = raw.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = raw.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base && `${base.replace(/\/+$/, '')}/v1/traces`);
  if (!url) return undefined;
  const headers = Object.fromEntries(
    (raw.OTEL_EXPORTER_OTLP_HEADERS ?? '')
      .split(',')
      .map((pair) => pair.trim())
      .filter(Boolean)
      .map((pair) => [
        pair.slice(0, pair.indexOf('=')).trim(),
        decodeURIComponent(pair.slice(pair.indexOf('=') + 1).trim()),
      ]),
  );
  return { url, headers, sampleRatio: raw.OTEL_TRACES_SAMPLER_ARG };
}

const repoRoot = path.resolve(__dirname, '../../../..');

/** Validates the environment and derives the defaults that depend on other settings. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const shape = Object.fromEntries(Object.entries(settings).map(([k, s]) => [k, s.schema])) as {
    [K in SettingName]: (typeof settings)[K]['schema'];
  };
  const files = readSecretFiles(env);
  const present = Object.fromEntries(
    Object.keys(settings).map((k) => [k, files.env[k] === '' ? undefined : files.env[k]]),
  );
  const parsed = z.object(shape).safeParse(present);
  const problems = [...files.problems, ...(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [])];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const raw = parsed.data as Raw;
  const production = raw.NODE_ENV === 'production';
  const local = (p: number) => `http://${raw.HOST}:${p}`;
  return {
    env: raw.NODE_ENV,
    logLevel: raw.LOG_LEVEL,
    host: raw.HOST,
    publicUrl: raw.PUBLIC_URL ?? local(raw.GATEWAY_PORT),
    database: { url: raw.DATABASE_URL, dataDir: path.resolve(raw.DATA_DIR), embeddedPort: raw.EMBEDDED_PG_PORT },
    platformProcesses: raw.PLATFORM_PROCESSES,
    services: {
      identity: { port: raw.IDENTITY_PORT, url: raw.IDENTITY_URL ?? `${local(raw.IDENTITY_PORT)}/graphql` },
      certificate: { port: raw.CERTIFICATE_PORT, url: raw.CERTIFICATE_URL ?? `${local(raw.CERTIFICATE_PORT)}/graphql` },
      ra: { port: raw.RA_PORT, url: raw.RA_URL ?? `${local(raw.RA_PORT)}/graphql` },
    },
    gateway: {
      port: raw.GATEWAY_PORT,
      trustProxy: parseTrustProxy(raw.TRUST_PROXY),
      supergraphPath: raw.SUPERGRAPH_PATH ?? path.join(repoRoot, 'schema', 'supergraph.graphql'),
      watchSupergraph: raw.SUPERGRAPH_WATCH ?? !production,
      trustedOperationsOnly: raw.TRUSTED_OPERATIONS ?? production,
    },
    limits: {
      maxDepth: raw.GRAPHQL_MAX_DEPTH,
      maxAliases: raw.GRAPHQL_MAX_ALIASES,
      maxCost: raw.GRAPHQL_MAX_COST,
      maxTokens: raw.GRAPHQL_MAX_TOKENS,
    },
    gatewayAssertionSecret: raw.GATEWAY_ASSERTION_SECRET,
    metricsToken: raw.METRICS_TOKEN,
    metricsPortOffset: raw.METRICS_PORT_OFFSET,
    tracing: tracingOf(raw),
    auth: {
      issuer: raw.AUTH_ISSUER,
      audience: raw.AUTH_AUDIENCE,
      jwksUrl: raw.AUTH_JWKS_URL ?? `${local(raw.IDENTITY_PORT)}/.well-known/jwks.json`,
      revocationRefreshMs: raw.AUTH_REVOCATION_REFRESH_SECONDS * 1000,
      jwksCacheMs: raw.AUTH_JWKS_CACHE_SECONDS * 1000,
      signingKeyRotationDays: raw.AUTH_SIGNING_KEY_ROTATION_DAYS,
      tokenUrl: new URL('/oauth/token', raw.AUTH_JWKS_URL ?? local(raw.IDENTITY_PORT)).toString(),
      serviceClientSecret: raw.SERVICE_CLIENT_SECRET,
      serviceSecrets: Object.fromEntries(
        (raw.SERVICE_SECRETS ?? '')
          .split(',')
          .map((pair) => pair.trim())
          .filter(Boolean)
          .map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)]),
      ),
    },
    maxBodyBytes: raw.GRAPHQL_MAX_BODY_BYTES,
    clientsDir: raw.CLIENTS_DIR ? path.resolve(raw.CLIENTS_DIR) : path.join(repoRoot, 'clients'),
    ekeyAgentOrigin: new URL(raw.EKEY_AGENT_URL).origin,
    bureauTimeZone: raw.BUREAU_TIME_ZONE,
    branding: {
      name: { 'zh-CN': raw.BUREAU_NAME, en: raw.BUREAU_NAME_EN },
      emblemUrl: raw.BUREAU_EMBLEM_URL,
      hotline: raw.BUREAU_HOTLINE,
      privacyUrl: raw.BUREAU_PRIVACY_URL,
      icpFiling: raw.BUREAU_ICP_FILING,
    },
    introspection: raw.INTROSPECTION ?? !production,
    seedDemoData: raw.SEED_DEMO_DATA ?? !production,
    dataProtection: { encryptionKeys: raw.DATA_ENCRYPTION_KEYS, indexKey: raw.DATA_INDEX_KEY },
    identity: {
      bankVerifierUrl: raw.BANK_VERIFIER_URL,
      bankVerifierTimeoutMs: raw.BANK_VERIFIER_TIMEOUT_MS,
      sandboxBankPort: raw.SANDBOX_BANK_PORT,
      smsGatewayUrl: raw.SMS_GATEWAY_URL,
      captchaTestAnswer: raw.CAPTCHA_TEST_ANSWER,
      legacyIdLoginUntil: raw.LEGACY_ID_LOGIN_UNTIL,
      registrationFlowTtlSeconds: raw.REGISTRATION_FLOW_TTL_SECONDS,
    },
    certificate: {
      keyBackend: raw.CA_KEY_BACKEND,
      keyEncryptionKey: raw.CA_KEY_ENCRYPTION_KEY,
      kmcKeyEncryptionKey: raw.KMC_KEY_ENCRYPTION_KEY,
      kmcPreviousKeyEncryptionKeys: raw.KMC_PREVIOUS_KEY_ENCRYPTION_KEYS?.split(',') ?? [],
      previousKeyEncryptionKeys: raw.CA_PREVIOUS_KEY_ENCRYPTION_KEYS?.split(',') ?? [],
      pkcs11: {
        modulePath: raw.CA_PKCS11_MODULE,
        tokenLabel: raw.CA_PKCS11_TOKEN_LABEL,
        pin: raw.CA_PKCS11_PIN,
        sessions: raw.CA_PKCS11_SESSIONS,
      },
      keyAlgorithm: raw.CA_KEY_ALGORITHM,
      // SoftHSM, the token tests and the docker stack use, has no SM2 mechanism: a token runs the
      // international hierarchy unless told otherwise (and then the start says what the token lacks).
      hierarchies:
        raw.CA_HIERARCHIES ?? (raw.CA_KEY_BACKEND === 'pkcs11' ? ['international'] : ['international', 'sm2']),
      import:
        raw.CA_IMPORT_CERTIFICATES || raw.CA_IMPORT_KEY || raw.CA_IMPORT_KEY_LABEL
          ? {
              certificatesFile: raw.CA_IMPORT_CERTIFICATES,
              keyFile: raw.CA_IMPORT_KEY,
              keyLabel: raw.CA_IMPORT_KEY_LABEL,
            }
          : undefined,
      publicUrl: raw.CA_PUBLIC_URL,
      tsaPolicy: raw.TSA_POLICY_OID,
      certificateValidityDays: raw.CERTIFICATE_VALIDITY_DAYS,
      gmIdentityExtensions: raw.CA_GM_IDENTITY_EXTENSIONS === 'on',
      enrollmentCodeValidityDays: raw.ENROLLMENT_CODE_VALIDITY_DAYS,
      crlValidityHours: raw.CRL_VALIDITY_HOURS,
      statusRateLimit: {
        requests: raw.CERTIFICATE_STATUS_RATE_LIMIT,
        windowSeconds: raw.CERTIFICATE_STATUS_RATE_WINDOW_SECONDS,
      },
    },
    ra: {
      holidays: raw.RA_HOLIDAYS ?? [],
      workingWeekends: raw.RA_WORKING_WEEKENDS ?? [],
      suspensionReviewIntervalMinutes: raw.RA_SUSPENSION_REVIEW_INTERVAL_MINUTES,
      renewalWindowDays: raw.RA_RENEWAL_WINDOW_DAYS,
      documentsDir: raw.RA_DOCUMENTS_DIR,
      documentsDirShared: raw.RA_DOCUMENTS_DIR_SHARED,
      documentsS3: raw.RA_DOCUMENTS_S3_BUCKET
        ? {
            url: raw.RA_DOCUMENTS_S3_URL,
            bucket: raw.RA_DOCUMENTS_S3_BUCKET,
            region: raw.RA_DOCUMENTS_S3_REGION,
            accessKeyId: raw.RA_DOCUMENTS_S3_ACCESS_KEY_ID,
            secretAccessKey: raw.RA_DOCUMENTS_S3_SECRET_ACCESS_KEY,
          }
        : undefined,
    },
    defaultLocale: raw.DEFAULT_LOCALE,
    jobPeriods: raw.SCHEDULED_JOB_PERIODS ?? {},
    runtime: {
      migrateOnStart: raw.MIGRATE_ON_START,
      databasePoolSize: raw.DATABASE_POOL_SIZE,
      databaseConnectTimeoutMs: raw.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: raw.DATABASE_STATEMENT_TIMEOUT_MS,
      subgraphTimeoutMs: raw.SUBGRAPH_TIMEOUT_MS,
      serviceCallTimeoutMs: raw.SERVICE_CALL_TIMEOUT_MS,
      shutdown: { delayMs: raw.SHUTDOWN_DELAY_SECONDS * 1000, graceMs: raw.SHUTDOWN_GRACE_SECONDS * 1000 },
    },
  };
}

/**
 * The environment of a process the platform starts (`npm start`'s services): this process's own, with
 * `settings` in place of theirs (an empty value unsets one: `loadConfig` reads it as absent). A secret given
 * here replaces the file this process read it from (`NAME_FILE`), which `loadConfig` would refuse beside it.
 */
export function environmentWith(
  given: Partial<Record<SettingName, string>>,
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const files = (Object.keys(given) as SettingName[])
    .filter((name) => 'secret' in settings[name])
    .map((name) => [fileVariable(name), '']);
  return { ...env, ...Object.fromEntries(files), ...given };
}

/**
 * Apollo's gateway reports usage and probes cloud metadata addresses, and turbo collects
 * telemetry, unless told not to. Every entry point calls this before loading either.
 */
export function disableTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  env.APOLLO_TELEMETRY_DISABLED = 'true';
  env.TURBO_TELEMETRY_DISABLED = '1';
}

/** The configuration table of the README, rendered from the settings. */
export function settingsTable(): string {
  const rows = Object.entries(settings).map(([name, s]) => {
    const def = s.schema.safeParse(undefined);
    const shown =
      def.success && def.data !== undefined
        ? `\`${def.data instanceof Date ? def.data.toISOString() : String(def.data)}\``
        : '—';
    const variable = 'secret' in s ? `\`${name}\` or \`${fileVariable(name as SettingName)}\`` : `\`${name}\``;
    return `| ${variable} | ${shown} | ${s.doc} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
