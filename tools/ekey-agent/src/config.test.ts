import { AgentConfigError, readAgentConfig } from './config';

describe('the EKey agent configuration', () => {
  test('defaults: 127.0.0.1, port 17380, the local web clients, the SoftHSM module', () => {
    expect(readAgentConfig({})).toEqual({
      host: '127.0.0.1',
      port: 17380,
      allowedOrigins: ['http://127.0.0.1:4000', 'http://localhost:4000', 'http://localhost:5173'],
      pkcs11Module: '/usr/lib/softhsm/libsofthsm2.so',
      tokenLabel: undefined,
    });
  });

  test('reads every variable; an empty one is unset', () => {
    const config = readAgentConfig({
      EKEY_AGENT_HOST: '::1',
      EKEY_AGENT_PORT: '0',
      EKEY_AGENT_ALLOWED_ORIGINS: ' https://tessera.example.gov.cn , http://127.0.0.1:4000',
      EKEY_AGENT_PKCS11_MODULE: '/opt/vendor/libekey.so',
      EKEY_AGENT_TOKEN_LABEL: '',
    });
    expect(config).toMatchObject({
      host: '::1',
      port: 0,
      allowedOrigins: ['https://tessera.example.gov.cn', 'http://127.0.0.1:4000'],
      pkcs11Module: '/opt/vendor/libekey.so',
      tokenLabel: undefined,
    });
  });

  test.each(['0.0.0.0', '::', '10.0.0.8', 'localhost', 'ekey.local', '128.0.0.1'])(
    'refuses to listen on %s: loopback addresses only',
    (host) => {
      expect(() => readAgentConfig({ EKEY_AGENT_HOST: host })).toThrow(AgentConfigError);
    },
  );

  test.each([
    '*',
    'null',
    'https://tessera.example.gov.cn/',
    'https://tessera.example.gov.cn/login',
    'tessera.example.gov.cn',
    'file:///index.html',
  ])('refuses the origin %s: exact web origins only', (origin) => {
    expect(() => readAgentConfig({ EKEY_AGENT_ALLOWED_ORIGINS: origin })).toThrow(/not an exact web origin/);
  });

  test('refuses a port out of range, naming the variable', () => {
    expect(() => readAgentConfig({ EKEY_AGENT_PORT: '70000' })).toThrow(/EKEY_AGENT_PORT/);
  });
});
