import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

/**
 * A TCP relay on loopback that can hold back or delay what flows downstream (from the target to
 * whoever connected), while the other direction flows freely. {@link startRedisReplica} puts
 * one between a primary and its replica, so a test decides what the replica receives.
 */
export interface LinkRelay {
  /** The loopback port to connect to instead of the target's. */
  readonly port: number;
  /** Stops delivering downstream bytes; they are kept in order until {@link resume}. */
  hold(): void;
  /** Delivers what was held (after the delay, if any) and flows again. */
  resume(): void;
  /** Sets the delay of downstream bytes sent from now on, in milliseconds. */
  setDelay(delayMs: number): void;
  /** Destroys every connection, throwing away held bytes, and refuses new ones. */
  cut(): Promise<void>;
}

interface Link {
  readonly downstream: Socket;
  readonly upstream: Socket;
  /** Bytes (or the upstream's end, as `null`) not yet delivered, each with when it may go. */
  readonly queue: { chunk: Buffer | null; due: number }[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Starts a relay to `127.0.0.1:targetPort` whose downstream bytes arrive `delayMs` late. */
export async function startLinkRelay(targetPort: number, delayMs = 0): Promise<LinkRelay> {
  const links = new Set<Link>();
  let delay = delayMs;
  let held = false;
  let cut = false;

  const destroy = (link: Link): void => {
    clearTimeout(link.timer);
    link.downstream.destroy();
    link.upstream.destroy();
    links.delete(link);
  };

  const deliver = (link: Link): void => {
    clearTimeout(link.timer);
    link.timer = undefined;
    if (held) return;
    const now = Date.now();
    while (link.queue.length > 0 && link.queue[0]!.due <= now) {
      const { chunk } = link.queue.shift()!;
      if (chunk === null) {
        link.downstream.end();
        return;
      }
      link.downstream.write(chunk);
    }
    const next = link.queue[0];
    if (next) link.timer = setTimeout(() => deliver(link), Math.max(0, next.due - now));
  };

  const server = createServer((downstream) => {
    if (cut) {
      downstream.destroy();
      return;
    }
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    const link: Link = { downstream, upstream, queue: [], timer: undefined };
    links.add(link);
    downstream.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      link.queue.push({ chunk, due: Date.now() + delay });
      deliver(link);
    });
    // Upstream gone (the primary died): what it sent still arrives unless held, like bytes
    // already on the wire; held bytes are lost with the link.
    upstream.on('end', () => {
      if (held) destroy(link);
      else {
        link.queue.push({ chunk: null, due: Date.now() + delay });
        deliver(link);
      }
    });
    upstream.on('error', () => destroy(link));
    downstream.on('error', () => destroy(link));
    downstream.on('close', () => destroy(link));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    hold() {
      held = true;
    },
    resume() {
      held = false;
      for (const link of links) deliver(link);
    },
    setDelay(ms) {
      delay = ms;
    },
    cut() {
      cut = true;
      for (const link of links) destroy(link);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
