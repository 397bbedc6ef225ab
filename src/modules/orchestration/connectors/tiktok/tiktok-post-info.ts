import type { TiktokPrivacyLevel } from '../../../posts/platform-options';
import { PublishError } from '../platform-connector';

/** The chosen level, checked against the creator's options; without one, public when offered. */
export function choosePrivacy(chosen: TiktokPrivacyLevel | undefined, offered: string[]): string {
  if (chosen) {
    if (offered.length > 0 && !offered.includes(chosen)) {
      throw new PublishError(
        'permanent',
        'privacy_level_option_mismatch',
        `TikTok: this creator cannot post ${chosen}; their options are ${offered.join(', ')}`,
      );
    }
    return chosen;
  }
  if (offered.length === 0 || offered.includes('PUBLIC_TO_EVERYONE')) {
    return 'PUBLIC_TO_EVERYONE';
  }
  return offered.includes('SELF_ONLY') ? 'SELF_ONLY' : offered[0];
}
