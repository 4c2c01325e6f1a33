import fs from 'node:fs';
import path from 'node:path';

const clientsDir = path.resolve(__dirname, '..', '..', '..', 'clients');

interface BundleReport {
  budgetKb: number;
  initialJsGzipKb: number;
  chunks: { file: string; gzipKb: number; initial: boolean }[];
}

function report(client: string): BundleReport {
  return JSON.parse(fs.readFileSync(path.join(clientsDir, client, 'dist', 'bundle-report.json'), 'utf8'));
}

describe('the built clients (issue 6, item 8)', () => {
  it.each(['web', 'admin'])('%s: the build reports its bundle and ships its trusted operations', (client) => {
    const dist = path.join(clientsDir, client, 'dist');
    expect(fs.existsSync(path.join(dist, 'index.html'))).toBe(true);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dist, 'trusted-operations.json'), 'utf8'))).length).toBe(
      fs
        .readdirSync(path.join(clientsDir, client, 'src', 'operations'), { recursive: true })
        .filter((file) => String(file).endsWith('.graphql'))
        .map((file) => fs.readFileSync(path.join(clientsDir, client, 'src', 'operations', String(file)), 'utf8'))
        .join('\n')
        .match(/^(query|mutation|subscription)\s/gm)?.length,
    );
    const { initialJsGzipKb, budgetKb } = report(client);
    expect(initialJsGzipKb).toBeGreaterThan(0);
    expect(initialJsGzipKb).toBeLessThanOrEqual(budgetKb);
  });

  it('the web client’s first load stays under 250 KB of compressed JavaScript', () => {
    expect(report('web').budgetKb).toBeLessThanOrEqual(250);
    expect(report('web').initialJsGzipKb).toBeLessThan(250);
  });
});
