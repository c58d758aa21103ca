import { registerEngagementCompiler } from '../audience/compile.ts';
import { compileEngagement } from './engagement.ts';

// Imported for its effect by every process that compiles segments: the worker (src/runtime/all-services.ts)
// and anything that builds the HTTP app (src/http/routes/reports.ts is always loaded).
registerEngagementCompiler(compileEngagement);
