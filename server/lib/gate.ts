/**
 * At most `limit` holders at once; the others wait their turn in order. Used to keep bulk work
 * from taking every database connection while small, urgent requests wait behind it.
 */
export function gate(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
