import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Errors raised before a request reaches a route, in the API's documented shape {error:{code,message,details}}.
 * Node's HTTP parser refuses a request line or headers over its limit (16 KB) before Fastify sees them; a
 * request line that long is a URL that long (414), otherwise the headers are too large (431).
 */
export function clientErrorHandler(err: { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  let status = 400;
  let code = 'bad_request';
  let message = 'The request could not be read as HTTP';
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : null;
    const eol = raw ? raw.indexOf('\r\n') : -1;
    if (raw && (eol === -1 || eol > 8 * 1024)) {
      status = 414;
      code = 'uri_too_long';
      message = 'The URL is too long';
    } else {
      status = 431;
      code = 'headers_too_large';
      message = 'The request headers are too large';
    }
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    code = 'request_timeout';
    message = 'The request took too long to arrive';
  }
  const body = JSON.stringify({
    error: { code, message, details: [{ path: status === 414 ? 'url' : status === 431 ? 'headers' : 'request', message }] },
  });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Fastify's own refusals before routing (a URL that is not valid percent-encoding, …). */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const message = err.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid (broken percent-encoding)' : err.message;
  void reply
    .status(err.statusCode && err.statusCode < 500 ? err.statusCode : 400)
    .send({ error: { code: 'bad_request', message, details: [{ path: 'url', message }] } });
}
