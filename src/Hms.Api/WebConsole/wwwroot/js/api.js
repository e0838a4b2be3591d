import { token, signOut } from './auth.js';

/** A refusal from the API, with the problem's stable code and its detail. */
export class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

/** Calls the API with the signed-in user's token; an expired or refused token ends the session. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Authorization: `Bearer ${token()}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    signOut('Your session ended; sign in again.');
    throw new ApiError(401, 'unauthorized', 'Signed out');
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(response.status, problem.code, problem.detail || problem.title);
  }
  return response.status === 204 ? null : response.json();
}

/** The text to show for a failed call: the API's own words and code. */
export function explain(error) {
  if (error instanceof ApiError) {
    return error.status === 403 ? 'Your roles do not allow this.' : `${error.message}${error.code ? ` (${error.code})` : ''}`;
  }
  return String(error?.message ?? error);
}

/** The rows of a list answer: a page's `data`, the job runs' `jobs`, or a plain array. */
export const dataOf = page => page?.data ?? page?.jobs ?? page ?? [];
