import { z } from 'zod';

/** Whether the runtime's time-zone data knows `zone` (the browsers' is the same IANA database). */
function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Every setting of the platform, with its environment variable, default and meaning.
 * The README's configuration table is generated from this list (and a test keeps it in step).
 * A `secret` may instead be given as `NAME_FILE`, the path of a file holding it (secrets mounted
 * as files by Kubernetes or Docker), see `secret-files.ts`.
 */
/** An address a page may load or link: an http(s) URL or a path on the platform (`/…`, not `//host`). */
function platformOrWebAddress(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//');
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const url = z.string().url();
/** The CA hierarchies a configuration may name (CA_HIERARCHIES): 国际 RSA/ECDSA and 国密 SM2. */
export const caHierarchyNames = ['international', 'sm2'] as const;
export type CaHierarchyName = (typeof caHierarchyNames)[number];
const dateList = z
  .string()
  .regex(/^(\d{4}-\d{2}-\d{2})(\s*,\s*\d{4}-\d{2}-\d{2})*$/, 'comma-separated YYYY-MM-DD dates')
  .transform((v) => v.split(',').map((d) => d.trim()))
  .optional();
const jobPeriods = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*=\d+(\.\d+)?(\s*,\s*[a-z][a-z0-9-]*=\d+(\.\d+)?)*$/,
    'comma-separated `job=seconds` (e.g. `crl-refresh=300`)',
  )
  .transform((v) =>
    Object.fromEntries(
      v.split(',').map((entry) => {
        const [name = '', seconds = ''] = entry.trim().split('=');
        return [name, Math.round(Number(seconds) * 1000)];
      }),
    ),
  )
  .optional();

