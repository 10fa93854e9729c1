// Who is signed in to the hub, and the hub API called with their token. The token lives in the
// tab's sessionStorage only (gone when the tab closes); the API decides what each role sees, the
// page only shows what comes back.
import { ApiError } from "../api.js";

const KEY = "landsea.hubToken";
let current = null; // {token, me: {organisation, role, country}}
const listeners = [];

export function signedIn() {
  return current;
}

export function onSession(listener) {
  listeners.push(listener);
}

function tell() {
  for (const listener of listeners) listener(current);
}

/** Sign in with a token: asks the hub who it stands for (/me); throws ApiError if unknown. */
export async function signIn(token) {
  const me = await call("GET", "/me", undefined, token.trim());
  current = { token: token.trim(), me };
  try { sessionStorage.setItem(KEY, current.token); } catch { /* storage off */ }
  tell();
  return current;
}

export function signOut() {
  current = null;
  try { sessionStorage.removeItem(KEY); } catch { /* storage off */ }
  tell();
}

/** Sign in again with the token kept in this tab, if any (quietly: a stale one is dropped). */
export async function resume() {
  let kept = null;
  try { kept = sessionStorage.getItem(KEY); } catch { /* storage off */ }
  if (!kept || current) return current;
  try {
    return await signIn(kept);
  } catch {
    signOut();
    return null;
  }
}

export function hubGet(path) {
  return call("GET", path);
}

export function hubPost(path, body) {
  return call("POST", path, body);
}

export function hubPut(path, body) {
  return call("PUT", path, body);
}

async function call(method, path, body, token = current?.token) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const payload = await response.json().catch(() => ({ detail: response.statusText }));
  if (!response.ok) throw new ApiError(response.status, payload.detail ?? payload);
  return payload;
}

/** Why the hub refused, in one line: 422 names the fields. */
export function reason(err) {
  if (err instanceof ApiError && Array.isArray(err.detail)) {
    return err.detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ");
  }
  return err.message;
}
