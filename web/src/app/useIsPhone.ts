import { useSyncExternalStore } from 'react';

/** Below antd's `md` breakpoint (768 px): the layout switches to a drawer menu. */
const PHONE_QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void) {
  const mql = window.matchMedia(PHONE_QUERY);
  mql.addEventListener('change', onChange);
  return () => mql.removeEventListener('change', onChange);
}

export function useIsPhone(): boolean {
  return useSyncExternalStore(subscribe, () => window.matchMedia(PHONE_QUERY).matches);
}

/** Tighter tables on phones, where every column counts. */
export function useTableSize(): 'small' | 'middle' {
  return useIsPhone() ? 'small' : 'middle';
}
