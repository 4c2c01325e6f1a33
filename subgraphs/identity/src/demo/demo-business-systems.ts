import type { EntityManager } from '@mikro-orm/postgresql';
import type { DataProtector } from '@tessera/kit';
import { ApplicationSystem } from '../application-systems/application-system.entity';
import { clientSecretDigest } from '../application-systems/client-secret';

/**
 * The two business systems `npm start` runs from `examples/business-system`, so a newcomer clicks
 * through single sign-on. Their secrets are public: demo data is never seeded in production.
 */
export const demoBusinessSystems = [
  {
    code: 'demo-portal',
    name: '社保业务演示系统',
    secret: 'demo-portal-secret-for-development-only',
    port: 4020,
    requiresRealName: false,
  },
  {
    code: 'demo-pension',
    name: '养老待遇演示系统',
    secret: 'demo-pension-secret-for-development-only',
    port: 4021,
    requiresRealName: true,
  },
] as const;

/** Registers the demo business systems once (existing codes are left as they are). */
export async function seedDemoBusinessSystems(em: EntityManager, protector: DataProtector, host = '127.0.0.1') {
  const fork = em.fork();
  const existing = new Set(
    (await fork.find(ApplicationSystem, { code: { $in: demoBusinessSystems.map((s) => s.code) } })).map((s) => s.code),
  );
  for (const system of demoBusinessSystems.filter((s) => !existing.has(s.code))) {
    const base = `http://${host}:${system.port}`;
    fork.create(ApplicationSystem, {
      code: system.code,
      name: system.name,
      owner: '演示 / demo',
      scopes: ['openid', 'profile', 'real_name', 'phone', 'offline_access'],
      secretDigest: clientSecretDigest(protector, system.secret),
      secretIssuedAt: new Date(),
      redirectUris: [`${base}/callback`],
      postLogoutRedirectUris: [`${base}/`],
      backchannelLogoutUri: `${base}/backchannel-logout`,
      consentRequired: false,
      requiresRealName: system.requiresRealName,
    });
  }
  await fork.flush();
}
