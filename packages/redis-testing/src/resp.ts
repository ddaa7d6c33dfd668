import { connect } from 'node:net';

/**
 * Sends one inline command and resolves with the raw reply text. Enough to ping and inspect a
 * server without pulling a client library into the harness.
 */
export function rawCommand(port: number, command: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis on port ${port} did not answer ${command}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (isComplete(reply)) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function isComplete(reply: string): boolean {
  if (!reply.endsWith('\r\n')) return false;
  if (reply.startsWith('$')) {
    const header = reply.indexOf('\r\n');
    const length = Number(reply.slice(1, header));
    return length < 0 || reply.length >= header + 2 + length + 2;
  }
  return true;
}
