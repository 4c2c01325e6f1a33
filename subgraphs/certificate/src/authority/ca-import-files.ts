import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PemConverter } from '@peculiar/x509';
import type { ImportedHierarchy } from './ca-hierarchy';

/** The settings of an import: CA_IMPORT_CERTIFICATES and CA_IMPORT_KEY or CA_IMPORT_KEY_LABEL. */
export interface CaImportFiles {
  /** PEM: the issuing CA certificate, then its root. */
  certificatesFile: string;
  /** PKCS#8 PEM of the issuing CA key. */
  keyFile?: string;
  /** Or the label of that key on the PKCS#11 token. */
  keyLabel?: string;
}

/** Reads the files of an import; what is wrong with them stops the start with the setting named. */
export function hierarchyFromFiles(files: CaImportFiles): ImportedHierarchy {
  const certificates = PemConverter.decode(read(files.certificatesFile, 'CA_IMPORT_CERTIFICATES')).map((der) =>
    Buffer.from(der),
  );
  const [issuingCertificate, rootCertificate] = certificates;
  if (certificates.length !== 2 || !issuingCertificate || !rootCertificate) {
    throw new Error(
      `certificate: CA_IMPORT_CERTIFICATES must hold two PEM certificates, the issuing CA's and then its root's (found ${certificates.length})`,
    );
  }
  if (!files.keyFile) return { issuingCertificate, rootCertificate, issuingKeyLabel: files.keyLabel };
  let issuingKey: Buffer;
  try {
    issuingKey = createPrivateKey(read(files.keyFile, 'CA_IMPORT_KEY')).export({ type: 'pkcs8', format: 'der' });
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('certificate:')) throw error;
    throw new Error('certificate: CA_IMPORT_KEY is not an unencrypted PKCS#8 PEM private key', { cause: error });
  }
  return { issuingCertificate, rootCertificate, issuingKey };
}

function read(file: string, setting: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`certificate: ${setting} (${file}) cannot be read`, { cause: error });
  }
}
