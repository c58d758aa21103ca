import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { User } from '../schemas/admin.ts';
import type { SessionRow } from '../admin/sessions.ts';

/** What every route module receives (declared below the features in src/app, built in src/runtime/context.ts). */
import type { AppContext } from '../app/context.ts';
export type { AppContext };

/** A route module: registers one resource's routes on the app. */
export type RouteModule = (app: App, ctx: AppContext) => void | Promise<void>;

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    /** The sign-in session when the caller came with the session cookie (null for API keys). */
    session: SessionRow | null;
  }
  interface FastifyContextConfig {
    /** /api routes need a caller unless 'none' (sign-in) or 'optional' (sign-out); see authenticate.ts. */
    auth?: 'required' | 'optional' | 'none';
    /** Open to a session that must first replace a password someone else chose. */
    duringPasswordChange?: boolean;
  }
}
