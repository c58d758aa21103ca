import { z } from 'zod';
import { IMPORT_ENCODINGS } from '../domain/locales.ts';
import { Group, SegmentRule } from './segment.ts';
import { Text, patchOf } from './common.ts';
import { bigintCursor } from './cursor.ts';

export const FollowStatus = z.enum(['following', 'unfollowed', 'unknown']);
export type FollowStatus = z.infer<typeof FollowStatus>;

export const ParentSegment = z.object({
  id: z.uuid(),
  name: z.string(),
  workspaceIds: z.array(z.uuid()),
  /** All profiles, and those with a well-formed LINE user ID. */
  profileCount: z.number().int(),
  withLineUserIdCount: z.number().int(),
  createdAt: z.string(),
});
export type ParentSegment = z.infer<typeof ParentSegment>;

export const ParentSegmentInput = z.object({
  name: Text.trim().min(1, 'name is required').max(200),
  workspaceIds: z.array(z.uuid()).max(1000).default([]),
});
export type ParentSegmentInput = z.infer<typeof ParentSegmentInput>;
export const ParentSegmentPatch = patchOf(ParentSegmentInput);
export type ParentSegmentPatch = z.infer<typeof ParentSegmentPatch>;

export const Profile = z.object({
  id: z.number().int(),
  customerKey: z.string(),
  lineUserId: z.string().nullable(),
  followStatus: FollowStatus,
  attributes: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});
export type Profile = z.infer<typeof Profile>;

export const ProfileListQuery = z.object({
  cursor: bigintCursor().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  q: Text.trim().max(200).optional(),
});

const columnName = Text.trim().min(1).max(200);
export const ImportQuery = z.object({
  keyColumn: columnName.default('customer_key'),
  lineUserIdColumn: columnName.default('line_user_id'),
  followStatusColumn: columnName.default('follow_status'),
  /** CSV only: one character; tab may be given as `\t` or `tab`. */
  delimiter: Text.min(1).max(3).default(','),
  /** Text encoding: auto tells UTF-8 (with or without BOM) from Shift_JIS (what Excel in Japan saves). */
  encoding: z.enum(IMPORT_ENCODINGS).default('auto'),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

/** A skipped row: its line, the English message, and the code + params a UI shows in the user's language. */
export const ImportRejection = z.object({
  line: z.number().int(),
  message: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export const ImportResult = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  /** Rows whose values equal what is stored already (not rewritten). */
  unchanged: z.number().int(),
  rejected: z.array(ImportRejection),
  rejectedCount: z.number().int(),
  /** The encoding the file was read in (detected, or as asked). */
  encoding: z.enum(['utf-8', 'shift_jis']).optional(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const Segment = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  parentSegmentId: z.uuid(),
  name: z.string(),
  // Responses use the tree as is: SegmentRule's depth check is a preprocess, which zod cannot run backwards.
  rule: Group,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Segment = z.infer<typeof Segment>;

export const SegmentInput = z.object({
  name: Text.trim().min(1, 'name is required').max(200),
  parentSegmentId: z.uuid(),
  rule: SegmentRule.default({ type: 'group', op: 'and', children: [] }),
});
export type SegmentInput = z.infer<typeof SegmentInput>;
export const SegmentPatch = patchOf(SegmentInput);
export type SegmentPatch = z.infer<typeof SegmentPatch>;

export const ReachRequest = z.object({ parentSegmentId: z.uuid(), rule: SegmentRule });

export const SampleProfile = Profile.omit({ updatedAt: true });
export const Reach = z.object({
  profiles: z.number().int(),
  withLineUserId: z.number().int(),
  following: z.number().int(),
  excluded: z.object({
    missing_recipient_id: z.number().int(),
    unfollowed: z.number().int(),
    duplicate_recipient: z.number().int(),
  }),
  sample: z.array(SampleProfile),
});
export type Reach = z.infer<typeof Reach>;
