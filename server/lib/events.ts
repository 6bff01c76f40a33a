/**
 * In-process publish/subscribe for live views: a service publishes what changed, the SSE route
 * passes it on to the pages that watch. One process serves one district; nothing here is durable.
 */
export function topicBus<T>() {
  const subscribers = new Map<string, Set<(event: T) => void>>();
  return {
    publish(topic: string, event: T) {
      for (const fn of subscribers.get(topic) ?? []) fn(event);
    },
    /** Returns the unsubscribe function. */
    subscribe(topic: string, fn: (event: T) => void): () => void {
      const set = subscribers.get(topic) ?? new Set();
      set.add(fn);
      subscribers.set(topic, set);
      return () => {
        set.delete(fn);
        if (set.size === 0) subscribers.delete(topic);
      };
    },
    listeners: (topic: string) => subscribers.get(topic)?.size ?? 0,
  };
}
export type TopicBus<T> = ReturnType<typeof topicBus<T>>;
