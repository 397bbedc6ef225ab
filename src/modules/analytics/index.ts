/** The analytics module's public API: per-post metrics, collected and served. */
export { AnalyticsModule } from './analytics.module';
