import 'reflect-metadata';
import type { SubgraphModule } from '@tessera/kit';
import { raEntities } from './entities';
import { migrations } from './migrations';
import { raSchema } from './schema';

export { CertificateApplication } from './applications/certificate-application.entity';

/** The RA subgraph: subscribers, applications and the clerk workflow (rules RA-1..RA-16, CS-1..CS-6). */
export const ra: SubgraphModule = {
  name: 'ra',
  entities: raEntities,
  migrations,
  schema: raSchema,
};
