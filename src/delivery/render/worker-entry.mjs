// Piscina's entry for the render threads: loads tsx here, since a worker does not inherit the main thread's module
// hooks on Node 20 (bin/linecast.js registers them in code).
import { register } from 'tsx/esm/api';

register();
const mod = await import('./worker.ts');
export default mod.default;
