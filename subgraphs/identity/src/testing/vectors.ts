import fs from 'node:fs';
import path from 'node:path';

/** The shared synthetic test vectors (../shared beside the clone, as in CI). */
export interface TestVectors {
  residentId: { valid: string[]; invalid: Record<string, string>; note: string };
  mobile: { valid: string[]; invalid: string[] };
  bankBins: Record<string, { name: string; debit: [string, number][]; credit: string[]; connected?: boolean }>;
  luhnValidCards: string[];
}

export const vectorsPath = path.resolve(__dirname, '../../../../../shared/testdata/vectors.json');

export function loadVectors(): TestVectors {
  const { _about, ...rest } = JSON.parse(fs.readFileSync(vectorsPath, 'utf8')) as TestVectors & { _about: string };
  const { _format, ...bankBins } = rest.bankBins as TestVectors['bankBins'] & { _format?: string };
  return { ...rest, bankBins: bankBins as TestVectors['bankBins'] };
}
