import type { TiktokPrivacyLevel } from '../platform-options';
import { PublishError } from '../platform-connector';
import { asString } from '../platform-http';

/**
 * The privacy level to post at. TikTok's content sharing guidelines
 * (https://developers.tiktok.com/doc/content-sharing-guidelines, "Direct Post API - Developer
 * Guidelines") require the user's explicit choice among creator_info's options, never a public
 * default: without a choice the post goes SELF_ONLY (seen by the creator only). An app TikTok has
 * not audited may only post SELF_ONLY (same page, "Private Viewership").
 */
export function choosePrivacy(
  chosen: TiktokPrivacyLevel | undefined,
  offered: string[],
  appAudited: boolean,
): string {
  const level = chosen ?? 'SELF_ONLY';
  if (!appAudited && level !== 'SELF_ONLY') {
    throw new PublishError(
      'permanent',
      'unaudited_app_private_only',
      `TikTok: this app is not audited by TikTok, so it may only post SELF_ONLY, not ${level} (set SOKU_TIKTOK_APP_AUDITED=true once TikTok has audited it)`,
    );
  }
  if (offered.length > 0 && !offered.includes(level)) {
    throw new PublishError(
      'permanent',
      chosen ? 'privacy_level_option_mismatch' : 'privacy_level_required',
      chosen
        ? `TikTok: this creator cannot post ${chosen}; their options are ${offered.join(', ')}`
        : `TikTok: choose options.tiktok.privacyLevel among this creator's options: ${offered.join(', ')}`,
    );
  }
  return level;
}

/**
 * Comments, duets and stitches are off unless the post turns them on, and stay off when the
 * creator disabled them (content sharing guidelines: interactions are not enabled by default).
 */
export function interactionDisabled(asked: boolean | undefined, creatorDisabled: boolean): boolean {
  return creatorDisabled || (asked ?? true);
}

/** What the mandatory creator_info query said, kept with the run. */
export interface CreatorInfo {
  username: string | null;
  privacyLevels: string[];
  maxVideoSeconds: number | null;
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
}

export function parseCreatorInfo(data: Record<string, unknown>): CreatorInfo {
  return {
    username: asString(data.creator_username) ?? null,
    privacyLevels: Array.isArray(data.privacy_level_options)
      ? data.privacy_level_options.filter((v): v is string => typeof v === 'string')
      : [],
    maxVideoSeconds:
      typeof data.max_video_post_duration_sec === 'number'
        ? data.max_video_post_duration_sec
        : null,
    commentDisabled: data.comment_disabled === true,
    duetDisabled: data.duet_disabled === true,
    stitchDisabled: data.stitch_disabled === true,
  };
}
