import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What the tests of `npm start` ask of the processes it runs (Linux: `/proc`): whether one still runs, its
 * parent, its CPU time, which process listens on a port, the embedded PostgreSQL's postmaster.
 */
export function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Fields of `/proc/<pid>/stat` after the command name: [state, ppid, pgrp, …]. */
function stat(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Running, not a zombie waiting for its parent. */
export function alive(pid: number): boolean {
  const fields = stat(pid);
  return fields !== undefined && fields[0] !== 'Z';
}

export function parentOf(pid: number): number {
  return Number(stat(pid)?.[1]);
}

/** CPU time the process has used, in clock ticks (user + system). */
export function cpuTicks(pid: number): number {
  const fields = stat(pid) ?? [];
  return Number(fields[11]) + Number(fields[12]);
}

/** The process that listens on `port` on loopback: the owner of the listening socket's inode. */
export function listenerOf(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cells = line.trim().split(/\s+/);
      const localPort = Number.parseInt(cells[1]?.split(':')[1] ?? '', 16);
      if (localPort === port && cells[3] === '0A') inodes.add(cells[9] ?? '');
    }
  }
  for (const name of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      for (const fd of fs.readdirSync(`/proc/${name}/fd`)) {
        const target = fs.readlinkSync(`/proc/${name}/fd/${fd}`);
        if (inodes.has(/^socket:\[(\d+)\]$/.exec(target)?.[1] ?? '')) return Number(name);
      }
    } catch {
      // A process that ended meanwhile, or one not ours to read.
    }
  }
  return undefined;
}

export function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
}
