import * as pkcs11js from 'pkcs11js';
import { isPkcs11Error } from './pkcs11-module';

/**
 * Logged-in sessions on one token. A session runs one operation at a time
 * (CKR_OPERATION_ACTIVE otherwise), so callers borrow a session for the length of an operation
 * and wait in line when all are busy.
 */
export class SessionPool {
  private readonly idle: pkcs11js.Handle[] = [];
  private readonly all: pkcs11js.Handle[] = [];
  private readonly waiting: ((session: pkcs11js.Handle) => void)[] = [];

  constructor(
    private readonly module: pkcs11js.PKCS11,
    private readonly slot: pkcs11js.Handle,
    private readonly pin: string,
    private readonly size: number,
  ) {}

  async use<T>(operation: (session: pkcs11js.Handle) => Promise<T> | T): Promise<T> {
    const session = await this.acquire();
    try {
      return await operation(session);
    } finally {
      this.release(session);
    }
  }

  close(): void {
    for (const session of this.all.splice(0)) this.module.C_CloseSession(session);
    this.idle.length = 0;
  }

  private acquire(): Promise<pkcs11js.Handle> {
    const session = this.idle.pop() ?? (this.all.length < this.size ? this.open() : undefined);
    if (session) return Promise.resolve(session);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(session: pkcs11js.Handle): void {
    const next = this.waiting.shift();
    if (next) next(session);
    else this.idle.push(session);
  }

  private open(): pkcs11js.Handle {
    const session = this.module.C_OpenSession(this.slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    try {
      this.module.C_Login(session, pkcs11js.CKU_USER, this.pin);
    } catch (error) {
      if (!isPkcs11Error(error, pkcs11js.CKR_USER_ALREADY_LOGGED_IN)) {
        this.module.C_CloseSession(session);
        throw error;
      }
    }
    this.all.push(session);
    return session;
  }
}
