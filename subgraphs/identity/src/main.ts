import { runSubgraph } from '@tessera/kit';
import { identity } from './index';

runSubgraph(identity).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
