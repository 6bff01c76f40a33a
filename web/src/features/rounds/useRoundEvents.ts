import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { apiUrl } from '../../app/api.ts';
import { roundKey } from './api.ts';

/** At most one refresh a second, however fast the points scan: a busy round sends many events. */
const MIN_GAP_MS = 1_000;

export type LiveState = 'connecting' | 'live' | 'down';

/**
 * Keeps a round's views live: listens to the round's Server-Sent Events and refreshes everything
 * under the round's key when counts change (throttled), and once more after a lost link comes
 * back, for the events missed meanwhile. Returns the state of the link, for a small indicator.
 */
export function useRoundEvents(roundId: number): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');

  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasDown = false;
    const refresh = () => {
      timer = undefined;
      last = Date.now();
      void client.invalidateQueries({ queryKey: roundKey(roundId) });
    };
    const soon = () => {
      if (timer) return;
      const wait = last + MIN_GAP_MS - Date.now();
      if (wait <= 0) refresh();
      else timer = setTimeout(refresh, wait);
    };

    const source = new EventSource(apiUrl(`/rounds/${roundId}/events`), { withCredentials: true });
    source.onopen = () => {
      setState('live');
      if (wasDown) soon();
      wasDown = false;
    };
    // The browser reconnects by itself unless the server refused the stream (then it is closed).
    source.onerror = () => {
      wasDown = true;
      setState(source.readyState === EventSource.CLOSED ? 'down' : 'connecting');
    };
    source.addEventListener('scan', soon);
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [client, roundId]);

  return state;
}
