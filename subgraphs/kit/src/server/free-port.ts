import net from 'node:net';

/** A port held by a listening socket until `release`: no other process is given it meanwhile. */
export interface PortReservation {
  port: number;
  release(): Promise<void>;
}

/**
 * Reserves a free TCP port on `host` (loopback by default) for a server that can only listen later
 * (its URL must be known first): held until `release`, which the server calls right before it
 * listens, so that a port chosen now is not given to another process in between.
 */
export function reservePort(host = '127.0.0.1'): Promise<PortReservation> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      let released: Promise<void> | undefined;
      resolve({
        port,
        release: () => {
          released ??= new Promise((done) => server.close(() => done()));
          return released;
        },
      });
    });
  });
}

/** A TCP port on `host` (loopback by default) that is free right now (another process may take it later). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const reservation = await reservePort(host);
  await reservation.release();
  return reservation.port;
}
