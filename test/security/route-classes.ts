/**
 * Every route the app registers, declared with who may call it. The isolation matrix is generated from the
 * app's own route table and fails on a route missing here (and on a declaration no route matches), so a new
 * route cannot ship without saying how it is isolated. HEAD routes follow their GET.
 */
export type Role = 'viewer' | 'marketer' | 'admin';
/** What the `:id` of a workspace-scoped route names. */
export type IdKind = 'campaign' | 'segment' | 'test-recipient' | 'media';

export type RouteClass =
  /** Members of the workspace in the path with at least `role`; `id` the workspace's own resource. */
  | { kind: 'workspace'; role: Role; id?: IdKind; wsParam?: 'ws' | 'id' }
  /** Global administrators only. */
  | { kind: 'admin' }
  /**
   * Any signed-in user, about themselves only (their user, keys, workspaces, password). `attack` names what a
   * non-administrator tries against someone else: a key for the admin, revoking another user's key, setting
   * another user's password; without it, a read that must show only the caller's own.
   */
  | { kind: 'self'; attack?: 'key-for-another' | 'revoke-anothers-key' | 'anothers-password' }
  /** No API key: public by design (the reason is the value). */
  | { kind: 'public'; why: string };

const ws = (role: Role, id?: IdKind): RouteClass => ({ kind: 'workspace', role, ...(id ? { id } : {}) });
const admin: RouteClass = { kind: 'admin' };
const self: RouteClass = { kind: 'self' };
const pub = (why: string): RouteClass => ({ kind: 'public', why });

const C = '/api/v1/workspaces/:ws/campaigns/:id';

