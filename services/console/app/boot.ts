/**
 * Runs first on every load, before the app's code has arrived (index.html loads it ahead of
 * main.ts, and it imports no Vue): asks who is signed in and, for a student landing on their
 * recommendations, asks for them and for the page's code at once. On a cold load this is what
 * puts the first recommendation on screen early: the requests run in parallel with the download.
 */
import { recommendationsPath, startEarly, STUDENT_HOME } from './early';
import { ok } from './http';

if (location.pathname !== '/login') {
  const session = startEarly('/v1/session');
  if (STUDENT_HOME.test(location.pathname)) {
    const page = () => void import('./pages/StudentRecs.vue').catch(() => undefined);
    if (location.pathname !== '/') page();
    void session.then((r) => {
      const info = r.data as { role?: string; scope?: { studentId?: string } } | undefined;
      if (!ok(r) || info?.role !== 'student' || !info.scope?.studentId) return;
      startEarly(recommendationsPath(info.scope.studentId));
      if (location.pathname === '/') page();
    });
  }
}