export const settings = {
  NODE_ENV: {
    schema: z.enum(['development', 'production', 'test']).default('development'),
    doc: 'Run mode. `production` turns off introspection and development conveniences.',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    doc: 'Minimum level of the JSON logs written to standard output.',
  },
  // Issue 16 goal 2 (cores): `npm start` on every core.
  PLATFORM_PROCESSES: {
    schema: z.enum(['per-service', 'single']).default('per-service'),
    doc: '`npm start`: `per-service` runs the gateway and each subgraph in its own Node process (child processes of the one command, sharing the embedded PostgreSQL), so the platform uses every core; `single` runs them all in one process (less memory, one debugger).',
  },
  DATABASE_URL: {
    schema: url.optional(),
    doc: 'PostgreSQL connection URL. When unset, `npm start` runs an embedded PostgreSQL.',
    secret: true,
  },
  DATA_DIR: {
    schema: z.string().min(1).default('.data'),
    doc: 'Folder (git-ignored) for the embedded PostgreSQL data and other local state.',
  },
  SEED_DEMO_DATA: {
    schema: flag.optional(),
    doc: 'Seed the documented demo accounts and data at start. Defaults to on outside production.',
  },
  EMBEDDED_PG_PORT: {
    schema: port.default(54329),
    doc: 'Port of the embedded PostgreSQL.',
  },
  HOST: {
    schema: z.string().min(1).default('127.0.0.1'),
    doc: 'Address every HTTP server binds to.',
  },
  TRUST_PROXY: {
    schema: z.string().min(1).default('false'),
    doc: 'Which proxies in front of the gateway may name the client in `X-Forwarded-For` (Express `trust proxy`: `false`, `true`, a hop count or addresses such as `loopback, 10.0.0.0/8`).',
  },
  PUBLIC_URL: {
    schema: url.optional(),
    doc: 'External base URL of the gateway (used in printed links); defaults to `http://HOST:GATEWAY_PORT`.',
  },
  GATEWAY_PORT: { schema: port.default(4000), doc: 'Port of the gateway (graph, clients, health).' },
  IDENTITY_PORT: { schema: port.default(4001), doc: 'Port of the identity subgraph.' },
  CERTIFICATE_PORT: { schema: port.default(4002), doc: 'Port of the certificate subgraph.' },
  RA_PORT: { schema: port.default(4003), doc: 'Port of the RA subgraph.' },
  IDENTITY_URL: {
    schema: url.optional(),
    doc: 'GraphQL URL of the identity subgraph as the gateway reaches it; defaults to `http://HOST:IDENTITY_PORT/graphql`.',
  },
  CERTIFICATE_URL: {
    schema: url.optional(),
    doc: 'GraphQL URL of the certificate subgraph; defaults to `http://HOST:CERTIFICATE_PORT/graphql`.',
  },
  RA_URL: { schema: url.optional(), doc: 'GraphQL URL of the RA subgraph; defaults to `http://HOST:RA_PORT/graphql`.' },
  SUPERGRAPH_PATH: {
    schema: z.string().min(1).optional(),
    doc: 'Composed supergraph the gateway serves; defaults to `schema/supergraph.graphql` of the checkout.',
  },
  SUPERGRAPH_WATCH: {
    schema: flag.optional(),
    doc: 'Reload the supergraph file when it changes. Defaults to on outside production.',
  },
  CLIENTS_DIR: {
    schema: z.string().min(1).optional(),
    doc: 'Folder holding the built clients (`web/dist`, `admin/dist`) the gateway serves; defaults to `clients/` of the checkout.',
  },
  TRUSTED_OPERATIONS: {
    schema: flag.optional(),
    doc: "Execute only the operations registered in the clients' manifests (`*/dist/trusted-operations.json` under `CLIENTS_DIR`); administrators, auditors and business systems may still run ad-hoc queries. Defaults to on in production, off elsewhere.",
  },
  CAPTCHA_TEST_ANSWER: {
    schema: z
      .string()
      .regex(/^[2-9a-hjkmnp-zA-HJ-NP-Z]{4}$/, 'four captcha characters')
      .optional(),
    doc: 'Development and browser tests only: every captcha shows this text, so scripted sign-ins can answer it. Refused in production.',
  },
  // Issue 15, certificate sign-in in the browser (webcert).
  EKEY_AGENT_URL: {
    schema: url
      .refine((value) => /^https?:$/.test(new URL(value).protocol) && new URL(value).pathname === '/', {
        message: 'an http(s) origin, `scheme://host:port` without a path',
      })
      .default('http://127.0.0.1:17380'),
    doc: "Where the web client's certificate sign-in finds the local EKey agent (`tools/ekey-agent`, protocol v1) on the user's machine; served to the web client (`/client-config.json`) and allowed in its Content-Security-Policy `connect-src`, exactly this origin.",
  },
  // Issue 17 item 5: one time zone for every date the clients show.
  BUREAU_TIME_ZONE: {
    schema: z
      .string()
      .refine(knownTimeZone, { message: 'an IANA time zone, e.g. Asia/Shanghai' })
      .default('Asia/Shanghai'),
    doc: "The bureau's time zone (IANA name): both clients show every date and time in it, whatever the browser's zone, so a certificate's validity reads the same everywhere; served to the clients (`/client-config.json`).",
  },
  // Issue 17 item 4: the bureau's branding, shown by both clients (served at `/client-config.json`).
  BUREAU_NAME: {
    schema: z.string().trim().min(1).max(60).default('某市社会保险事业管理局'),
    doc: "The bureau's name in Chinese: the clients' header, footer and page titles.",
  },
  BUREAU_NAME_EN: {
    schema: z.string().trim().min(1).max(120).default('Municipal Social Insurance Bureau'),
    doc: "The bureau's name in English, shown when the clients speak English.",
  },
  BUREAU_EMBLEM_URL: {
    schema: z
      .string()
      .refine(platformOrWebAddress, { message: 'an http(s) URL or a path on the platform starting with `/`' })
      .optional(),
    doc: "The bureau's emblem beside its name in the clients' header (an http(s) URL, allowed in the pages' `img-src`, or a path served by the platform); none when unset.",
  },
  BUREAU_HOTLINE: {
    schema: z
      .string()
      .regex(/^[0-9-]{3,20}$/, 'a telephone number, digits and dashes')
      .default('12333'),
    doc: "The service hotline the clients' footer names (and dials on a phone).",
  },
  BUREAU_PRIVACY_URL: {
    schema: z
      .string()
      .refine(platformOrWebAddress, { message: 'an http(s) URL or a path starting with `/`' })
      .default('/privacy'),
    doc: "Where the clients' footer links the privacy notice; the web client's own `/privacy` page by default.",
  },
  BUREAU_ICP_FILING: {
    schema: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .default('某ICP备00000000号')
      .transform((value) => (value === 'none' ? undefined : value)),
    doc: "The site's ICP filing number (备案号) in the clients' footer, linked to the MIIT filing system; `none` to show none.",
  },
  AUTH_ISSUER: {
    schema: z.string().min(1).default('urn:tessera:identity'),
    doc: 'Issuer (`iss`) of access tokens; every subgraph checks it.',
  },
  AUTH_AUDIENCE: {
    schema: z.string().min(1).default('urn:tessera:graph'),
    doc: 'Audience (`aud`) of access tokens; every subgraph checks it.',
  },
  SERVICE_CLIENT_SECRET: {
    schema: z.string().min(24).optional(),
    doc: "This service's secret for the client-credentials grant at identity's `/oauth/token` (its client id is its name, e.g. `ra`). Needed when the RA runs as its own process; `npm start` needs none.",
    secret: true,
  },
  SERVICE_SECRETS: {
    schema: z
      .string()
      .regex(/^[a-z]+:\S{24,}(\s*,\s*[a-z]+:\S{24,})*$/, 'comma-separated name:secret pairs, secrets of 24+ characters')
      .optional(),
    doc: 'The identity subgraph: which Tessera services may obtain service tokens, as `name:secret` pairs (e.g. `ra:…`).',
    secret: true,
  },
  AUTH_JWKS_URL: {
    schema: url.optional(),
    doc: "URL of the identity subgraph's JWKS; defaults to `http://HOST:IDENTITY_PORT/.well-known/jwks.json`.",
  },
  AUTH_REVOCATION_REFRESH_SECONDS: {
    schema: z.coerce.number().positive().max(300).default(5),
    doc: "How stale the certificate and RA subgraphs' copy of identity's list of ended sessions (`/sessions/revoked`, beside the JWKS) may get. Identity and the gateway refuse a token of an ended session from the first request after (the gateway fetches the list for each request with a session token, and waits this long before asking again when identity cannot be reached).",
  },
  AUTH_JWKS_CACHE_SECONDS: {
    schema: z.coerce.number().int().positive().max(3600).default(300),
    doc: "How long every verifier (subgraphs, gateway, business systems through `Cache-Control`) uses its copy of identity's JWKS before fetching it again; a token with an unknown key id makes it fetch at once. A new signing key is published this long (plus a margin) before it signs.",
  },
  AUTH_SIGNING_KEY_ROTATION_DAYS: {
    schema: z.coerce.number().int().min(0).max(3650).default(90),
    doc: 'Age at which the key signing access tokens is replaced by a new one (published first, then signing; the old one stays published until the last token it signed has expired). `0`: only when an administrator asks (`rotateSigningKey`).',
  },
  INTROSPECTION: {
    schema: flag.optional(),
    doc: 'Allow schema introspection. Defaults to on outside production, off in production.',
  },
  GRAPHQL_MAX_DEPTH: {
    schema: z.coerce.number().int().positive().default(12),
    doc: 'Largest query depth the gateway and every subgraph accept.',
  },
  GRAPHQL_MAX_ALIASES: {
    schema: z.coerce.number().int().positive().default(20),
    doc: 'Most aliases in one operation (gateway and subgraphs).',
  },
  GRAPHQL_MAX_COST: {
    schema: z.coerce.number().int().positive().default(5000),
    doc: 'Largest computed cost of one operation (gateway and subgraphs).',
  },
  GRAPHQL_MAX_TOKENS: {
    schema: z.coerce.number().int().positive().default(2000),
    doc: 'Most tokens in one document (gateway and subgraphs).',
  },
  GATEWAY_ASSERTION_SECRET: {
    schema: z.string().min(32).optional(),
    doc: "Shared secret (32+ characters) with which the gateway signs, for every subgraph fetch, a short-lived assertion of the client's address and the request id (HS256 JWS in `Tessera-Gateway-Assertion`); subgraphs take the client address only from it. Required in production, the same value in the gateway and every subgraph; `npm start` and the tests generate one per run.",
    secret: true,
  },
  METRICS_TOKEN: {
    schema: z.string().min(24).optional(),
    doc: 'Bearer token (24+ characters) that `/metrics` requires. Unset: `/metrics` is open outside production and not served in production.',
    secret: true,
  },
  GRAPHQL_MAX_BODY_BYTES: {
    schema: z.coerce
      .number()
      .int()
      .positive()
      .default(7 * 1024 * 1024),
    doc: 'Largest GraphQL request body (JSON) the gateway and every subgraph read. The default (7 MiB) fits one document upload of the documented 5 MB, base64-encoded, with its operation (RA-10).',
  },
  DATA_ENCRYPTION_KEYS: {
    schema: z
      .string()
      .regex(/^[\w-]+:[A-Za-z0-9+/=]+(\s*,\s*[\w-]+:[A-Za-z0-9+/=]+)*$/, 'comma-separated id:base64 keys')
      .optional(),
    doc: 'Keys sealing ID numbers, card numbers and phones at rest (ID-8): comma-separated `id:base64` 32-byte AES keys, the first one active. Required in production; development uses a fixed public key.',
    secret: true,
  },
  DATA_INDEX_KEY: {
    schema: z.string().min(44).optional(),
    doc: 'Base64 HMAC key of the lookup index of sealed data (never rotated with the keys above). Required in production.',
    secret: true,
  },
  BANK_VERIFIER_URL: {
    schema: url.optional(),
    doc: "Base URL of the banks' real-name verification platform (ID-3). Unset: the sandbox bank runs inside identity (not allowed in production).",
  },
  BANK_VERIFIER_TIMEOUT_MS: {
    schema: z.coerce.number().int().positive().default(5000),
    doc: 'Time allowed for one verification attempt at the bank.',
  },
  SANDBOX_BANK_PORT: { schema: port.default(4010), doc: 'Port of the stand-alone sandbox bank (docker stack).' },
  SMS_GATEWAY_URL: {
    schema: url.optional(),
    doc: 'SMS gateway that receives `POST {id, phone, text}` (ID-9). Unset: messages stay in the outbox and are printed to the log.',
  },
  LEGACY_ID_LOGIN_UNTIL: {
    schema: z.coerce.date().default(new Date('2016-01-01T00:00:00+08:00')),
    doc: 'End of the transition during which citizens may still sign in by ID number (ID-11).',
  },
  REGISTRATION_FLOW_TTL_SECONDS: {
    schema: z.coerce.number().int().positive().default(1800),
    doc: 'Lifetime of a registration flow (ID-1).',
  },
  CA_KEY_BACKEND: {
    schema: z.enum(['software', 'pkcs11']).default('software'),
    doc: 'Where the CA keys live: `software` (sealed in the database) or `pkcs11` (an HSM; SoftHSM2 in tests).',
  },
  CA_KEY_ENCRYPTION_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes')
      .optional(),
    doc: 'Base64 AES-256 key sealing the software CA keys at rest. Required in production with the software backend; development keeps a generated one in `DATA_DIR/certificate/`.',
    secret: true,
  },
  KMC_KEY_ENCRYPTION_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of 32 bytes')
      .optional(),
    doc: 'Base64 AES-256 key of the key management centre, sealing the escrowed encryption keys of dual certificates (CT-1), with software CA keys. Unset in production: dual certificates are refused; development keeps a generated one in `DATA_DIR/certificate/`. With `CA_KEY_BACKEND=pkcs11` it is not used: the key lives on the token (AES-256, never extractable).',
    secret: true,
  },
  CA_PKCS11_MODULE: {
    schema: z.string().min(1).default('/usr/lib/softhsm/libsofthsm2.so'),
    doc: 'PKCS#11 library of the HSM (`CA_KEY_BACKEND=pkcs11`).',
  },
  CA_PKCS11_TOKEN_LABEL: { schema: z.string().min(1).optional(), doc: 'Label of the token holding the CA keys.' },
  CA_PKCS11_PIN: { schema: z.string().min(1).optional(), doc: 'User PIN of that token.', secret: true },
  CA_PKCS11_SESSIONS: {
    schema: z.coerce.number().int().positive().default(4),
    doc: 'PKCS#11 sessions signing in parallel (one signs one thing at a time).',
  },
  CA_HIERARCHIES: {
    schema: z
      .string()
      .transform((v) => v.split(',').map((name) => name.trim()))
      .pipe(
        z
          .array(z.enum(caHierarchyNames))
          .min(1)
          .refine((names) => new Set(names).size === names.length, 'each hierarchy once'),
      )
      .optional(),
    doc: 'The CA hierarchies (comma-separated; the first is the default one certificates are issued under unless an issuance or an RA application names another): `international` is the RSA/ECDSA hierarchy of `CA_KEY_ALGORITHM` (国际), `sm2` the SM2/SM3 one (国密, GM/T 0003/0009). Each has its root, its issuing CA by generation (`npm run ca -- rollover`) and its OCSP responder, created on first start. Unset: `international,sm2` with the software key backend, `international` with `CA_KEY_BACKEND=pkcs11` (a token without SM2, like SoftHSM, cannot hold the `sm2` keys: naming `sm2` there stops the start).',
  },
  CA_KEY_ALGORITHM: {
    schema: z.enum(['P-256', 'P-384', 'RSA-2048', 'RSA-3072']).default('P-256'),
    doc: 'Key algorithm of the `international` CA hierarchy created on first start, and of its issuing CAs made by a rollover.',
  },
  CA_IMPORT_CERTIFICATES: {
    schema: z.string().min(1).optional(),
    doc: 'PEM file with an existing issuing CA certificate followed by its root, imported as the first hierarchy of `CA_HIERARCHIES` instead of creating it on first start (never over an existing one; an SM2 CA only as `sm2`, an RSA/ECDSA one only as `international`). Needs `CA_IMPORT_KEY` or `CA_IMPORT_KEY_LABEL`; the files are not read again once imported.',
  },
  CA_IMPORT_KEY: {
    schema: z.string().min(1).optional(),
    doc: "PKCS#8 PEM file of that issuing CA's private key, stored in the key backend on import.",
  },
  CA_IMPORT_KEY_LABEL: {
    schema: z.string().min(1).optional(),
    doc: "Label of that issuing CA's private key already on the PKCS#11 token (`CA_KEY_BACKEND=pkcs11`).",
  },
  CA_PUBLIC_URL: {
    schema: url.optional(),
    doc: 'Base URL relying parties reach `/pki/...` (CA certificates, CRLs, OCSP) at, written into every certificate; defaults to the origin of `CERTIFICATE_URL`.',
  },
  TSA_POLICY_OID: {
    schema: z
      .string()
      .regex(/^[0-2](\.(0|[1-9]\d*))+$/, 'a dotted object identifier')
      .optional(),
    doc: 'The TSA policy (RFC 3161 TSTInfo.policy) of every time-stamp token `/pki/tsa` issues; requests naming another policy are refused (unacceptedPolicy). Unset: `2.25.41566171694906731057192303956126685476.4.1`, under Tessera’s policy arc (a UUID OID, X.667), `.4` being the time-stamping profile (the TSA certificate’s policy) and `.4.1` its first token policy.',
  },
  CA_GM_IDENTITY_EXTENSIONS: {
    schema: z.enum(['on', 'off']).default('on'),
    doc: "Whether subscriber certificates (both algorithm families) carry the GM/T 0015 identity extensions filled from the RA's data: a person's ID number (IdentityCode) and social-insurance number, a unit's social-insurance number and the numbers of its unified social credit code. `off`: none, and the RA does not send the ID number.",
  },
  CERTIFICATE_VALIDITY_DAYS: {
    schema: z.coerce.number().int().positive().default(365),
    doc: 'Validity of subscriber certificates.',
  },
  ENROLLMENT_CODE_VALIDITY_DAYS: {
    schema: z.coerce.number().int().positive().default(14),
    doc: 'How long the reference and authorization codes of an approval can be redeemed (RA-11).',
  },
  CRL_VALIDITY_HOURS: {
    schema: z.coerce.number().int().positive().default(24),
    doc: 'Time between thisUpdate and nextUpdate of each CRL (CT-5).',
  },
  CERTIFICATE_STATUS_RATE_LIMIT: {
    schema: z.coerce.number().int().positive().default(60),
    doc: 'Public certificate status queries (CT-2) one client address may make per `CERTIFICATE_STATUS_RATE_WINDOW_SECONDS`, counted once across all certificate replicas (in PostgreSQL; in memory while the database cannot be reached); staff and services are not limited.',
  },
  CERTIFICATE_STATUS_RATE_WINDOW_SECONDS: {
    schema: z.coerce.number().int().positive().default(60),
    doc: 'Window of `CERTIFICATE_STATUS_RATE_LIMIT`.',
  },
  RA_HOLIDAYS: {
    schema: dateList,
    doc: 'Public holidays on weekdays (comma-separated `YYYY-MM-DD`): not working days for service promises (CS-4).',
  },
  RA_WORKING_WEEKENDS: {
    schema: dateList,
    doc: 'Weekend days worked in exchange for a holiday (调休), comma-separated `YYYY-MM-DD`.',
  },
  RA_SUSPENSION_REVIEW_INTERVAL_MINUTES: {
    schema: z.coerce.number().int().positive().default(60),
    doc: 'How often the RA looks for suspensions that outlive their certificate and opens a revocation review for each (RA-5).',
  },
  RA_RENEWAL_WINDOW_DAYS: {
    schema: z.coerce.number().int().positive().max(365).default(90),
    doc: 'How many days before its expiry a certificate may be renewed (RA-2); the renewal supersedes it once the new one is delivered.',
  },
  RA_DOCUMENTS_DIR: {
    schema: z.string().min(1).optional(),
    doc: "Directory for the RA's uploaded documents, each file named by its SHA-256 and written atomically (RA item 5); files no document row has named for a day are removed by an hourly sweep. When unset, uploads are kept in PostgreSQL.",
  },
  METRICS_PORT_OFFSET: {
    schema: z.coerce.number().int().min(1).max(60000).default(1000),
    doc: 'Every process serves `/metrics` on its own management port, its HTTP port plus this offset (gateway 5000, identity 5001, certificate 5002, RA 5003 by default), never on the public port a load balancer exposes. `METRICS_TOKEN` applies there as before.',
  },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    schema: url.optional(),
    doc: 'Base URL of an OpenTelemetry collector (OTLP over HTTP, JSON; traces go to `/v1/traces`). Unset: tracing is off, no SDK is started and no `traceparent` is sent. Set: the gateway and every subgraph export spans of each request and each call to another service, joined by W3C `traceparent`.',
  },
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: {
    schema: url.optional(),
    doc: 'Full URL traces are posted to, instead of `OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces` (turns tracing on by itself).',
  },
  OTEL_EXPORTER_OTLP_HEADERS: {
    schema: z
      .string()
      .regex(/^\s*[^=,\s]+=[^,]*(,\s*[^=,\s]+=[^,]*)*$/, 'comma-separated key=value pairs')
      .optional(),
    doc: "Headers sent with every export (`key=value,key2=value2`, values URL-encoded), e.g. the collector's API key.",
  },
  OTEL_TRACES_SAMPLER_ARG: {
    schema: z.coerce.number().min(0).max(1).default(1),
    doc: 'Share of new traces recorded (parent-based: a request that arrives with a sampled `traceparent` is always recorded).',
  },
  DEFAULT_LOCALE: {
    schema: z.enum(['zh-CN', 'en']).default('zh-CN'),
    doc: 'Language of messages when the request has no `Accept-Language` the platform speaks.',
  },
  SCHEDULED_JOB_PERIODS: {
    schema: jobPeriods,
    doc: "Periods of scheduled jobs other than their defaults, comma-separated `job=seconds` (e.g. `crl-refresh=300,hold-release=3600`). Each job runs once per period across a subgraph's replicas; the jobs and their default periods are in each subgraph's `src/jobs/scheduled-jobs.ts`.",
  },
  MIGRATE_ON_START: {
    schema: flag.default(true),
    doc: "Apply each subgraph's migrations when it starts (under a lock per schema). `false`: migrate first with `npm run migrate` (a Kubernetes Job), and a subgraph refuses to start while its schema has migrations pending.",
  },
  DATABASE_POOL_SIZE: {
    schema: z.coerce.number().int().positive().default(10),
    doc: 'Most PostgreSQL connections each subgraph process keeps open.',
  },
  DATABASE_CONNECT_TIMEOUT_MS: {
    schema: z.coerce.number().int().positive().default(5_000),
    doc: 'Time a subgraph waits to open a PostgreSQL connection, or for a free one of its pool: beyond it the request answers `SERVICE_UNAVAILABLE` (503) instead of hanging while the database is down or saturated.',
  },
  DATABASE_STATEMENT_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(0).default(30_000),
    doc: "PostgreSQL `statement_timeout` of the subgraphs' connections: a statement running longer is cancelled and its request answers `SERVICE_TIMEOUT`. `0`: no limit. Migrations run without it.",
  },
  SUBGRAPH_TIMEOUT_MS: {
    schema: z.coerce.number().int().positive().default(30_000),
    doc: "Time the gateway allows one subgraph fetch (the fields it would have answered get `SERVICE_TIMEOUT`) and one request it passes to identity's OpenID Connect provider (then 503 `temporarily_unavailable`).",
  },
  SERVICE_CALL_TIMEOUT_MS: {
    schema: z.coerce.number().int().positive().default(10_000),
    doc: "Time one service-to-service call may take (the RA's calls to the certificate subgraph, service token requests).",
  },
  SHUTDOWN_DELAY_SECONDS: {
    schema: z.coerce.number().min(0).max(300).default(0),
    doc: 'On SIGTERM, how long `/ready` answers 503 while new requests are still served, before the listener closes: time for load balancers (Kubernetes endpoints) to stop sending requests. Set it a little above the readiness probe period.',
  },
  SHUTDOWN_GRACE_SECONDS: {
    schema: z.coerce.number().min(0).max(300).default(20),
    doc: 'On shutdown, how long requests in flight may take to finish before their connections are closed.',
  },
  KMC_PREVIOUS_KEY_ENCRYPTION_KEYS: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, 'comma-separated base64 of 32 bytes each')
      .optional(),
    secret: true,
    doc: 'During a rotation of `KMC_KEY_ENCRYPTION_KEY`: the keys it replaced (comma-separated base64), which still open the escrowed keys they sealed until `npm run ca -- reseal-kmc` has sealed every one under the new key (docs/operations.md).',
  },
  CA_PREVIOUS_KEY_ENCRYPTION_KEYS: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, 'comma-separated base64 of 32 bytes each')
      .optional(),
    secret: true,
    doc: 'During a rotation of `CA_KEY_ENCRYPTION_KEY`: the keys it replaced (comma-separated base64), which still open the software CA keys they sealed until `npm run ca -- reseal-ca-keys` has sealed every one under the new key (docs/operations.md).',
  },
  RA_DOCUMENTS_DIR_SHARED: {
    schema: flag.default(false),
    doc: "`RA_DOCUMENTS_DIR` is storage every RA replica sees (a shared volume). In production the RA refuses a documents directory without it: an upload kept on one replica's disk is missing on the others.",
  },
  RA_DOCUMENTS_S3_URL: {
    schema: url.optional(),
    doc: "Endpoint of S3-compatible object storage for the RA's uploaded documents (e.g. `https://s3.eu-central-1.amazonaws.com`, a MinIO or Ceph gateway), addressed path-style (`<url>/<bucket>/<key>`). With `RA_DOCUMENTS_S3_BUCKET` set, uploads are kept there, each object keyed by its SHA-256 and read back only with that hash; objects no document row has named for a day are removed by the hourly sweep. Not together with `RA_DOCUMENTS_DIR`. Objects are outside the database backup (docs/operations.md).",
  },
  RA_DOCUMENTS_S3_BUCKET: {
    schema: z.string().min(1).optional(),
    doc: "Bucket of the RA's uploaded documents in the object storage of `RA_DOCUMENTS_S3_URL` (it must exist; the RA keeps nothing else in it).",
  },
  RA_DOCUMENTS_S3_REGION: {
    schema: z.string().min(1).default('us-east-1'),
    doc: 'Region the object storage signs requests for (AWS Signature Version 4).',
  },
  RA_DOCUMENTS_S3_ACCESS_KEY_ID: {
    schema: z.string().min(1).optional(),
    doc: 'Access key id of the object storage of `RA_DOCUMENTS_S3_URL`.',
  },
  RA_DOCUMENTS_S3_SECRET_ACCESS_KEY: {
    schema: z.string().min(1).optional(),
    secret: true,
    doc: 'Secret access key of the object storage of `RA_DOCUMENTS_S3_URL`.',
  },
} as const;

export type SettingName = keyof typeof settings;
