import { Resvg } from '@resvg/resvg-js';
import { plainToInstance } from 'class-transformer';
import satori from 'satori';
import { parentPort } from 'node:worker_threads';
import { OPEN_GRAPH, FontSet, tweetImage, TweetImageConfig } from '../src/modules/templates';

/**
 * The benchmark's baseline: the same markup through satori and resvg directly, with the same
 * fonts, on one thread of its own, so its garbage never lands on the heap of the server measured
 * next to it. Gets a tweet config, answers when the PNG is made.
 */
const fonts = new FontSet().primary;
const port = parentPort!;

port.on('message', (config: Record<string, string>) => {
  void (async () => {
    const markup = tweetImage.markup(plainToInstance(TweetImageConfig, config), OPEN_GRAPH, {});
    const svg = await satori(markup as Parameters<typeof satori>[0], { ...OPEN_GRAPH, fonts });
    new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng();
    port.postMessage('done');
  })();
});
