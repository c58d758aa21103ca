// Child-process entry for creating the embedded database's directory: loads tsx here (resolved from this file, not
// from the working directory), then the TypeScript module that does the work.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-initdb.ts');
