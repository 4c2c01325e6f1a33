import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The built entry point, as `npm run ekey-agent` runs it. */
export const agentEntry = path.resolve(__dirname, '../../dist/main.js');

export interface RunningAgent {
  url: string;
  port: number;
  /** Everything the agent wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts the agent with `env` on a free loopback port and waits for the line saying where it listens. */
export async function startAgent(env: Record<string, string>): Promise<RunningAgent> {
  const child = spawnAgent({ EKEY_AGENT_PORT: '0', ...env });
  let text = '';
  const collect = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the agent did not start within 15 s:\n${text}`)), 15_000);
    child.stdout.on('data', () => {
      const listening = /listening on (http:\/\/127\.0\.0\.1:\d+)\/v1\//.exec(text);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the agent exited with ${code} before listening:\n${text}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    output: () => text,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs the agent expecting it to refuse to start: its exit code and output. */
export async function agentRefusal(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawnAgent(env);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // An agent that starts after all is stopped, and its exit code (null: killed) fails the test.
  const timer = setTimeout(() => child.kill('SIGTERM'), 10_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

function spawnAgent(env: Record<string, string>): ChildProcessWithoutNullStreams {
  if (!existsSync(agentEntry)) throw new Error(`${agentEntry} is missing: build first (npm run build)`);
  return spawn(process.execPath, [agentEntry], { env: { ...process.env, ...env } });
}
