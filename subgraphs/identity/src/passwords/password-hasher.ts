import { hash, verify } from '@node-rs/argon2';

export interface Argon2Cost {
  /** KiB of memory per hash. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
export const owaspArgon2Cost: Argon2Cost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** argon2id (the library's default algorithm) password hashes in PHC string format. */
export class PasswordHasher {
  constructor(private readonly cost: Argon2Cost = owaspArgon2Cost) {}

  hash(password: string): Promise<string> {
    return hash(password, this.cost);
  }

  verify(hashed: string, password: string): Promise<boolean> {
    return verify(hashed, password);
  }
}
