import { runSubgraph } from '@tessera/kit';
import { ra } from './index';

void runSubgraph(ra);
