import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteModule } from '../context.ts';
import { ListQuery, WsIdParams, WsParams, page } from '../../schemas/common.ts';
import { Media, MediaDeleted, Sticker } from '../../schemas/media.ts';
import { requireWorkspaceRole } from '../auth.ts';
import { notFound } from '../../errors.ts';
import { abandonUpload, trackUpload } from '../upload.ts';
import { MEDIA_LIMITS, MEDIA_TYPES } from '../../media/limits.ts';
import { HASH } from '../../media/store.ts';
import { deleteMediaEntry, removeOrphanFiles } from '../../media/delete.ts';
import { campaignsNamingMedia } from '../../campaigns/repo.ts';
import { declaredType, getMedia, listMedia, mediaContentType, mediaError, uploadMedia } from '../../media/service.ts';
import { botStickers } from '../../domain/messages/stickers.ts';
import { getWorkspace } from '../../admin/workspaces.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const tags = ['media'];
const UploadQuery = z.object({
  previewId: z
    .uuid()
    .optional()
    .describe(
      "Videos: a picture of the workspace's library whose preview becomes the video's preview. Without it the first frame is used " +
        '(needs ffmpeg on the server; without ffmpeg the upload is refused with issue media_video_preview_required).',
    ),
});
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The media library (docs/media.md): raw-body uploads (PNG, JPEG, MP4) per workspace, the workspace's list, and the
 * public file URLs under /m/ that LINE fetches: content-addressed, so unguessable and cacheable for ever.
 * Also the stickers a bot may send, for the composer's picker.
 */
const routes: RouteModule = async (app, { db, config, mediaStore: store }) => {
  const stickers = botStickers();

  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    // Every body reaches the handler as a stream, whatever its Content-Type: the handler refuses a type we do not take
    // with its own coded 415 (the UI words it), not Fastify's bare "Unsupported Media Type".
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    const sub = scope.withTypeProvider<ZodTypeProvider>();
    sub.post(
      '/api/v1/workspaces/:ws/media',
      {
        bodyLimit: MEDIA_LIMITS.videoMaxBytes,
        // Who may upload is decided before the body is parsed: another workspace's caller gets its 404, not a 415
        // about a body it was never allowed to send.
        onRequest: async (req) => {
          const ws = (req.params as { ws?: string }).ws ?? '';
          if (!UUID.test(ws)) return; // the params schema answers 400
          if (!UploadQuery.safeParse(req.query).success) return; // the querystring schema answers 400, naming the field
          requireWorkspaceRole(req, ws, 'marketer');
          if (req.user?.isAdmin && !(await getWorkspace(db, ws))) throw notFound('Workspace');
        },
        schema: {
          tags,
          description:
            'Uploads a PNG or JPEG image (≤ 10 MB) or an MP4 video (≤ 200 MB) as the raw request body. Images get a preview (≤ 1 MB) and the ' +
            'five imagemap widths; videos a preview from their first frame (ffmpeg) or from the picture named by previewId. The same ' +
            'file uploaded again returns the existing entry (200).',
          consumes: [...MEDIA_TYPES],
          body: z.unknown().describe('the file itself (image/png, image/jpeg or video/mp4)'),
          params: WsParams,
          querystring: UploadQuery,
          response: { 200: Media, 201: Media },
        },
      },
      async (req, reply) => {
        requireWorkspaceRole(req, req.params.ws, 'marketer');
        const raw = req.body as IncomingMessage | null | undefined;
        const stream = raw && typeof (raw as Partial<IncomingMessage>).pipe === 'function' ? raw : null;
        const upload = stream ? trackUpload(stream) : null;
        try {
          const type = declaredType(req.headers['content-type']);
          if (!stream) throw mediaError('invalid', 'invalid_media', 'media_empty');
          const r = await uploadMedia(db, store, {
            workspaceId: req.params.ws,
            type,
            body: stream as unknown as Readable,
            publicBaseUrl: config.publicBaseUrl,
            ffmpeg: config.ffmpeg,
            previewId: req.query.previewId,
          });
          return reply.code(r.created ? 201 : 200).send(r.media);
        } catch (err) {
          if (stream && upload) abandonUpload(stream, reply, upload.received());
          throw err;
        }
      },
    );
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/workspaces/:ws/media',
    { schema: { tags, params: WsParams, querystring: ListQuery, response: { 200: page(Media) } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return listMedia(db, req.params.ws, req.query, config.publicBaseUrl);
    },
  );
  api.get('/api/v1/workspaces/:ws/media/:id', { schema: { tags, params: WsIdParams, response: { 200: Media } } }, async (req) => {
    requireWorkspaceRole(req, req.params.ws, 'viewer');
    const m = await getMedia(db, req.params.ws, req.params.id, config.publicBaseUrl);
    if (!m) throw notFound('Media');
    return m;
  });
  api.delete(
    '/api/v1/workspaces/:ws/media/:id',
    {
      schema: {
        tags,
        description:
          'Deletes a file from the library. A file launched campaigns use (scheduled, sending, sent) leaves the library but stays ' +
          'online for them (outcome "hidden"); a file draft campaigns use is not deleted (409 naming them); any other file is deleted.',
        params: WsIdParams,
        response: { 200: MediaDeleted },
      },
    },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'marketer');
      const ws = req.params.ws;
      const r = await db.tx((q) => deleteMediaEntry(q, ws, req.params.id, (sha) => campaignsNamingMedia(q, ws, sha)));
      if (!r) throw notFound('Media');
      if (r.orphan) await removeOrphanFiles(db, store, r.orphan);
      return r.result;
    },
  );
  api.get(
    '/api/v1/workspaces/:ws/stickers',
    { schema: { tags, params: WsParams, response: { 200: z.object({ items: z.array(Sticker) }) } } },
    async (req) => {
      requireWorkspaceRole(req, req.params.ws, 'viewer');
      return { items: stickers };
    },
  );

  // Public files. The hash is the address: no key, no workspace in the URL, and a file never changes.
  const serve = async (hash: string, variant: string, req: { headers: Record<string, unknown> }, reply: import('fastify').FastifyReply) => {
    const notHere = () => {
      throw notFound('Media file');
    };
    if (!HASH.test(hash)) return notHere();
    const contentType = await mediaContentType(db, hash, variant);
    const file = contentType ? await store.get(hash, variant) : null;
    if (!file) return notHere();
    const etag = `"${hash.slice(0, 32)}-${variant.replace('/', '-')}"`;
    reply.header('cache-control', IMMUTABLE).header('etag', etag).header('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(contentType!).header('content-length', file.size).send(file.stream());
  };
  // A malformed hash is a 400 naming it (like every parameter); a well-formed one nobody stored is a 404.
  const Hash = z.string().regex(HASH, 'a SHA-256 in lowercase hex (64 characters)');
  const File = z.object({ hash: Hash, variant: z.enum(['original', 'preview']) });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/m/:hash/:variant',
    schema: { tags: ['public'], security: [], params: File },
    handler: (req, reply) => {
      const p = req.params as z.infer<typeof File>;
      return serve(p.hash, p.variant, req, reply);
    },
  });
  const Width = z.object({ hash: Hash, width: z.enum(MEDIA_LIMITS.imagemapWidths.map(String) as [string, ...string[]]) });
  app.route({
    method: ['GET', 'HEAD'],
    url: '/m/:hash/imagemap/:width',
    schema: { tags: ['public'], security: [], params: Width },
    handler: (req, reply) => {
      const p = req.params as z.infer<typeof Width>;
      return serve(p.hash, `imagemap/${p.width}`, req, reply);
    },
  });
};
export default routes;
