import { runSubgraph } from '@tessera/kit';
import { identity } from './index';

void runSubgraph(identity);
