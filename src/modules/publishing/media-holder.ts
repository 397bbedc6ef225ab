/** The holder name under which a submission claims its media (see MediaService.acquireUsage). */
export const mediaHolder = (submissionId: string) => `post:${submissionId}`;
