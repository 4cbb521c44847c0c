// Derived data that many checks of one audit ask for (the RBAC index, the network
// model, a workload's labelled containers...): computed on first use and kept as
// long as its key (the snapshot index, a workload, a role) lives, so each audit
// computes it once and nothing outlives the audit.

/** `compute`, once per key object; undefined results are remembered too. */
export function memoizeBy<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

/** `compute`, run on the first call and remembered: an index part built only when asked for. */
export function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}
