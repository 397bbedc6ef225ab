/** Posts' public API: what admin, webhooks' automations and the tests reach it through. */
export { PostsModule } from './posts.module';
export { type PostOrigin, PostsService } from './posts.service';
export { CreatePostDto } from './dto/create-post.dto';
export {
  CreatedPostDto,
  OwnedPostDto,
  OwnedPostListDto,
  PostListDto,
  PostSubmissionDto,
} from './dto/post-response.dto';
export { SubmissionSearchQuery } from './dto/submission-search.query';
export { MissingIntegrationsError, PostNotFoundError } from './posts.errors';
export { parseTargets, type TargetRequest } from './targeting/parse-targets';
export { resolveTargets } from './targeting/resolve-targets';
