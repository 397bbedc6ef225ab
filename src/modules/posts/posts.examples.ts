/** The v1 reference's POST /v1/posts examples, for the OpenAPI document. */
export const CREATE_POST_EXAMPLES: Record<string, { summary: string; value: unknown }> = {
  firstPost: {
    summary: 'Your first request',
    value: { post: { content: { text: 'Hello from the Soku API!', platform: ['x'] } } },
  },
  textToXAndThreads: {
    summary: 'Text post to X and Threads',
    value: { post: { content: { text: 'Hello from the API!', platform: ['x', 'threads'] } } },
  },
  imageToInstagram: {
    summary: 'Image post to Instagram',
    value: {
      post: {
        content: {
          text: 'Check out this photo!',
          imageUrls: ['https://example.com/photo.jpg'],
          platform: [{ platform: 'instagram', accountId: 'ig_creator_main' }],
        },
      },
    },
  },
  videoToTikTokAndYouTube: {
    summary: 'Video post to TikTok and YouTube',
    value: {
      post: {
        content: {
          text: 'New video is live!',
          videoUrl: 'https://example.com/video.mp4',
          platform: [
            { platform: 'tiktok', accountId: 'tt_creator' },
            { platform: 'youtube', accountId: 'yt_channel' },
          ],
        },
      },
    },
  },
  multiAccount: {
    summary: 'Multi-account posting',
    value: {
      post: {
        content: {
          text: 'Exciting announcement!',
          imageUrls: ['https://example.com/image.jpg'],
          platform: [
            { platform: 'instagram', accountId: 'ig_personal' },
            { platform: 'instagram', accountId: 'ig_business' },
            { platform: 'facebook', accountId: 'fb_page_main' },
          ],
        },
      },
    },
  },
  scheduled: {
    summary: 'Scheduled post',
    value: {
      post: { content: { text: 'Good morning!', platform: ['x', 'threads'] } },
      scheduledTime: '2025-09-01T08:00:00Z',
    },
  },
  withAutomations: {
    summary: 'Post with automation workflows',
    value: {
      post: {
        content: {
          text: 'New content dropping!',
          videoUrl: 'https://example.com/video.mp4',
          platform: ['x'],
        },
      },
      enableRepurposing: true,
    },
  },
};
