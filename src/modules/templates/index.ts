/** The templates module's public API. */
export { TemplatesModule } from './templates.module';
export { TemplatesService, type RenderRequest, type RenderedImage } from './templates.service';
export { ASPECT_RATIOS, type AspectRatio, OPEN_GRAPH } from './render/canvas';
// The render benchmark compares a bare satori render of one template against the module's.
export { FontSet } from './render/font-set';
export { tweetImage, TweetImageConfig } from './templates/tweet-image.template';
