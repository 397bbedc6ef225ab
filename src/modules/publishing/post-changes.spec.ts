import { postChanges } from './post-changes';
import type { PostView } from './post-view';

const post = (scheduledTime: string, content: Record<string, unknown>): PostView => ({
  id: '3f2b8c1e-9a4d-4c55-8e0f-2b6f1d7a9c10',
  status: 'queued',
  outcome: 'pending',
  scheduledTime,
  mediaType: 'text',
  content,
  enableRepurposing: false,
  origin: null,
  createdAt: '2026-12-07T09:00:00.000Z',
  updatedAt: '2026-12-07T09:00:00.000Z',
  runs: [],
});

describe('postChanges', () => {
  it('should name each changed field with its value before and after, in table order', () => {
    const before = post('2026-12-08T10:00:00.000Z', { text: 'a', imageUrls: ['https://a/1.jpg'] });
    const after = post('2026-12-08T11:30:00.000Z', {
      text: 'b',
      videoUrl: 'https://a/v.mp4',
      thread: [{ text: 'two' }],
      firstComment: { text: 'link' },
      platformOverrides: { x: { text: 'x' } },
    });
    expect(postChanges(before, after)).toEqual([
      { field: 'scheduledTime', from: before.scheduledTime, to: after.scheduledTime },
      { field: 'text', from: 'a', to: 'b' },
      {
        field: 'media',
        from: { imageUrls: ['https://a/1.jpg'] },
        to: { videoUrl: 'https://a/v.mp4' },
      },
      { field: 'overrides', from: null, to: { x: { text: 'x' } } },
      { field: 'thread', from: null, to: [{ text: 'two' }] },
      { field: 'firstComment', from: null, to: { text: 'link' } },
    ]);
  });

  it('should find no change when only the key order of the stored content differs', () => {
    const before = post('2026-12-08T10:00:00.000Z', {
      text: 'a',
      platformOverrides: { x: { text: 'x', mediaIds: ['m'] } },
    });
    const after = post('2026-12-08T10:00:00.000Z', {
      platformOverrides: { x: { mediaIds: ['m'], text: 'x' } },
      text: 'a',
    });
    expect(postChanges(before, after)).toEqual([]);
  });
});
