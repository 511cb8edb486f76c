// A stop signal meant for the whole process group (a terminal's Ctrl-C, systemd's default
// KillMode=control-group) reaches this worker too. It must not die of it: its parent is still
// shutting down in order (the last index snapshot may still want vectors) and stops it itself,
// by closing the IPC channel (inference-process.ts leaves on 'disconnect'), or with SIGKILL if
// it does not answer. Set before anything is loaded (so no static import above it): the loader
// and the model take seconds, a signal may come meanwhile.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => undefined);

// The inference process does not inherit the parent's tsx loader: register it here, then load
// the TypeScript worker. Plain JavaScript on purpose: it runs before TypeScript can be loaded.
const { register } = await import('tsx/esm/api');
register();
await import('./inference-process.ts');
