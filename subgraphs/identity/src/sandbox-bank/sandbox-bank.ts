import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { FourElements, VerificationOutcome } from '../verification/bank-verifier';
import { type SandboxAccount, sandboxAccounts, sandboxConnectedBanks } from './sandbox-accounts';

/** How the sandbox misbehaves, so tests can see timeouts and outages. */
export interface SandboxBehaviour {
  /** Delay before every answer, in milliseconds. */
  latencyMs: number;
  /** Answer 503 to every verification. */
  failing: boolean;
}

export interface SandboxBankOptions {
  port: number;
  host?: string;
  accounts?: readonly SandboxAccount[];
  behaviour?: Partial<SandboxBehaviour>;
}

export interface RunningSandboxBank {
  url: string;
  port: number;
  /** Every verification request received, for tests that count retries. */
  readonly received: number;
  behave(behaviour: Partial<SandboxBehaviour>): void;
  close(): Promise<void>;
}

/** The sandbox's decision for four elements, in the order a bank checks them. */
export function sandboxOutcome(accounts: readonly SandboxAccount[], request: FourElements): VerificationOutcome {
  if (!sandboxConnectedBanks.has(request.bankCode)) return 'bank_not_connected';
  const account = accounts.find((a) => a.bankCode === request.bankCode && a.cardNumber === request.cardNumber);
  if (!account) return 'unknown_card';
  if (account.cardType === 'credit') return 'credit_card';
  if (account.name !== request.name || account.idType !== request.idType || account.idNumber !== request.idNumber) {
    return 'identity_mismatch';
  }
  return account.phone === request.phone ? 'verified' : 'phone_mismatch';
}

/**
 * A stand-in for the banks' four-element verification platform: its own HTTP service and port,
 * with the synthetic accounts of `sandbox-accounts.ts`. Used by `npm start`, the tests and the
 * docker stack.
 */
export async function startSandboxBank(options: SandboxBankOptions): Promise<RunningSandboxBank> {
  const accounts = options.accounts ?? sandboxAccounts;
  const behaviour: SandboxBehaviour = { latencyMs: 0, failing: false, ...options.behaviour };
  let received = 0;
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.post('/v1/verifications', express.json({ limit: '16kb' }), async (req: Request, res: Response) => {
    received++;
    if (behaviour.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviour.latencyMs));
    if (res.destroyed) return;
    if (behaviour.failing) {
      res.status(503).json({ error: 'unavailable' });
      return;
    }
    const body = req.body as Partial<FourElements>;
    const fields = ['bankCode', 'name', 'idType', 'idNumber', 'cardNumber', 'phone'] as const;
    if (fields.some((f) => typeof body[f] !== 'string')) {
      res.status(400).json({ error: 'four elements and the bank code are required' });
      return;
    }
    res.json({ outcome: sandboxOutcome(accounts, body as FourElements) });
  });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, host, () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    get received() {
      return received;
    },
    behave(change) {
      Object.assign(behaviour, change);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
