import net from 'node:net';
import { reservePort } from './free-port';

/** Whether a server can listen on `port` now (and stops listening again). */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

describe('ports for servers that listen later', () => {
  it('holds a reserved port until it is released, then gives it to the server that asked', async () => {
    const reservation = await reservePort();
    // Nobody else gets it while the platform starts the services that need its URL first.
    expect(await canListen(reservation.port)).toBe(false);
    await reservation.release();
    await reservation.release();
    expect(await canListen(reservation.port)).toBe(true);
  });
});
