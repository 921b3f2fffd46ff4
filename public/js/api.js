// The API client: bearer token from local storage, JSON errors turned into ApiError.
const storageKey = "auscult.token";

export const token = {
  get: () => localStorage.getItem(storageKey),
  set: (value) => localStorage.setItem(storageKey, value),
  clear: () => localStorage.removeItem(storageKey),
  /** Moves ?token=… from the address bar into local storage, so it is not left in history. */
  adoptFromURL() {
    const url = new URL(window.location.href);
    const value = url.searchParams.get("token");
    if (!value) return;
    this.set(value);
    url.searchParams.delete("token");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  },
};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GETs (or sends) `path` with the stored token; returns parsed JSON, or the Response when raw. */
export async function api(path, { method = "GET", body, raw = false } = {}) {
  const headers = { Authorization: `Bearer ${token.get() ?? ""}` };
  const response = await fetch(path, { method, body, headers });
  if (!response.ok) {
    let code = "http_error";
    let message = `${response.status} ${response.statusText}`;
    try {
      const envelope = await response.json();
      code = envelope.error.code;
      message = envelope.error.message;
    } catch { /* not a JSON error body */ }
    throw new ApiError(response.status, code, message);
  }
  return raw ? response : response.json();
}
