import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Request lines ("incoming request", "request completed") at debug rather than info: on a terminal a person reads
 * the log, and one line per HTTP request buries what matters. Failed requests still log at error.
 */
export class QuietRequests extends LogController {
  override incomingRequest(request: FastifyRequest) {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
