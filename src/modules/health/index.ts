/** The health module's public API. */
export { HealthModule } from './health.module';
