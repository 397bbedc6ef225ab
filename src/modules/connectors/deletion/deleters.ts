import { FacebookDeleter } from '../facebook/facebook-deleter';
import { LinkedinDeleter } from '../linkedin/linkedin-deleter';
import { ThreadsDeleter } from '../threads/threads-deleter';
import { XDeleter } from '../x/x-deleter';
import { YoutubeDeleter } from '../youtube/youtube-deleter';

/** The platforms whose API deletes a published post (see DELETION_UNSUPPORTED for the others). */
export const DELETERS = [
  XDeleter,
  FacebookDeleter,
  ThreadsDeleter,
  LinkedinDeleter,
  YoutubeDeleter,
];
