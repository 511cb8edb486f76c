import { send, type RawReply } from './http';

/**
 * GET requests started before the app's code has loaded (by boot.ts) or before the page that needs
 * them has mounted: on a cold load the session check and a student's recommendations run while
 * the scripts download, not after. Each is taken at most once; later loads go to the API.
 */
const started = new Map<string, Promise<RawReply>>();

export function startEarly(path: string): Promise<RawReply> {
  let p = started.get(path);
  if (!p) {
    p = send(path, { method: 'GET', headers: { accept: 'application/json' } });
    p.catch(() => undefined);
    started.set(path, p);
  }
  return p;
}

export function takeEarly(path: string): Promise<RawReply> | undefined {
  const p = started.get(path);
  started.delete(path);
  return p;
}

/** The first page of a student's recommendations, as the page and the boot script both ask for it. */
export const RECS_PAGE = 20;
export const recommendationsPath = (studentId: string, kinds: readonly string[] = [], city = '', cursor = '') =>
  `/v1/students/${encodeURIComponent(studentId)}/recommendations?limit=${RECS_PAGE}${kinds.length ? `&kinds=${kinds.join(',')}` : ''}${
    city ? `&city=${encodeURIComponent(city)}` : ''
  }${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

/** The pages a student's cold load can land on: `/` sends a student to the recommendations. */
export const STUDENT_HOME = /^\/(student\/recommendations\/?)?$/;