export const ROUTES: Record<string, RouteClass> = {
  // Workspaces: the list shows the caller's own; the workspace itself is workspace-scoped by its id.
  'GET /api/v1/workspaces': self,
  'POST /api/v1/workspaces': admin,
  'GET /api/v1/workspaces/:id': { kind: 'workspace', role: 'viewer', wsParam: 'id' },
  'PATCH /api/v1/workspaces/:id': { kind: 'workspace', role: 'admin', wsParam: 'id' },
  'DELETE /api/v1/workspaces/:id': admin,

  // Campaigns and everything under one.
  'GET /api/v1/workspaces/:ws/campaigns': ws('viewer'),
  'POST /api/v1/workspaces/:ws/campaigns': ws('marketer'),
  [`GET ${C}`]: ws('viewer', 'campaign'),
  [`PATCH ${C}`]: ws('marketer', 'campaign'),
  [`DELETE ${C}`]: ws('marketer', 'campaign'),
  [`POST ${C}/validate`]: ws('viewer', 'campaign'),
  [`POST ${C}/launch`]: ws('marketer', 'campaign'),
  [`POST ${C}/schedule`]: ws('marketer', 'campaign'),
  [`POST ${C}/unschedule`]: ws('marketer', 'campaign'),
  [`POST ${C}/cancel`]: ws('marketer', 'campaign'),
  [`POST ${C}/resume`]: ws('marketer', 'campaign'),
  [`POST ${C}/duplicate`]: ws('marketer', 'campaign'),
  [`POST ${C}/archive`]: ws('marketer', 'campaign'),
  [`POST ${C}/unarchive`]: ws('marketer', 'campaign'),
  [`GET ${C}/deliveries`]: ws('viewer', 'campaign'),
  [`GET ${C}/deliveries.csv`]: ws('viewer', 'campaign'),
  [`POST ${C}/retry-failed`]: ws('marketer', 'campaign'),
  [`GET ${C}/progress`]: ws('viewer', 'campaign'),
  [`GET ${C}/progress/stream`]: ws('viewer', 'campaign'),
  [`POST ${C}/test-send`]: ws('marketer', 'campaign'),
  [`GET ${C}/report`]: ws('viewer', 'campaign'),
  [`GET ${C}/report.csv`]: ws('viewer', 'campaign'),
  [`GET ${C}/clicks.csv`]: ws('viewer', 'campaign'),
  'GET /api/v1/workspaces/:ws/reports/overview': ws('viewer'),

  // The media library and the sticker list of the composer.
  'GET /api/v1/workspaces/:ws/media': ws('viewer'),
  'POST /api/v1/workspaces/:ws/media': ws('marketer'),
  'GET /api/v1/workspaces/:ws/media/:id': ws('viewer', 'media'),
  'DELETE /api/v1/workspaces/:ws/media/:id': ws('marketer', 'media'),
  'GET /api/v1/workspaces/:ws/stickers': ws('viewer'),

  'GET /api/v1/workspaces/:ws/test-recipients': ws('viewer'),
  'POST /api/v1/workspaces/:ws/test-recipients': ws('marketer'),
  'DELETE /api/v1/workspaces/:ws/test-recipients/:id': ws('marketer', 'test-recipient'),

  'GET /api/v1/workspaces/:ws/segments': ws('viewer'),
  'POST /api/v1/workspaces/:ws/segments': ws('marketer'),
  'GET /api/v1/workspaces/:ws/segments/:id': ws('viewer', 'segment'),
  'PATCH /api/v1/workspaces/:ws/segments/:id': ws('marketer', 'segment'),
  'DELETE /api/v1/workspaces/:ws/segments/:id': ws('marketer', 'segment'),
  'GET /api/v1/workspaces/:ws/segments/:id/reach': ws('viewer', 'segment'),
  'POST /api/v1/workspaces/:ws/reach': ws('viewer'),
  'GET /api/v1/workspaces/:ws/line-accounts': ws('viewer'),
  'GET /api/v1/workspaces/:ws/parent-segments': ws('viewer'),

  // Administration.
  'GET /api/v1/line-accounts': admin,
  'POST /api/v1/line-accounts': admin,
  'GET /api/v1/line-accounts/:id': admin,
  'PATCH /api/v1/line-accounts/:id': admin,
  'DELETE /api/v1/line-accounts/:id': admin,
  'PUT /api/v1/line-accounts/:id/workspaces': admin,
  'POST /api/v1/line-accounts/:id/verify': admin,
  'GET /api/v1/parent-segments': admin,
  'POST /api/v1/parent-segments': admin,
  'GET /api/v1/parent-segments/:id': admin,
  'PATCH /api/v1/parent-segments/:id': admin,
  'DELETE /api/v1/parent-segments/:id': admin,
  'PUT /api/v1/parent-segments/:id/workspaces': admin,
  'GET /api/v1/parent-segments/:id/profiles': admin,
  'POST /api/v1/parent-segments/:id/import': admin,
  'GET /api/v1/users': admin,
  'POST /api/v1/users': admin,
  'GET /api/v1/users/:id': admin,
  'PATCH /api/v1/users/:id': admin,

  // Oneself.
  'GET /api/v1/me': self,
  'GET /api/v1/api-keys': self,
  'POST /api/v1/api-keys': { kind: 'self', attack: 'key-for-another' },
  'DELETE /api/v1/api-keys/:id': { kind: 'self', attack: 'revoke-anothers-key' },
  'GET /api/v1/session': self,
  'PUT /api/v1/users/:id/password': { kind: 'self', attack: 'anothers-password' },

  // Public by design.
  'POST /api/v1/session': pub('sign-in with email and password (throttled)'),
  'DELETE /api/v1/session': pub('sign-out; ends the session it is sent with, if any'),
  'GET /healthz': pub('load balancer health check; answers only ok and the engine'),
  'GET /c/:token': pub('click redirect in LINE messages; the token is the capability'),
  'GET /c/*': pub('what the click redirect cannot match (too long, more segments): its text 404, not a link'),
  'GET /m/:hash/:variant': pub('media files LINE fetches for image and video messages; the SHA-256 of the file is the address'),
  'GET /m/:hash/imagemap/:width': pub('imagemap images LINE fetches at baseUrl/{width}; the SHA-256 of the file is the address'),
  'POST /webhooks/line/:lineAccountId': pub('LINE webhook; authenticated by the channel-secret signature'),
  'GET /*': pub('the web UI (index.html for client routes); server paths answer 404 JSON'),
  'GET /docs': pub('API reference (Swagger UI)'),
  'GET /docs/': pub('API reference (Swagger UI); registered as HEAD only, GET is answered by /docs'),
  'GET /docs/static/index.html': pub('API reference (Swagger UI)'),
  'GET /docs/static/swagger-initializer.js': pub('API reference (Swagger UI)'),
  'GET /docs/json': pub('the OpenAPI document'),
  'GET /docs/yaml': pub('the OpenAPI document'),
  'GET /docs/static/*': pub('Swagger UI assets'),
};

/** Files of the built web UI (served when web/dist exists): public static assets, never API paths. */
export const STATIC_UI_FILE =
  /^\/(?!api\/|c\/|m\/|webhooks\/|docs\/|_emulator\/)[\w.@/-]+\.(?:html|js|css|svg|png|ico|txt|json|webmanifest|woff2?|map)$/;

/** The declaration of a registered route (HEAD follows GET), or null when it has none. */
export function classOf(method: string, url: string): RouteClass | null {
  const m = method === 'HEAD' ? 'GET' : method;
  const declared = ROUTES[`${m} ${url}`];
  if (declared) return declared;
  if (m === 'GET' && STATIC_UI_FILE.test(url)) return pub('built web UI file');
  return null;
}
