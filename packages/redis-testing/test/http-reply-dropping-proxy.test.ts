import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpReplyDroppingProxy } from '../src/index.js';

// A real HTTP upstream with a side effect: each POST adds its body's number to a total.
let upstream: Server;
let upstreamUrl: string;
let total = 0;
beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      total += Number(body);
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
      res.end(JSON.stringify({ result: total, path: req.url, auth: req.headers.authorization }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((resolve) => upstream.close(resolve));
});

const post = (url: string, path: string, body: string) =>
  fetch(`${url}${path}`, { method: 'POST', body, headers: { authorization: 'Bearer t' } });

describe('startHttpReplyDroppingProxy', () => {
  it('relays requests and responses, headers included', async () => {
    const proxy = await startHttpReplyDroppingProxy({ targetUrl: upstreamUrl });
    try {
      const before = total;
      const response = await post(proxy.url, '/pipeline?x=1', '5');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-upstream')).toBe('yes');
      expect(await response.json()).toEqual({
        result: before + 5,
        path: '/pipeline?x=1',
        auth: 'Bearer t',
      });
      expect(proxy.requests()).toEqual([{ method: 'POST', path: '/pipeline?x=1', body: '5' }]);
    } finally {
      await proxy.close();
    }
  });

  it('lets a matched request take effect upstream, then fails the client with no response', async () => {
    const proxy = await startHttpReplyDroppingProxy({ targetUrl: upstreamUrl });
    try {
      const before = total;
      proxy.dropNextResponseTo({ path: '/', includes: '7' });
      await expect(post(proxy.url, '/', '7')).rejects.toThrow(/fetch failed/);
      expect(total).toBe(before + 7); // it ran
      expect(proxy.dropped()).toEqual([{ method: 'POST', path: '/', body: '7' }]);
      const again = await post(proxy.url, '/', '7'); // disarmed after one drop
      expect(((await again.json()) as { result: number }).result).toBe(before + 14);
      expect(proxy.requestCount()).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it('skips requests the matcher does not select', async () => {
    const proxy = await startHttpReplyDroppingProxy({ targetUrl: upstreamUrl });
    try {
      proxy.dropNextResponseTo((request) => request.body === '2');
      expect((await post(proxy.url, '/', '1')).status).toBe(200);
      await expect(post(proxy.url, '/', '2')).rejects.toThrow();
      expect(proxy.dropped().map((request) => request.body)).toEqual(['2']);
    } finally {
      await proxy.close();
    }
  });

  it('refuses a target off loopback', async () => {
    await expect(startHttpReplyDroppingProxy({ targetUrl: 'http://192.0.2.1:80' })).rejects.toThrow(
      /loopback/,
    );
  });
});
