/** A Map whose reads or writes fail once told to, like a store whose server went away. */
export class BrokenMap<K, V> extends Map<K, V> {
  failReads = false;
  failWrites = false;

  override get(key: K): V | undefined {
    if (this.failReads) throw new Error('connection lost');
    return super.get(key);
  }

  override set(key: K, value: V): this {
    if (this.failWrites) throw new Error('connection lost');
    return super.set(key, value);
  }
}
