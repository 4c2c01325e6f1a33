export { type Composition, composeSupergraph, compositionFiles, schemaDir, subgraphs, supergraphPath } from './compose';
