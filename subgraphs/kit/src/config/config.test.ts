import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, settingsTable } from './config';
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

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  it("keeps the README's configuration table in step with the settings", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    expect(readme).toContain(settingsTable());
    for (const name of Object.keys(settings)) expect(settingsTable()).toContain(`\`${name}\``);
  });
});
