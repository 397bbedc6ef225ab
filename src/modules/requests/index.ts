/** The requests module's public API: the request log's module and the middleware that feeds it. */
export { RequestsModule } from './requests.module';
export { RequestLogMiddleware } from './request-log.middleware';
