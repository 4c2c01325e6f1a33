import 'reflect-metadata';
import type { SubgraphModule } from '@tessera/kit';
import { seedDemoAccounts } from './demo/demo-accounts';
import { migrations } from './migrations';
import { identitySchema } from './schema';
import { mountJwks } from './tokens/jwks.route';
import { SigningKey } from './tokens/signing-key.entity';
import { TokenIssuer } from './tokens/token-issuer';
import { User } from './users/user.entity';

export { demoCitizen, demoStaff } from './demo/demo-accounts';
export { TokenIssuer, type TokenRequest } from './tokens/token-issuer';
export { User } from './users/user.entity';

/** Access-token lifetime: short, refresh tokens (identity issue) renew it. */
const accessTokenTtl = 15 * 60;

export interface IdentityServices {
  tokens: TokenIssuer;
}

/** The identity subgraph: accounts, sign-in, tokens (rules ID-1..ID-19). */
export const identity: SubgraphModule<IdentityServices> = {
  name: 'identity',
  entities: [User, SigningKey],
  migrations,
  schema: identitySchema,
  async setup({ orm, config, routes }) {
    const tokens = new TokenIssuer(orm.em, {
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      accessTokenTtl,
    });
    await tokens.ensureKey();
    if (config.seedDemoData) await seedDemoAccounts(orm.em);
    mountJwks(routes, tokens);
    return { services: { tokens }, tokenKeys: () => tokens.keySet() };
  },
};
