import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends a CSV export that is produced page by page. Two rules make a cut export impossible to mistake for a
 * whole one:
 * - nothing is sent until the first page has been read: parameters are checked by the route's schema, and a
 *   first query that fails is an ordinary JSON error (status and body), not a 200 with a header line;
 * - a page that fails later aborts the transfer (the chunked response is never terminated: the client sees an
 *   incomplete transfer, curl exits 18, fetch rejects), because the status line has already gone out.
 */
export async function sendCsv(reply: FastifyReply, filename: string, pages: AsyncGenerator<string>): Promise<FastifyReply> {
  const first = await pages.next();
  async function* all() {
    if (!first.done) yield first.value;
    yield* pages;
  }
  const body = Readable.from(all(), { objectMode: false });
  // Fastify destroys the response when a stream fails after the headers went out; say so in the log too.
  body.once('error', (err) => reply.log.error({ err }, 'CSV export failed midway; the transfer was aborted'));
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body);
}
