import type { FastifyInstance, FastifyBaseLogger, RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { User } from '../schemas/admin.ts';
import type { SessionRow } from '../admin/sessions.ts';

/** What every route module receives: the database, the secret box, configuration and shared services. */
export interface AppContext {
  db: Db;
  box: SecretBox;
  config: Config;
  /** Services started beside the API (scheduler, dispatcher, …) register themselves here by name. */
  services: Record<string, unknown>;
  /** The process's logger (pino): the HTTP request log and every background service's failures. */
  log: Logger;
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

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
