/** Which parts a start runs: everything in one process (`npm start`), or the ingress or the worker alone. */
export type Role = 'all' | 'ingress' | 'worker';
