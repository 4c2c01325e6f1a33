import 'reflect-metadata';
import type { SubgraphModule } from '@tessera/kit';
import { Certificate } from './certificates/certificate.entity';
import { migrations } from './migrations';
import { certificateSchema } from './schema';

export { Certificate } from './certificates/certificate.entity';

/** The certificate subgraph: the CA, certificates, revocation and status (rules CT-1..CT-6). */
export const certificate: SubgraphModule = {
  name: 'certificate',
  entities: [Certificate],
  migrations,
  schema: certificateSchema,
};
