import { sm2Verify } from './sm2-signature';

/** One SM3withSM2 verification, as the pool's threads run it (`sm2-verifier-pool.ts`). */
export interface Sm2VerifyTask {
  publicKey: string;
  data: Uint8Array;
  signature: Uint8Array;
}

export default function verify({ publicKey, data, signature }: Sm2VerifyTask): boolean {
  return sm2Verify(publicKey, Buffer.from(data), Buffer.from(signature));
}
