import { runSubgraph } from '@tessera/kit';
import { ra } from './index';

runSubgraph(ra).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
