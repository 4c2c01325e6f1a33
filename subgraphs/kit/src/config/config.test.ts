import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, environmentWith, loadConfig, settingsTable } from './config';
import { secretSettings } from './secret-files';
import { settings } from './settings';

describe('configuration', () => {
  it('has working defaults for the embedded platform', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.database.url).toBeUndefined();
    expect(config.services.identity).toEqual({ port: 4001, url: 'http://127.0.0.1:4001/graphql' });
    expect(config.auth.jwksUrl).toBe('http://127.0.0.1:4001/.well-known/jwks.json');
    expect(config.introspection).toBe(true);
    expect(config.seedDemoData).toBe(true);
    expect(config.gateway.supergraphPath).toBe(path.resolve(__dirname, '../../../../schema/supergraph.graphql'));
  });

  it('turns development conveniences off in production', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(config.introspection).toBe(false);
    expect(config.seedDemoData).toBe(false);
    expect(config.gateway.watchSupergraph).toBe(false);
  });

  it('reads the periods of scheduled jobs given instead of their declared ones, and refuses a malformed list', () => {
    expect(loadConfig({}).jobPeriods).toEqual({});
    expect(loadConfig({ SCHEDULED_JOB_PERIODS: 'crl-refresh=0.3, hold-release=3600' }).jobPeriods).toEqual({
      'crl-refresh': 300,
      'hold-release': 3_600_000,
    });
    expect(() => loadConfig({ SCHEDULED_JOB_PERIODS: 'crl-refresh' })).toThrow(ConfigError);
    expect(() => loadConfig({ SCHEDULED_JOB_PERIODS: 'crl-refresh=-1' })).toThrow(ConfigError);
  });

  it('derives service URLs from HOST and ports, and lets explicit URLs win', () => {
    const config = loadConfig({ HOST: '0.0.0.0', RA_PORT: '5003', CERTIFICATE_URL: 'http://ca.internal:80/graphql' });
    expect(config.services.ra.url).toBe('http://0.0.0.0:5003/graphql');
    expect(config.services.certificate.url).toBe('http://ca.internal:80/graphql');
  });

  it('rejects invalid values with every problem named', () => {
    expect(() => loadConfig({ GATEWAY_PORT: 'eighty', DATABASE_URL: 'not a url', INTROSPECTION: 'maybe' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ GATEWAY_PORT: 'eighty', DATABASE_URL: 'not a url' });
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/GATEWAY_PORT/);
      expect(problems).toMatch(/DATABASE_URL/);
    }
  });

  it("derives identity's token endpoint and reads the services allowed service tokens", () => {
    const config = loadConfig({
      AUTH_JWKS_URL: 'http://identity:4001/.well-known/jwks.json',
      SERVICE_SECRETS: 'ra:0123456789abcdefghijklmnop, certificate:zyxwvutsrqponmlkjihgfedcba',
    });
    expect(config.auth.tokenUrl).toBe('http://identity:4001/oauth/token');
    expect(config.auth.serviceSecrets).toEqual({
      ra: '0123456789abcdefghijklmnop',
      certificate: 'zyxwvutsrqponmlkjihgfedcba',
    });
    expect(() => loadConfig({ SERVICE_SECRETS: 'ra:short' })).toThrow(/SERVICE_SECRETS/);
  });

  it('runs the 国际 and 国密 SM2 CA hierarchies by default with software keys, the international one alone on a token (issue 14 item 1)', () => {
    expect(loadConfig({}).certificate.hierarchies).toEqual(['international', 'sm2']);
    expect(loadConfig({ CA_KEY_BACKEND: 'pkcs11' }).certificate.hierarchies).toEqual(['international']);
    expect(loadConfig({ CA_HIERARCHIES: 'sm2, international' }).certificate.hierarchies).toEqual([
      'sm2',
      'international',
    ]);
    expect(loadConfig({ CA_KEY_BACKEND: 'pkcs11', CA_HIERARCHIES: 'sm2' }).certificate.hierarchies).toEqual(['sm2']);
    expect(() => loadConfig({ CA_HIERARCHIES: 'sm2,sm2' })).toThrow(/CA_HIERARCHIES/);
    expect(() => loadConfig({ CA_HIERARCHIES: 'ecdsa' })).toThrow(/CA_HIERARCHIES/);
  });

  it("issue 17: the bureau's time zone defaults to Asia/Shanghai, takes any IANA zone, and refuses an unknown one", () => {
    expect(loadConfig({}).bureauTimeZone).toBe('Asia/Shanghai');
    expect(loadConfig({ BUREAU_TIME_ZONE: 'Asia/Urumqi' }).bureauTimeZone).toBe('Asia/Urumqi');
    expect(() => loadConfig({ BUREAU_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(/BUREAU_TIME_ZONE/);
  });

  it("issue 17 item 4: the bureau's branding has the demo's defaults and takes the bureau's own", () => {
    expect(loadConfig({}).branding).toEqual({
      name: { 'zh-CN': '某市社会保险事业管理局', en: 'Municipal Social Insurance Bureau' },
      emblemUrl: undefined,
      hotline: '12333',
      privacyUrl: '/privacy',
      icpFiling: '某ICP备00000000号',
    });
    const own = loadConfig({
      BUREAU_NAME: '临江市社会保险事业管理局',
      BUREAU_NAME_EN: 'Linjiang Social Insurance Bureau',
      BUREAU_EMBLEM_URL: 'https://static.example.gov.cn/emblem.svg',
      BUREAU_HOTLINE: '0571-12333',
      BUREAU_PRIVACY_URL: 'https://www.example.gov.cn/privacy',
      BUREAU_ICP_FILING: 'none',
    }).branding;
    expect(own).toMatchObject({ emblemUrl: 'https://static.example.gov.cn/emblem.svg', icpFiling: undefined });
    expect(loadConfig({ BUREAU_EMBLEM_URL: '/emblem.png' }).branding.emblemUrl).toBe('/emblem.png');
    for (const emblem of ['javascript:alert(1)', '//evil.example/e.png', 'emblem.png']) {
      expect(() => loadConfig({ BUREAU_EMBLEM_URL: emblem })).toThrow(/BUREAU_EMBLEM_URL/);
    }
    expect(() => loadConfig({ BUREAU_HOTLINE: 'call us' })).toThrow(/BUREAU_HOTLINE/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  describe('secrets given as files (NAME_FILE)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-secrets-'));
    const secretFile = (name: string, content: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content, { mode: 0o600 });
      return file;
    };
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('marks every setting that holds a secret', () => {
      expect(secretSettings).toEqual(
        expect.arrayContaining([
          'DATABASE_URL',
          'DATA_ENCRYPTION_KEYS',
          'DATA_INDEX_KEY',
          'GATEWAY_ASSERTION_SECRET',
          'SERVICE_SECRETS',
          'SERVICE_CLIENT_SECRET',
          'METRICS_TOKEN',
          'CA_KEY_ENCRYPTION_KEY',
          'KMC_KEY_ENCRYPTION_KEY',
          'CA_PKCS11_PIN',
        ]),
      );
    });

    it('reads each secret from its file, without the trailing newline', () => {
      const key = Buffer.alloc(32, 7).toString('base64');
      const config = loadConfig({
        DATABASE_URL_FILE: secretFile('database-url', 'postgres://tessera:s3cret@db:5432/tessera\n'),
        GATEWAY_ASSERTION_SECRET_FILE: secretFile('assertion', `${'a'.repeat(40)}\n`),
        METRICS_TOKEN_FILE: secretFile('metrics', 'm'.repeat(30)),
        SERVICE_CLIENT_SECRET_FILE: secretFile('client', `${'c'.repeat(30)}\r\n`),
        SERVICE_SECRETS_FILE: secretFile('services', `ra:${'r'.repeat(30)}\n`),
        DATA_ENCRYPTION_KEYS_FILE: secretFile('data-keys', `k1:${key}\n`),
        DATA_INDEX_KEY_FILE: secretFile('index-key', `${key}\n`),
        CA_KEY_ENCRYPTION_KEY_FILE: secretFile('ca-kek', `${key}\n`),
        KMC_KEY_ENCRYPTION_KEY_FILE: secretFile('kmc-kek', `${key}\n`),
        CA_PKCS11_PIN_FILE: secretFile('pin', '1234\n'),
      });
      expect(config.database.url).toBe('postgres://tessera:s3cret@db:5432/tessera');
      expect(config.gatewayAssertionSecret).toBe('a'.repeat(40));
      expect(config.metricsToken).toBe('m'.repeat(30));
      expect(config.auth.serviceClientSecret).toBe('c'.repeat(30));
      expect(config.auth.serviceSecrets).toEqual({ ra: 'r'.repeat(30) });
      expect(config.dataProtection).toEqual({ encryptionKeys: `k1:${key}`, indexKey: key });
      expect(config.certificate.keyEncryptionKey).toBe(key);
      expect(config.certificate.kmcKeyEncryptionKey).toBe(key);
      expect(config.certificate.pkcs11.pin).toBe('1234');
    });

    it('refuses a secret set both directly and as a file, and a file it cannot read, naming no value', () => {
      const file = secretFile('token', 'x'.repeat(30));
      const missing = path.join(dir, 'missing');
      let problems: string[] = [];
      try {
        loadConfig({ METRICS_TOKEN: 'y'.repeat(30), METRICS_TOKEN_FILE: file, DATA_INDEX_KEY_FILE: missing });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        problems = (error as ConfigError).problems;
      }
      expect(problems).toEqual([
        'METRICS_TOKEN: set either METRICS_TOKEN or METRICS_TOKEN_FILE, not both',
        `DATA_INDEX_KEY_FILE: cannot read ${missing} (ENOENT)`,
      ]);
      expect(problems.join('\n')).not.toContain('x'.repeat(30));
    });

    it('validates a value read from a file like one set directly', () => {
      expect(() => loadConfig({ METRICS_TOKEN_FILE: secretFile('short', 'short\n') })).toThrow(/METRICS_TOKEN/);
    });
  });

  it("keeps the README's configuration table in step with the settings", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    expect(readme).toContain(settingsTable());
    for (const name of Object.keys(settings)) expect(settingsTable()).toContain(`\`${name}\``);
    for (const name of secretSettings) expect(settingsTable()).toContain(`\`${name}_FILE\``);
  });
  // Issue 16 goal 2: npm start hands each service process what it made for the run.
  it("gives a started process settings in place of this process's own, a secret's file included", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-environment-'));
    try {
      const file = path.join(folder, 'database-url');
      fs.writeFileSync(file, 'postgres://u:p@db.example:5432/tessera\n');
      const own = { DATABASE_URL_FILE: file, GATEWAY_PORT: '4100', PLATFORM_PROCESSES: 'single' };
      expect(loadConfig(own).database.url).toBe('postgres://u:p@db.example:5432/tessera');
      const child = environmentWith(
        { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/tessera', PLATFORM_PROCESSES: '', SERVICE_CLIENT_SECRET: '' },
        own,
      );
      const config = loadConfig(child);
      expect(config.database.url).toBe('postgres://u:p@127.0.0.1:5432/tessera');
      expect(config.gateway.port).toBe(4100);
      expect(config.platformProcesses).toBe('per-service');
      expect(config.auth.serviceClientSecret).toBeUndefined();
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
