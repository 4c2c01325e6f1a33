import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type Config, environmentWith, type Logger, type ServiceName } from '@tessera/kit';
import { prefixedLines } from './prefixed-lines';
import type { ServiceReady } from './service-process';

/** A process of `npm start`: the embedded PostgreSQL's, a subgraph, or the gateway over them. */
export type ProcessName = 'postgres' | ServiceName | 'gateway';

/** The processes serving the graph, started together once the database runs. */
const graphProcesses: readonly ProcessName[] = ['identity', 'certificate', 'ra', 'gateway'];

/** The services that call others with tokens of identity's client-credentials grant. */
const callers: readonly ServiceName[] = ['certificate', 'ra'];

/** Beyond the configured shutdown delay and grace, how long a stopping service may take before it is killed. */
const stopMarginMs = 10_000;

const entry = path.join(__dirname, 'service-process.js');

export interface RunningProcess extends ServiceReady {
  name: ProcessName;
  pid: number;
}

/** The platform as `npm start` runs it by default: each service in a Node process of its own, under this one. */
export interface ServiceProcesses {
  /** Every process, `postgres` only when the platform runs its own embedded PostgreSQL. */
  processes: Partial<Record<ProcessName, RunningProcess>> & Record<Exclude<ProcessName, 'postgres'>, RunningProcess>;
  /** Stops the gateway, then the subgraphs, then PostgreSQL. */
  stop(): Promise<void>;
}

export interface ServiceProcessesOptions {
  config: Config;
  /** Logger of this process's own work (the processes it starts). */
  logFor: (name: string) => Logger;
  /**
   * A service ended without being asked to (a crash): the others and PostgreSQL have been stopped since;
   * `why` names it, its pid and its exit.
   */
  onCrash: (why: string) => void;
}

function secret(): string {
  return randomBytes(24).toString('base64url');
}

function exitDescription(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/** Whether `child` has ended (its exit event may not have been handled yet). */
function ended(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Starts the embedded PostgreSQL (unless a database URL is configured), then the three subgraphs and the
 * gateway at once, each a child process running `service-process.ts` with this configuration plus what one
 * process used to share in memory: the database URL, a gateway assertion secret and the services' secrets for
 * their tokens, made for this run. Each service's output comes through this process, its lines prefixed with
 * its name. The children, PostgreSQL's included, are in process groups of their own: Ctrl-C reaches this
 * process only, which stops them in order (PostgreSQL last, once nothing uses it); a child whose parent is
 * gone stops by itself, so a killed `npm start` leaves no service behind. A service that crashes stops the whole platform
 * (it is not restarted: on a developer's machine a crash is a defect to see, and a restarted service would
 * hide it in the log).
 */
export async function startServiceProcesses(options: ServiceProcessesOptions): Promise<ServiceProcesses> {
  const { config, logFor } = options;
  const log = logFor('platform');
  let stopping = false;
  /** Every service has started: from then on, one that ends unasked for is a crash. */
  let up = false;
  const children = new Map<ProcessName, ChildProcess>();

  const stopChild = (name: ProcessName): Promise<void> => {
    const child = children.get(name);
    if (!child || ended(child)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const { delayMs, graceMs } = config.runtime.shutdown;
      const kill = setTimeout(
        () => {
          log.warn({ service: name, pid: child.pid }, `${name} did not stop in time: killing it`);
          child.kill('SIGKILL');
        },
        delayMs + graceMs + stopMarginMs,
      );
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  };
  const stop = async () => {
    stopping = true;
    await stopChild('gateway');
    await Promise.all(graphProcesses.filter((name) => name !== 'gateway').map(stopChild));
    await stopChild('postgres');
  };

  const start = (name: ProcessName, settings: Parameters<typeof environmentWith>[0] = {}) =>
    new Promise<RunningProcess>((resolve, reject) => {
      const child = fork(entry, [name], {
        env: environmentWith(settings),
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        detached: true,
      });
      children.set(name, child);
      child.stdout?.pipe(prefixedLines(name));
      child.stderr?.pipe(prefixedLines(name, process.stderr));
      child.once('message', (ready: ServiceReady) => {
        log.info({ process: name, pid: child.pid, url: ready.url }, `${name} is running (pid ${child.pid})`);
        resolve({ name, pid: child.pid as number, ...ready });
      });
      child.once('exit', (code, signal) => {
        const why = `${name} (pid ${child.pid}) ${exitDescription(code, signal)}`;
        reject(new Error(`${why} before it was ready`));
        if (up && !stopping) {
          log.error({ process: name, pid: child.pid, code, signal }, `${why}: stopping the platform`);
          stop().finally(() => options.onCrash(why));
        }
      });
    });

  try {
    const database = config.database.url ? undefined : await start('postgres');
    const serviceSecrets: Record<string, string> = { ...config.auth.serviceSecrets };
    for (const name of callers) serviceSecrets[name] ??= secret();
    const shared = {
      DATABASE_URL: database?.url ?? config.database.url,
      GATEWAY_ASSERTION_SECRET: config.gatewayAssertionSecret ?? randomBytes(32).toString('base64url'),
      SERVICE_SECRETS: Object.entries(serviceSecrets)
        .map(([name, value]) => `${name}:${value}`)
        .join(','),
    };
    const started = await Promise.all(
      graphProcesses.map((name) =>
        start(name, {
          ...shared,
          SERVICE_CLIENT_SECRET: (callers as readonly string[]).includes(name) ? serviceSecrets[name] : '',
        }),
      ),
    );
    up = true;
    return {
      processes: Object.fromEntries(
        [database, ...started].filter((running) => running !== undefined).map((running) => [running.name, running]),
      ) as ServiceProcesses['processes'],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
