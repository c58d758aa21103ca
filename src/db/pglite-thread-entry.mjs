// Worker entry for the embedded database's thread: loads tsx here, since a worker does not inherit the main
// thread's module hooks on Node 20.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-thread.ts');
