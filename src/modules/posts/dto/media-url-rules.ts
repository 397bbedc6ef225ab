/** How the post bodies check their media fields, shared by the content and its overrides. */
export const URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
};
export const urlMessage = { message: 'Invalid URL format' };
export const urlEachMessage = { each: true, message: 'Invalid URL format' };
export const MAX_MEDIA = 35;
