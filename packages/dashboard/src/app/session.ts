// The API token lives in this tab's sessionStorage only: never in a URL, a cookie or localStorage,
// so it is gone when the tab closes and no other site's request carries it.
const KEY = 'mikrocloud.token';

export function readToken(storage: Pick<Storage, 'getItem'> = sessionStorage): string | undefined {
  return storage.getItem(KEY) ?? undefined;
}

export function saveToken(token: string | undefined, storage: Pick<Storage, 'setItem' | 'removeItem'> = sessionStorage): void {
  if (token) storage.setItem(KEY, token);
  else storage.removeItem(KEY);
}
