/** A private key sealed under a key-encryption key: AES-256-GCM's nonce, tag and ciphertext. */
export interface Sealed {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * A key-encryption key that seals and opens private keys (the KMC's escrow, CT-1), wherever it
 * lives: in memory from the configuration (`KeySealer`) or on the PKCS#11 token, never leaving it.
 * The label is the associated data, so a sealed key copied onto another label's row fails to open.
 */
export interface KeyEncryption {
  seal(label: string, plaintext: Buffer): Sealed | Promise<Sealed>;
  open(label: string, sealed: Sealed): Buffer | Promise<Buffer>;
}
