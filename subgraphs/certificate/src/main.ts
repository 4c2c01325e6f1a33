import { runSubgraph } from '@tessera/kit';
import { certificate } from './index';

void runSubgraph(certificate);
