/**
 * The entry: tiny on purpose. boot.ts starts the first requests (who is signed in; a student's
 * recommendations and their page's code) before the app's code — Vue, the router, Element Plus —
 * has downloaded; start.ts then mounts the app, which takes those replies over.
 */
import './boot';

void import('./start');
