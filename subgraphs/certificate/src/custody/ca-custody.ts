import { X509Certificate } from '@peculiar/x509';
import type { CaHierarchy } from '../authority/ca-hierarchy';
import type { KeyBackend } from '../keys/key-backend';
import { fromPkcs12, KeystoreError, toPkcs12 } from './pkcs12';

/**
 * Key custody of the CA (issue 13, item 6): the root and issuing CA keys with their certificates of one
 * hierarchy (CA_HIERARCHIES; the default one unless named), exported to a PKCS#12 file under an operator's
 * passphrase, and imported from one into a database that has no CA of that hierarchy yet. The OCSP
 * responder's key is not exported: an import makes a new responder certificate.
 */
export class CaCustody {
  constructor(
    private readonly hierarchy: CaHierarchy,
    private readonly backend: KeyBackend,
  ) {}

  async exportPkcs12(passphrase: string, hierarchyName?: string): Promise<Buffer> {
    const exportKey = this.backend.exportKey?.bind(this.backend);
    if (!exportKey) {
      throw new KeystoreError(
        'CA_KEY_BACKEND=pkcs11: the CA keys never leave the HSM; back them up with the HSM’s own backup (docs/operations.md)',
      );
    }
    const { name } = this.hierarchy.definition(hierarchyName);
    const authorities = (await this.hierarchy.authorities()).filter(({ entity }) => entity.hierarchy === name);
    if (authorities.length === 0) throw new KeystoreError(`this database holds no CA hierarchy ${name}`);
    return toPkcs12(
      await Promise.all(
        authorities.map(async ({ entity }) => ({
          name: entity.name,
          certificate: entity.certificateDer,
          key: entity.keyLabel ? await exportKey({ label: entity.keyLabel, algorithm: entity.algorithm }) : undefined,
        })),
      ),
      passphrase,
    );
  }

  /**
   * Takes over the CA of a PKCS#12 file: its issuing CA (a CA certificate with its key, not self-signed) and
   * that CA's self-signed root, with the root's key when the file has it, as the hierarchy `hierarchyName`
   * (the default one unless named). Refuses a database that has a CA of that hierarchy.
   */
  async importPkcs12(file: Buffer, passphrase: string, hierarchyName?: string): Promise<void> {
    const { name } = this.hierarchy.definition(hierarchyName);
    if ((await this.hierarchy.authorities()).some(({ entity }) => entity.hierarchy === name)) {
      throw new KeystoreError(`this database already holds the CA hierarchy ${name}: import into a fresh database`);
    }
    const entries = (await fromPkcs12(file, passphrase)).map((entry) => ({
      ...entry,
      parsed: new X509Certificate(entry.certificate),
    }));
    const selfSigned = (certificate: X509Certificate) => certificate.subject === certificate.issuer;
    // After rollovers the file holds every generation: the newest issuing CA (the later one in the file,
    // exported oldest first, when two began in the same second) is the one to take over.
    const issuing = entries
      .filter((entry) => entry.key && !selfSigned(entry.parsed))
      .reduce<(typeof entries)[number] | undefined>(
        (newest, entry) => (newest && newest.parsed.notBefore > entry.parsed.notBefore ? newest : entry),
        undefined,
      );
    const root = entries.find((entry) => selfSigned(entry.parsed) && entry.parsed.subject === issuing?.parsed.issuer);
    if (!issuing?.key || !root) {
      throw new KeystoreError('the file needs an issuing CA certificate with its key, and its self-signed root');
    }
    await this.hierarchy.import(
      {
        rootCertificate: root.certificate,
        rootKey: root.key,
        issuingCertificate: issuing.certificate,
        issuingKey: issuing.key,
      },
      name,
    );
  }
}
