// The team store's few words for the header ("store: 12 events behind, retrying"), or
// null while publishing keeps up or no store is configured. Re-rendered only when the
// words change, not at every event published.

import { useEffect, useState } from 'react';
import type { StoreView } from '../../controller';
import { storeStatusText } from '../../run/store-status';

export function useStoreNote(store: StoreView | undefined): string | null {
  const [note, setNote] = useState(() => storeStatusText(store?.status()));
  useEffect(() => {
    if (store === undefined) return undefined;
    const update = () => setNote(storeStatusText(store.status()));
    update();
    return store.subscribe(update);
  }, [store]);
  return note;
}
