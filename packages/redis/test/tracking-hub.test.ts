import { describe, expect, it } from 'vitest';
import {
  type InvalidationListener,
  sharedInvalidationSource,
  type TrackedConnection,
  type TrackedConnectionEvents,
  TrackedLink,
  TrackingHub,
} from '../src/index.js';

/** A listener that records what it was told, in order. */
function recorder() {
  const events: string[] = [];
  const listener: InvalidationListener = {
    invalidate: (keys) => events.push(keys === null ? 'all' : `keys ${keys.join(',')}`),
    down: () => events.push('down'),
    up: () => events.push('up'),
  };
  return { events, listener };
}

/** A connection the test turns up and down by hand. */
class FakeConnection implements TrackedConnection {
  up = false;
  closed = false;
  constructor(readonly events: TrackedConnectionEvents) {}
  set(up: boolean) {
    this.up = up;
    this.events.changed();
  }
  close() {
    this.closed = true;
  }
}

/** A hub over named fake connections; `complete` says whether every one the client has is tracked. */
function hub(prefix = '', complete = () => true) {
  const connections = new Map<string, FakeConnection>();
  let stopped = false;
  const made = new TrackingHub<string>(prefix, {
    start: (started) => {
      for (const name of ['a', 'b'])
        started.track(name, (events) => {
          const connection = new FakeConnection(events);
          connections.set(name, connection);
          return connection;
        });
    },
    stop: () => {
      stopped = true;
    },
    complete,
  });
  return { hub: made, connections, stopped: () => stopped };
}

describe('TrackingHub', () => {
  it('is up only once every connection is up, and goes down when any is', () => {
    const { hub: tracking, connections } = hub();
    const { events, listener } = recorder();
    tracking.add(listener);
    connections.get('a')!.set(true);
    expect(events.filter((event) => event === 'up')).toEqual([]);
    connections.get('b')!.set(true);
    expect(events.at(-1)).toBe('up');
    connections.get('a')!.set(false);
    expect(events.at(-1)).toBe('down');
    connections.get('a')!.set(true);
    expect(events.at(-1)).toBe('up');
  });

  it('is not up while the driver says a connection is missing', () => {
    let complete = false;
    const { hub: tracking, connections } = hub('', () => complete);
    const { events, listener } = recorder();
    tracking.add(listener);
    connections.get('a')!.set(true);
    connections.get('b')!.set(true);
    expect(events).not.toContain('up');
    complete = true;
    tracking.changed();
    expect(events.at(-1)).toBe('up');
  });

  it('a connection added or removed takes every cache down first', () => {
    const { hub: tracking, connections } = hub();
    const { events, listener } = recorder();
    tracking.add(listener);
    connections.get('a')!.set(true);
    connections.get('b')!.set(true);
    let added: FakeConnection | undefined;
    tracking.track('c', (connectionEvents) => {
      added = new FakeConnection(connectionEvents);
      return added;
    });
    expect(events.at(-1)).toBe('down');
    added!.set(true);
    expect(events.at(-1)).toBe('up');
    tracking.untrack('c');
    expect(added!.closed).toBe(true);
    // Down, then up again: every connection left is up.
    expect(events.slice(-2)).toEqual(['down', 'up']);
    expect(tracking.tracked()).toEqual(['a', 'b']);
  });

  it('strips the client prefix from reported keys and ignores keys outside it', () => {
    const { hub: tracking, connections } = hub('app:');
    const { events, listener } = recorder();
    tracking.add(listener);
    connections.get('a')!.events.invalidate(['app:k1', 'other:k2', 'app:k3']);
    connections.get('b')!.events.invalidate(null);
    expect(events.slice(-2)).toEqual(['keys k1,k3', 'all']);
  });

  it('a later listener comes up at once; closing the last stops the driver and every connection', async () => {
    const { hub: tracking, connections, stopped } = hub();
    const first = recorder();
    const second = recorder();
    tracking.add(first.listener);
    connections.get('a')!.set(true);
    connections.get('b')!.set(true);
    tracking.add(second.listener);
    expect(second.events).toEqual(['up']);
    await tracking.delete(first.listener);
    expect(tracking.closed).toBe(false);
    await tracking.delete(second.listener);
    expect(tracking.closed).toBe(true);
    expect(stopped()).toBe(true);
    expect([...connections.values()].every((connection) => connection.closed)).toBe(true);
  });
});

describe('sharedInvalidationSource', () => {
  it('shares one hub per client, drops a write from every cache, and makes a new hub after the last close', async () => {
    const client = {};
    let hubs = 0;
    const make = () => {
      hubs++;
      return hub().hub as TrackingHub<unknown>;
    };
    const [one, two] = [
      sharedInvalidationSource(client, make),
      sharedInvalidationSource(client, make),
    ];
    const [first, second] = [recorder(), recorder()];
    one.subscribe(first.listener);
    two.subscribe(second.listener);
    expect(hubs).toBe(1);
    one.written?.('k');
    expect(first.events.at(-1)).toBe('keys k');
    expect(second.events.at(-1)).toBe('keys k');
    await one.close();
    await two.close();
    const three = sharedInvalidationSource(client, make);
    three.subscribe(recorder().listener);
    expect(hubs).toBe(2);
    await three.close();
  });
});

describe('TrackedLink', () => {
  function link() {
    const sent: string[] = [];
    let answer: (() => void) | undefined;
    let changes = 0;
    const made = new TrackedLink(
      (id) => {
        sent.push(id);
        return new Promise<void>((resolve) => {
          answer = resolve;
        });
      },
      () => changes++,
    );
    return { link: made, sent, answer: () => answer?.(), changes: () => changes };
  }

  it('is up once tracking towards the current subscriber is acknowledged', async () => {
    const { link: tracked, sent, answer } = link();
    const subscribed = tracked.subscribed('7', tracked.subscriberGeneration);
    expect(sent).toEqual(['7']);
    expect(tracked.up).toBe(false);
    answer();
    await subscribed;
    expect(tracked.up).toBe(true);
  });

  it('an acknowledgement that arrives after a loss counts for nothing', async () => {
    const { link: tracked, answer } = link();
    const subscribed = tracked.subscribed('7', tracked.subscriberGeneration);
    tracked.lost();
    answer();
    await subscribed;
    expect(tracked.up).toBe(false);
  });

  it('ignores a subscriber id from before a subscriber was lost', async () => {
    const { link: tracked, sent } = link();
    const generation = tracked.subscriberGeneration;
    tracked.subscriberLost();
    await tracked.subscribed('7', generation);
    // Nothing to redirect to: the data connection's ready enables nothing.
    await tracked.enable();
    expect(sent).toEqual([]);
  });

  it('goes down on either loss and tells its owner', async () => {
    const { link: tracked, answer, changes } = link();
    const subscribed = tracked.subscribed('7', tracked.subscriberGeneration);
    answer();
    await subscribed;
    expect(changes()).toBe(1);
    tracked.subscriberLost();
    expect(tracked.up).toBe(false);
    expect(changes()).toBe(2);
    tracked.lost();
    expect(changes()).toBe(2);
  });
});
