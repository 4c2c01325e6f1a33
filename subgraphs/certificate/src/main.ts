import { runSubgraph } from '@tessera/kit';
import { certificate } from './index';

runSubgraph(certificate).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
