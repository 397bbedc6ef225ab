import type { PublishMedia } from '../platform-connector';

/** How Instagram and Threads spell the same container model. */
export interface ContainerDialect {
  /** `media` (Instagram) or `threads`. */
  createEdge: string;
  /** `media_publish` or `threads_publish`. */
  publishEdge: string;
  /** The container field holding its state: `status_code` (Instagram) or `status` (Threads). */
  statusField: string;
  /** The field explaining an ERROR: `status` (Instagram) or `error_message` (Threads). */
  errorField: string;
  /** `caption` or `text`. */
  textField: string;
  /** The account's user id in the account metadata. */
  userIdKey: string;
  /** A container of one item (no media: text-only, where allowed). */
  singleParams(media: PublishMedia | undefined): Record<string, string>;
  /** A carousel child (`is_carousel_item` is added). */
  carouselItemParams(media: PublishMedia): Record<string, string>;
  /**
   * Fields of the container that is published (single or carousel), never of its items: a
   * reply's `reply_to_id`.
   */
  containerParams?: Record<string, string>;
}
