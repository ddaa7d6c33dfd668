import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { execute, type RestResponse } from './executor.js';
import { BadRequestError, endpointOf, parseBody } from './protocol.js';
import { ScriptFlagTranslator } from './script-flags.js';

/** Options of {@link startUpstashDevServer}. */
export interface UpstashDevServerOptions {
  /** The Redis to serve, such as `redis://127.0.0.1:6379`. */
  readonly redisUrl: string;
  /** The Bearer token clients must send (`UPSTASH_REDIS_REST_TOKEN`). */
  readonly token: string;
  /**
   * Port to listen on; `0` picks a free one (read it back from `url`).
   * @defaultValue `0`
   */
  readonly port?: number;
  /**
   * Address to listen on.
   * @defaultValue `'127.0.0.1'`
   */
  readonly host?: string;
  /**
   * Largest request body accepted, in bytes; larger ones are answered 413.
   * @defaultValue `10_485_760` (10 MiB)
   */
  readonly maxBodyBytes?: number;
  /**
   * Receives a line when the Redis connection fails or comes back (requests meanwhile are
   * answered 500). The bin passes `console.error`.
   * @defaultValue silent
   */
  readonly log?: (line: string) => void;
}

/** One request the server received, as {@link UpstashDevServer.requests} records it. */
export interface DevServerRequest {
  /** The URL path, such as `/` or `/pipeline`. */
  readonly path: string;
  /** The lower-cased names of the commands it carried (empty when it was rejected before parsing). */
  readonly commands: readonly string[];
  /** The HTTP status it was answered with. */
  readonly status: number;
}

/** A running server; see {@link startUpstashDevServer}. */
export interface UpstashDevServer {
  /** Base URL for `new Redis({ url, token })`, such as `http://127.0.0.1:8079`. */
  readonly url: string;
  /** The token the server accepts. */
  readonly token: string;
  /** HTTP requests received since start or the last {@link UpstashDevServer.resetCount}, rejected ones included. */
  requestCount(): number;
  /** The last requests received (at most 1000), oldest first. */
  requests(): readonly DevServerRequest[];
  /** Sets the request count back to 0 and clears {@link UpstashDevServer.requests}. */
  resetCount(): void;
  /** Closes the HTTP server and its open connections, then the Redis connection. */
  stop(): Promise<void>;
}

const LOG_LIMIT = 1000;

/** `url` without its user and password, fit for logs: `redis://:secret@host` -> `redis://host`. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isAuthorized(header: string | undefined, expected: Buffer): boolean {
  const given = Buffer.from(header ?? '', 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function send(res: ServerResponse, response: RestResponse): void {
  const body = JSON.stringify(response.body);
  res.writeHead(response.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Starts an HTTP server that speaks the Upstash Redis REST protocol, as `@upstash/redis` uses
 * it, in front of a real Redis: `POST /` with one command, `POST /pipeline` and
 * `POST /multi-exec` with a list of commands, a Bearer token, and the base64 reply encoding
 * the client asks for with `Upstash-Encoding: base64`.
 *
 * Resolves once Redis answered a PING and the server listens.
 *
 * @example
 * ```ts
 * import { Redis } from '@upstash/redis';
 * const server = await startUpstashDevServer({ redisUrl: 'redis://127.0.0.1:6379', token: 'dev-token' });
 * const redis = new Redis({ url: server.url, token: server.token });
 * await redis.set('greeting', 'hello');
 * await server.stop();
 * ```
 */
export async function startUpstashDevServer(
  options: UpstashDevServerOptions,
): Promise<UpstashDevServer> {
  const { redisUrl, token, port = 0, host = '127.0.0.1', maxBodyBytes = 10_485_760 } = options;
  const log = options.log ?? (() => {});
  if (!token) throw new TypeError('startUpstashDevServer: a non-empty token is required');

  // One attempt per command: a dev server should answer 500 quickly when Redis is gone rather
  // than hold the request while ioredis reconnects.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  const scripts = new ScriptFlagTranslator();
  // Without a listener ioredis prints every reconnect failure; report each outage once instead.
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message !== lastError) log(`upstash-dev-server: Redis error: ${error.message}`);
    lastError = error.message;
  });
  redis.on('ready', () => {
    if (lastError) log('upstash-dev-server: Redis connection is back');
    lastError = '';
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`upstash-dev-server: cannot reach Redis at ${redactUrl(redisUrl)}`, {
      cause: error,
    });
  }

  const expected = Buffer.from(`Bearer ${token}`, 'utf8');
  let count = 0;
  let history: DevServerRequest[] = [];
  const record = (entry: DevServerRequest): void => {
    history.push(entry);
    if (history.length > LOG_LIMIT) history = history.slice(-LOG_LIMIT);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    count += 1;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const reply = (response: RestResponse, commands: readonly string[] = []): void => {
      record({ path, commands, status: response.status });
      send(res, response);
    };
    if (req.method !== 'POST') {
      req.resume();
      return reply({ status: 405, body: { error: 'ERR only POST is supported' } });
    }
    if (!isAuthorized(req.headers.authorization, expected)) {
      req.resume();
      return reply({ status: 401, body: { error: 'Unauthorized' } });
    }
    const endpoint = endpointOf(path);
    if (!endpoint) {
      req.resume();
      return reply({ status: 404, body: { error: `ERR unknown endpoint ${path}` } });
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === null) return reply({ status: 413, body: { error: 'ERR request body too large' } });
    let commands: [string, ...string[]][];
    try {
      commands = parseBody(endpoint, body);
    } catch (error) {
      if (error instanceof BadRequestError)
        return reply({ status: 400, body: { error: error.message } });
      throw error;
    }
    const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
    const names = commands.map(([name]) => name.toLowerCase());
    reply(
      await execute(
        redis,
        endpoint,
        commands.map((command) => scripts.translate(command)),
        base64,
      ),
      names,
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) send(res, { status: 500, body: { error: `ERR ${message}` } });
      else res.destroy();
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    redis.disconnect();
    throw error;
  }

  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${address.port}`,
    token,
    requestCount: () => count,
    requests: () => [...history],
    resetCount: () => {
      count = 0;
      history = [];
    },
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets (fetch keeps them) would otherwise hold close() open.
        server.closeAllConnections();
      }).then(async () => {
        await redis.quit().catch(() => redis.disconnect());
      });
      return stopping;
    },
  };
}
