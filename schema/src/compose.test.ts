import fs from 'node:fs';
import path from 'node:path';
import { composeSupergraph, compositionFiles, schemaDir } from './compose';

describe('the checked-in supergraph', () => {
  it('matches what the subgraphs’ code composes to (run `npm run compose` after changing a schema)', async () => {
    const files = compositionFiles(await composeSupergraph());
    for (const [file, expected] of Object.entries(files)) {
      const relative = path.relative(schemaDir, file);
      expect(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `(missing ${relative})`).toBe(expected);
    }
  });

  it('joins the three subgraphs and the entities they share', async () => {
    const { supergraph } = await composeSupergraph();
    for (const name of ['IDENTITY', 'CERTIFICATE', 'RA']) expect(supergraph).toContain(`${name} @join__graph(name: "`);
    expect(supergraph).toMatch(
      /type User\s+@join__type\(graph: CERTIFICATE, key: "id"\)\s+@join__type\(graph: IDENTITY, key: "id"\)/,
    );
    expect(supergraph).toMatch(/type CertificateApplication\s+@join__type\(graph: RA, key: "id"\)/);
  });
});
