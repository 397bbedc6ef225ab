import type { FakeX } from './fake-x';
import type { FakeReply, RouteHandler } from './platform-server';

/**
 * `DELETE /2/tweets/{id}` (https://docs.x.com/x-api/posts/delete-post, "Delete Post"): the
 * account's post goes, answering `{"data":{"deleted":true}}`; an id X does not know is a 404
 * "Not Found Error".
 */
export function xDeleteRoutes(
  fake: FakeX,
  authed: (handler: RouteHandler) => RouteHandler,
): [string, RouteHandler][] {
  const handler = (_call: unknown, [id]: string[]): FakeReply => {
    const index = fake.tweets.findIndex((tweet) => tweet.id === id);
    if (index < 0) {
      return {
        status: 404,
        body: { title: 'Not Found Error', detail: `Could not find tweet with id: [${id}].` },
      };
    }
    fake.tweets.splice(index, 1);
    return { status: 200, body: { data: { deleted: true } } };
  };
  return [['DELETE /2/tweets/:id', authed(handler)]];
}
