import { createServer } from 'node:net';

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/**
 * A free loopback port whose `+ 10000` neighbour (the cluster bus) is free too. Ports are drawn
 * at random from a range away from common services, so parallel test runs rarely collide, and a
 * collision only makes the caller's start fail and retry.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    if ((await isFree(port)) && (await isFree(port + 10000))) return port;
  }
  throw new Error('no free loopback port found');
}
